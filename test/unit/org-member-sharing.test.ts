import { describe, expect, it } from 'vitest';
import { MemberSharing } from '../../src/domain/org-member-sharing.js';
import { judgeMember } from '../../src/domain/org-status.js';
import type { ReportedFeature } from '../../src/domain/features.js';
import type { CoverageEntry } from '../../src/domain/status-model.js';

const features = (audit: string): ReportedFeature[] => [
  { Name: 'EKS_AUDIT_LOGS', Status: audit },
  { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
];
const cluster = (name: string) => ({ clusterName: name, accountId: null, coverageStatus: `${'HEALTHY'}`, issue: null, addonVersion: 'v1', addonStatus: null, managementType: 'AUTO_MANAGED', coveredNodes: 3, compatibleNodes: 3 });

describe('MemberSharing', () => {
  it('members with the same features, status and reason share one copy of each; every value stays as judged', () => {
    const sharing = new MemberSharing();
    const judged = ['111111111111', '222222222222', '333333333333'].map((id, i) =>
      judgeMember({ accountId: id, relationshipStatus: ['En', 'abled'].join(''), features: features(i < 2 ? 'ENABLED' : 'DISABLED'), coverage: [cluster(`c${i}`)] }),
    );
    const before = JSON.stringify(judged);
    const [a, b, c] = judged.map((m) => sharing.member(m)) as [ReturnType<typeof judgeMember>, ReturnType<typeof judgeMember>, ReturnType<typeof judgeMember>];
    expect(JSON.stringify([a, b, c])).toBe(before);
    expect(a.features).toBe(b.features);
    expect(a.features).not.toBe(c.features);
    expect(a.reason).toBe(b.reason);
  });

  it('keeps the JSON field order of a member (the report is written as it is)', () => {
    const m = judgeMember({ accountId: '1', relationshipStatus: 'Enabled', detectorId: 'd', features: features('ENABLED'), coverage: [] });
    expect(Object.keys(new MemberSharing().member(m))).toEqual(['accountId', 'relationshipStatus', 'detectorId', 'verdict', 'reason', 'features', 'clusters']);
  });
});

describe('MemberSharing.coverage', () => {
  it('keeps what a member report shows of a coverage entry, repeated values shared: the member is judged the same', () => {
    const sharing = new MemberSharing();
    const entry = (name: string) => ({
      clusterName: name,
      accountId: `${'123456789012'}`,
      coverageStatus: ['UN', 'HEALTHY'].join(''),
      issue: ['No Agent ', 'Reporting'].join(''),
      addonVersion: ['v1.', '7'].join(''),
      addonStatus: 'ACTIVE',
      managementType: ['MAN', 'UAL'].join(''),
      coveredNodes: 0,
      compatibleNodes: 2,
    });
    const full = [entry('b'), entry('a')];
    const kept = full.map((e) => sharing.coverage(e));
    expect(kept[0]).toEqual({ ...full[0], accountId: null, addonStatus: null });
    for (const field of ['coverageStatus', 'issue', 'addonVersion', 'managementType'] as const) expect(kept[0]?.[field]).toBe(kept[1]?.[field]);
    const facts = (coverage: CoverageEntry[]) => ({ accountId: '123456789012', relationshipStatus: 'Enabled', features: features('ENABLED'), coverage });
    expect(judgeMember(facts(kept))).toEqual(judgeMember(facts(full)));
  });
});
