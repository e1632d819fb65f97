import { describe, expect, it } from 'vitest';
import { parseAutoEnableLevel, planOrganization, type CurrentOrgConfig } from '../../src/domain/org-plan.js';
import type { DesiredFeature } from '../../src/domain/features.js';

const desired: DesiredFeature[] = [
  { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
  { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
];

function org(features: CurrentOrgConfig['features'], members?: string, extra: Partial<CurrentOrgConfig> = {}): CurrentOrgConfig {
  return { features, ...(members ? { autoEnableOrganizationMembers: members } : {}), ...extra };
}

const allNone = [
  { Name: 'S3_DATA_EVENTS', AutoEnable: 'NONE' },
  { Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NONE' },
  { Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NONE', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NONE' }] },
];

describe('planOrganization', () => {
  it('maps ENABLED to NEW by default, sends only the file\'s features, and always names AutoEnableOrganizationMembers', () => {
    const plan = planOrganization('d1', org(allNone, 'NONE'), desired);
    expect(plan.action).toBe('update');
    if (plan.action !== 'update') return;
    expect(plan.request).toEqual({
      DetectorId: 'd1',
      AutoEnableOrganizationMembers: 'NEW',
      Features: [
        { Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW' },
        { Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NEW', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NEW' }] },
      ],
    });
    expect(plan.changes).toEqual([
      { target: 'org:AutoEnableOrganizationMembers', from: 'NONE', to: 'NEW' },
      { target: 'org:EKS_AUDIT_LOGS', from: 'NONE', to: 'NEW' },
      { target: 'org:EKS_RUNTIME_MONITORING', from: 'NONE', to: 'NEW' },
      { target: 'org:EKS_RUNTIME_MONITORING/EKS_ADDON_MANAGEMENT', from: 'NONE', to: 'NEW' },
    ]);
    // Never the deprecated forms: the API refuses AutoEnable together with AutoEnableOrganizationMembers.
    expect(plan.request).not.toHaveProperty('AutoEnable');
    expect(plan.request).not.toHaveProperty('DataSources');
  });

  it('is unchanged when everything already matches', () => {
    const current = org(
      [
        { Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW' },
        { Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NEW', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NEW' }] },
      ],
      'NEW',
    );
    expect(planOrganization('d1', current, desired)).toEqual({ action: 'unchanged', changes: [], notes: [], appliedNotes: [] });
  });

  it('sends only the feature that differs, with its whole additional configuration, and the unchanged members level', () => {
    const current = org(
      [
        { Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW' },
        { Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NEW', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NONE' }] },
      ],
      'NEW',
    );
    const plan = planOrganization('d1', current, desired);
    expect(plan.action).toBe('update');
    if (plan.action !== 'update') return;
    expect(plan.changes).toEqual([{ target: 'org:EKS_RUNTIME_MONITORING/EKS_ADDON_MANAGEMENT', from: 'NONE', to: 'NEW' }]);
    expect(plan.request).toEqual({
      DetectorId: 'd1',
      AutoEnableOrganizationMembers: 'NEW',
      Features: [{ Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NEW', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NEW' }] }],
    });
  });

  it('without --auto-enable keeps an ALL someone chose (no downgrade to NEW); with it, the level is exact', () => {
    const current = org(
      [
        { Name: 'EKS_AUDIT_LOGS', AutoEnable: 'ALL' },
        { Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'ALL', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'ALL' }] },
      ],
      'ALL',
    );
    expect(planOrganization('d1', current, desired).action).toBe('unchanged');
    const exact = planOrganization('d1', current, desired, { level: 'NEW' });
    expect(exact.changes.map((c) => `${c.target}:${c.from}>${c.to}`)).toEqual([
      'org:AutoEnableOrganizationMembers:ALL>NEW',
      'org:EKS_AUDIT_LOGS:ALL>NEW',
      'org:EKS_RUNTIME_MONITORING:ALL>NEW',
      'org:EKS_RUNTIME_MONITORING/EKS_ADDON_MANAGEMENT:ALL>NEW',
    ]);
  });

  it('--auto-enable all sets ALL everywhere and says it reaches existing accounts within 24 hours', () => {
    const plan = planOrganization('d1', org(allNone, 'NONE'), desired, { level: 'ALL' });
    expect(plan.action).toBe('update');
    if (plan.action !== 'update') return;
    expect(plan.request.AutoEnableOrganizationMembers).toBe('ALL');
    expect(plan.request.Features?.map((f) => f.AutoEnable)).toEqual(['ALL', 'ALL']);
    expect(plan.notes.join('\n')).toMatch(/existing member accounts.*24 hours/);
  });

  it('maps DISABLED to NONE and explains that NONE does not switch anything off in existing accounts', () => {
    const current = org([{ Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW' }], 'NEW');
    const plan = planOrganization('d1', current, [{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }]);
    expect(plan.action).toBe('update');
    if (plan.action !== 'update') return;
    expect(plan.request).toEqual({ DetectorId: 'd1', AutoEnableOrganizationMembers: 'NEW', Features: [{ Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NONE' }] });
    expect(plan.notes.join('\n')).toMatch(/NONE would only stop auto-enabling: .* would keep it/);
    expect(plan.appliedNotes.join('\n')).toMatch(/NONE only stops auto-enabling: .* keep it/);
  });

  it('--auto-enable none maps ENABLED to NONE too, and says so', () => {
    const plan = planOrganization('d1', org(allNone, 'NEW'), desired, { level: 'NONE' });
    expect(plan.changes).toEqual([{ target: 'org:AutoEnableOrganizationMembers', from: 'NEW', to: 'NONE' }]);
    expect(plan.notes.join('\n')).toMatch(/--auto-enable none/);
  });

  it('a feature or members level never set reads as null in the diff', () => {
    const plan = planOrganization('d1', org([]), [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }]);
    expect(plan.changes).toEqual([
      { target: 'org:AutoEnableOrganizationMembers', from: null, to: 'NEW' },
      { target: 'org:EKS_AUDIT_LOGS', from: null, to: 'NEW' },
    ]);
  });

  it('keeps the current additional configuration the file does not name', () => {
    const current = org(
      [{ Name: 'RUNTIME_MONITORING', AutoEnable: 'NONE', AdditionalConfiguration: [
        { Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NONE' },
        { Name: 'EC2_AGENT_MANAGEMENT', AutoEnable: 'ALL' },
      ] }],
      'NEW',
    );
    const plan = planOrganization('d1', current, [
      { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
    ]);
    expect(plan.action === 'update' && plan.request.Features).toEqual([
      { Name: 'RUNTIME_MONITORING', AutoEnable: 'NEW', AdditionalConfiguration: [
        { Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NEW' },
        { Name: 'EC2_AGENT_MANAGEMENT', AutoEnable: 'ALL' },
      ] },
    ]);
  });

  it('warns when members get runtime monitoring without the managed add-on, and when the member limit is reached', () => {
    const plan = planOrganization('d1', org(allNone, 'NONE', { memberAccountLimitReached: true }), [
      { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED' }] },
    ]);
    const notes = plan.notes.join('\n');
    expect(notes).toMatch(/EKS_RUNTIME_MONITORING would be auto-enabled for members but EKS_ADDON_MANAGEMENT would not/);
    expect(notes).toMatch(/member account limit/);
    expect(plan.appliedNotes.join('\n')).toMatch(/EKS_RUNTIME_MONITORING is auto-enabled for members but EKS_ADDON_MANAGEMENT is not/);
  });

  it('words a plan\'s consequences in the conditional, unless they already hold; applied ones in the present', () => {
    // Runtime monitoring already auto-enabled without the add-on: true now, whatever the run does.
    const already = planOrganization(
      'd1',
      org([{ Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NONE' }, { Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NEW' }], 'NEW'),
      [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }, { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' }],
    );
    expect(already.notes.join('\n')).toMatch(/EKS_RUNTIME_MONITORING is auto-enabled for members but EKS_ADDON_MANAGEMENT is not/);
    const all = planOrganization('d1', org(allNone, 'NONE'), desired, { level: 'ALL' });
    expect(all.notes.join('\n')).toMatch(/ALL would also apply to existing member accounts/);
    expect(all.appliedNotes.join('\n')).toMatch(/ALL also applies to existing member accounts/);
  });

  it('points out when the administrator\'s own detector lacks what the file enables', () => {
    const plan = planOrganization('d1', org(allNone, 'NONE'), desired, {
      ownFeatures: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }, { Name: 'EKS_RUNTIME_MONITORING', Status: 'DISABLED' }],
    });
    expect(plan.notes.join('\n')).toMatch(/own detector does not have EKS_RUNTIME_MONITORING ENABLED/);
  });
});

describe('parseAutoEnableLevel', () => {
  it('accepts new, all and none in any case, and nothing else', () => {
    expect(parseAutoEnableLevel('new')).toBe('NEW');
    expect(parseAutoEnableLevel(' ALL ')).toBe('ALL');
    expect(parseAutoEnableLevel('None')).toBe('NONE');
    expect(parseAutoEnableLevel('existing')).toBeUndefined();
    expect(parseAutoEnableLevel('true')).toBeUndefined();
  });
});
