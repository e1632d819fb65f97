import { DetectorFeature } from '@aws-sdk/client-guardduty';
import { describe, expect, it } from 'vitest';
import { EKS_RUNTIME_DEPRECATED, featureFileNotes, planEnable, type CurrentDetector } from '../../src/domain/enable-plan.js';
import type { DesiredFeature } from '../../src/domain/features.js';

const desired: DesiredFeature[] = [
  { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
  { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
];
const opts = { onlyListed: false, resume: false };

function detector(features: CurrentDetector['features'], extra: Partial<CurrentDetector> = {}): CurrentDetector {
  return { detectorId: 'd1', status: 'ENABLED', findingPublishingFrequency: 'SIX_HOURS', features, ...extra };
}

describe('planEnable: no detector yet', () => {
  it('creates the detector with the file\'s features and warns which unnamed features GuardDuty will switch on', () => {
    const plan = planEnable(null, desired, opts);
    expect(plan.action).toBe('create');
    if (plan.action !== 'create') return;
    expect(plan.request).toEqual({ Enable: true, Features: desired });
    expect(plan.changes).toContainEqual({ target: 'EKS_AUDIT_LOGS', from: null, to: 'ENABLED' });
    expect(plan.changes).toContainEqual({ target: 'EKS_RUNTIME_MONITORING/EKS_ADDON_MANAGEMENT', from: null, to: 'ENABLED' });
    const note = plan.notes.join('\n');
    expect(note).toMatch(/GuardDuty would also turn on .*S3_DATA_EVENTS/);
    expect(note).toMatch(/--only-listed/);
    expect(note).not.toMatch(/EKS_AUDIT_LOGS,/);
    // Once created, the note says what happened; --only-listed no longer helps.
    const applied = plan.appliedNotes.join('\n');
    expect(applied).toMatch(/GuardDuty also turned on .*S3_DATA_EVENTS/);
    expect(applied).not.toMatch(/--only-listed|would/);
  });

  it('--only-listed sends the other optional features as DISABLED, never the conflicting runtime feature', () => {
    const plan = planEnable(null, desired, { ...opts, onlyListed: true });
    if (plan.action !== 'create') throw new Error('expected create');
    const names = plan.request.Features.map((f) => `${f.Name}=${f.Status}`);
    expect(names.slice(0, 2)).toEqual(['EKS_AUDIT_LOGS=ENABLED', 'EKS_RUNTIME_MONITORING=ENABLED']);
    for (const name of ['S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS']) {
      expect(names).toContain(`${name}=DISABLED`);
      // ...and the plan shows each as staying DISABLED.
      expect(plan.changes).toContainEqual({ target: name, from: null, to: 'DISABLED' });
    }
    expect(names.some((n) => n.startsWith('RUNTIME_MONITORING'))).toBe(false);
  });

  it('every optional feature CreateDetector turns on is a change of the plan, from the SDK\'s feature list', () => {
    const plan = planEnable(null, desired, opts);
    if (plan.action !== 'create') throw new Error('expected create');
    const defaultsOn = Object.values(DetectorFeature).filter(
      (n) => !['EKS_AUDIT_LOGS', 'EKS_RUNTIME_MONITORING', 'RUNTIME_MONITORING', 'AI_ANALYST'].includes(n),
    );
    expect(defaultsOn).toEqual(expect.arrayContaining(['S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS']));
    for (const name of defaultsOn) expect(plan.changes).toContainEqual({ target: name, from: null, to: 'ENABLED' });
    // GuardDuty's default, not a feature gdeks sends: the request stays the file's.
    expect(plan.request.Features.map((f) => f.Name)).toEqual(['EKS_AUDIT_LOGS', 'EKS_RUNTIME_MONITORING']);
    // RUNTIME_MONITORING stays off on create (and conflicts with the file's EKS_RUNTIME_MONITORING): no row.
    expect(plan.changes.map((c) => c.target)).not.toContain('RUNTIME_MONITORING');
  });

  it('includes the publishing frequency when asked', () => {
    const plan = planEnable(null, desired, { ...opts, frequency: 'FIFTEEN_MINUTES' });
    if (plan.action !== 'create') throw new Error('expected create');
    expect(plan.request.FindingPublishingFrequency).toBe('FIFTEEN_MINUTES');
  });
});

describe('planEnable: existing detector', () => {
  it('is unchanged when every listed setting already matches, whatever else is on', () => {
    const plan = planEnable(
      detector([
        { Name: 'CLOUD_TRAIL', Status: 'ENABLED' },
        { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
        { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
        { Name: 'AI_SOMETHING_NEW', Status: 'ENABLED' },
      ]),
      desired,
      opts,
    );
    expect(plan.action).toBe('unchanged');
  });

  it('sends only the features that differ, never switching off one the file does not mention', () => {
    const plan = planEnable(
      detector([
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
        { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
        { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
      ]),
      desired,
      opts,
    );
    if (plan.action !== 'update') throw new Error('expected update');
    expect(plan.changes).toEqual([{ target: 'EKS_AUDIT_LOGS', from: 'DISABLED', to: 'ENABLED' }]);
    expect(plan.request).toEqual({ DetectorId: 'd1', Features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }] });
  });

  it('a changed additional configuration sends its feature with the whole additional configuration', () => {
    const plan = planEnable(
      detector([
        { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
        {
          Name: 'EKS_RUNTIME_MONITORING',
          Status: 'ENABLED',
          AdditionalConfiguration: [
            { Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED' },
            { Name: 'FUTURE_CONFIG', Status: 'ENABLED' },
          ],
        },
      ]),
      desired,
      opts,
    );
    if (plan.action !== 'update') throw new Error('expected update');
    expect(plan.changes).toEqual([{ target: 'EKS_RUNTIME_MONITORING/EKS_ADDON_MANAGEMENT', from: 'DISABLED', to: 'ENABLED' }]);
    expect(plan.request.Features).toEqual([
      {
        Name: 'EKS_RUNTIME_MONITORING',
        Status: 'ENABLED',
        AdditionalConfiguration: [
          { Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' },
          { Name: 'FUTURE_CONFIG', Status: 'ENABLED' },
        ],
      },
    ]);
  });

  it('a feature without AdditionalConfiguration in the file keeps the current add-on setting when it is re-sent', () => {
    const plan = planEnable(
      detector([{ Name: 'EKS_RUNTIME_MONITORING', Status: 'DISABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] }]),
      [{ Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' }],
      opts,
    );
    if (plan.action !== 'update') throw new Error('expected update');
    expect(plan.request.Features).toEqual([
      { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
    ]);
  });

  it('a suspended detector is drift (Status SUSPENDED → ENABLED), and re-enabled only with --resume', () => {
    const features = [
      { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
      { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
    ];
    const suspended = detector(features, { status: 'DISABLED' });
    const plain = planEnable(suspended, desired, opts);
    if (plain.action !== 'update') throw new Error('expected update');
    expect(plain.changes).toEqual([{ target: 'Status', from: 'SUSPENDED', to: 'ENABLED' }]);
    expect(plain.staysSuspended).toBe(true);
    expect(plain.request).toEqual({ DetectorId: 'd1' });
    expect(plain.notes.join(' ')).toMatch(/suspended.*--resume/);
    const resumed = planEnable(suspended, desired, { ...opts, resume: true });
    if (resumed.action !== 'update') throw new Error('expected update');
    expect(resumed.staysSuspended).toBe(false);
    expect(resumed.request).toEqual({ DetectorId: 'd1', Enable: true });
    expect(resumed.changes).toEqual([{ target: 'Status', from: 'SUSPENDED', to: 'ENABLED' }]);
  });

  it('plans the publishing frequency only when it differs', () => {
    const current = detector([{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }], { findingPublishingFrequency: 'ONE_HOUR' });
    const same = planEnable(current, [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }], { ...opts, frequency: 'ONE_HOUR' });
    expect(same.action).toBe('unchanged');
    const other = planEnable(current, [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }], { ...opts, frequency: 'FIFTEEN_MINUTES' });
    if (other.action !== 'update') throw new Error('expected update');
    expect(other.request).toEqual({ DetectorId: 'd1', FindingPublishingFrequency: 'FIFTEEN_MINUTES' });
  });

  it('warns when both runtime features would be on, and when the agent would be left unmanaged: conditional in the plan, present once applied', () => {
    const plan = planEnable(
      detector([{ Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] }]),
      [{ Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' }],
      opts,
    );
    const notes = plan.notes.join('\n');
    expect(notes).toMatch(/Both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING would be ENABLED/);
    expect(notes).toMatch(/EKS_RUNTIME_MONITORING would be on but EKS_ADDON_MANAGEMENT would not: GuardDuty would not install its agent/);
    expect(notes).not.toMatch(/ are ENABLED|is on but/);
    const applied = plan.appliedNotes.join('\n');
    expect(applied).toMatch(/Both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING are ENABLED/);
    expect(applied).toMatch(/EKS_RUNTIME_MONITORING is on but EKS_ADDON_MANAGEMENT is not: GuardDuty does not install its agent/);
  });

  it('a consequence that already holds is worded in the present, in a plan too', () => {
    const plan = planEnable(
      detector([
        { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
        { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
        { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
      ]),
      [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }],
      opts,
    );
    expect(plan.action).toBe('update');
    expect(plan.notes.join('\n')).toMatch(/Both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING are ENABLED/);
  });

  it('--only-listed on an existing detector is not ignored silently: a note says it applies only on create', () => {
    const plan = planEnable(detector([{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }]), desired, { ...opts, onlyListed: true });
    if (plan.action !== 'update') throw new Error('expected update');
    // Nothing the file does not name is switched off.
    expect(plan.request.Features?.map((f) => f.Name)).toEqual(['EKS_AUDIT_LOGS', 'EKS_RUNTIME_MONITORING']);
    expect(plan.notes.join('\n')).toMatch(/--only-listed applies only when a detector is created; detector d1 exists/);
    expect(planEnable(detector([]), desired, opts).notes.join('\n')).not.toMatch(/--only-listed applies/);
  });

  it('tolerates feature entries without names or with names the SDK does not know', () => {
    const plan = planEnable(detector([{}, { Name: 'BRAND_NEW_FEATURE', Status: 'WEIRD' }]), desired, opts);
    expect(plan.action).toBe('update');
  });
});

describe('featureFileNotes', () => {
  it('notes the deprecated EKS_RUNTIME_MONITORING only when the file enables it', () => {
    expect(featureFileNotes(desired)).toEqual([EKS_RUNTIME_DEPRECATED]);
    expect(featureFileNotes([{ Name: 'EKS_RUNTIME_MONITORING', Status: 'DISABLED' }])).toEqual([]);
    expect(featureFileNotes([{ Name: 'RUNTIME_MONITORING', Status: 'ENABLED' }])).toEqual([]);
  });
});
