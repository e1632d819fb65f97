import type { DesiredFeature } from '../features/types.js';
import type { Frequency } from './frequency.js';

/** A feature as GetDetector reports it. Names are plain strings: GuardDuty adds features faster than SDKs ship. */
export interface CurrentFeature {
  Name?: string;
  Status?: string;
  AdditionalConfiguration?: Array<{ Name?: string; Status?: string }>;
}

export interface CurrentDetector {
  detectorId: string;
  status?: string;
  findingPublishingFrequency?: string;
  features: CurrentFeature[];
}

/** One setting that differs: `target` is a feature, `FEATURE/ADDITIONAL_CONFIG`, `FindingPublishingFrequency` or `Status`. */
export interface Change {
  target: string;
  from: string | null;
  to: string;
}

export interface EnableOptions {
  frequency?: Frequency;
  /** On create, switch off the optional features the file does not name (GuardDuty would turn them on). */
  onlyListed: boolean;
  /** Re-enable a suspended detector. */
  resume: boolean;
}

interface FeatureRequest {
  Name: string;
  Status: string;
  AdditionalConfiguration?: Array<{ Name: string; Status: string }>;
}

export type EnablePlan =
  | { action: 'create'; changes: Change[]; notes: string[]; request: { Enable: true; Features: FeatureRequest[]; FindingPublishingFrequency?: Frequency } }
  | { action: 'update'; detectorId: string; changes: Change[]; notes: string[]; request: { DetectorId: string; Enable?: true; Features?: FeatureRequest[]; FindingPublishingFrequency?: Frequency } }
  | { action: 'unchanged'; detectorId: string; changes: []; notes: string[] };

/**
 * Optional features that CreateDetector switches on when the request does not name them (API reference:
 * "any feature that is not specified in the API call gets enabled by default, with an exception to
 * RUNTIME_MONITORING"; EKS_RUNTIME_MONITORING has been seen both ways, so it is listed to be safe).
 */
export const ENABLED_BY_DEFAULT_ON_CREATE = [
  'S3_DATA_EVENTS',
  'EKS_AUDIT_LOGS',
  'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS',
  'LAMBDA_NETWORK_LOGS',
  'EKS_RUNTIME_MONITORING',
] as const;

const RUNTIME_PAIR = ['EKS_RUNTIME_MONITORING', 'RUNTIME_MONITORING'];

/** Pure: what `gdeks enable` must send to reach the desired features from the current detector (or none). */
export function planEnable(current: CurrentDetector | null, desired: readonly DesiredFeature[], options: EnableOptions): EnablePlan {
  return current ? planUpdate(current, desired, options) : planCreate(desired, options);
}

function planCreate(desired: readonly DesiredFeature[], options: EnableOptions): EnablePlan {
  const changes: Change[] = [{ target: 'Status', from: null, to: 'ENABLED' }];
  const features: FeatureRequest[] = [];
  for (const f of desired) {
    changes.push({ target: f.Name, from: null, to: f.Status });
    for (const a of f.AdditionalConfiguration ?? []) changes.push({ target: `${f.Name}/${a.Name}`, from: null, to: a.Status });
    features.push(copyFeature(f));
  }
  const named = new Set(desired.map((f) => f.Name));
  // Naming one of the runtime pair excludes the other: the API rejects a request with both.
  const unnamed = ENABLED_BY_DEFAULT_ON_CREATE.filter(
    (n) => !named.has(n) && !(RUNTIME_PAIR.includes(n) && RUNTIME_PAIR.some((p) => named.has(p))),
  );
  const notes: string[] = [];
  if (options.onlyListed) {
    for (const name of unnamed) {
      changes.push({ target: name, from: null, to: 'DISABLED' });
      features.push({ Name: name, Status: 'DISABLED' });
    }
  } else if (unnamed.length > 0) {
    notes.push(
      `GuardDuty also turns on the features this file does not name when it creates a detector (billed): ${unnamed.join(', ')}. ` +
        'Add --only-listed to create it with just the file\'s features.',
    );
  }
  if (options.frequency) changes.push({ target: 'FindingPublishingFrequency', from: null, to: options.frequency });
  notes.push(...runtimeNotes(finalState([], features)));
  return {
    action: 'create',
    changes,
    notes,
    request: { Enable: true, Features: features, ...(options.frequency ? { FindingPublishingFrequency: options.frequency } : {}) },
  };
}

function planUpdate(current: CurrentDetector, desired: readonly DesiredFeature[], options: EnableOptions): EnablePlan {
  const changes: Change[] = [];
  const notes: string[] = [];
  const byName = new Map(current.features.filter((f) => f.Name).map((f) => [f.Name as string, f]));
  const features: FeatureRequest[] = [];

  for (const f of desired) {
    const cur = byName.get(f.Name);
    const curStatus = cur?.Status ?? null;
    const before = changes.length;
    if (curStatus !== f.Status) changes.push({ target: f.Name, from: curStatus, to: f.Status });
    const curAdditional = new Map((cur?.AdditionalConfiguration ?? []).filter((a) => a.Name).map((a) => [a.Name as string, a.Status ?? null]));
    for (const a of f.AdditionalConfiguration ?? []) {
      const from = curAdditional.get(a.Name) ?? null;
      if (from !== a.Status) changes.push({ target: `${f.Name}/${a.Name}`, from, to: a.Status });
    }
    if (changes.length === before) continue;
    // Send the feature's whole additional configuration (current values overlaid with the file's): whether an
    // omitted list resets EKS_ADDON_MANAGEMENT is undocumented, so never leave it to chance.
    const merged = new Map<string, string>();
    for (const [name, status] of curAdditional) if (status) merged.set(name, status);
    for (const a of f.AdditionalConfiguration ?? []) merged.set(a.Name, a.Status);
    features.push({
      Name: f.Name,
      Status: f.Status,
      ...(merged.size > 0 ? { AdditionalConfiguration: [...merged].map(([Name, Status]) => ({ Name, Status })) } : {}),
    });
  }

  let enable: true | undefined;
  if (current.status === 'DISABLED') {
    if (options.resume) {
      changes.push({ target: 'Status', from: 'DISABLED', to: 'ENABLED' });
      enable = true;
    } else {
      notes.push(`Detector ${current.detectorId} is suspended (Status DISABLED): it monitors nothing until resumed. Add --resume to re-enable it.`);
    }
  }
  let frequency: Frequency | undefined;
  if (options.frequency && current.findingPublishingFrequency !== options.frequency) {
    changes.push({ target: 'FindingPublishingFrequency', from: current.findingPublishingFrequency ?? null, to: options.frequency });
    frequency = options.frequency;
  }
  notes.push(...runtimeNotes(finalState(current.features, features)));

  if (changes.length === 0) return { action: 'unchanged', detectorId: current.detectorId, changes: [], notes };
  return {
    action: 'update',
    detectorId: current.detectorId,
    changes,
    notes,
    request: {
      DetectorId: current.detectorId,
      ...(enable ? { Enable: enable } : {}),
      ...(features.length > 0 ? { Features: features } : {}),
      ...(frequency ? { FindingPublishingFrequency: frequency } : {}),
    },
  };
}

function copyFeature(f: DesiredFeature): FeatureRequest {
  return {
    Name: f.Name,
    Status: f.Status,
    ...(f.AdditionalConfiguration ? { AdditionalConfiguration: f.AdditionalConfiguration.map((a) => ({ Name: a.Name, Status: a.Status })) } : {}),
  };
}

/** Feature name → status and additional configuration, after the request is applied. */
function finalState(current: readonly CurrentFeature[], sent: readonly FeatureRequest[]): Map<string, { status: string; addon?: string }> {
  const state = new Map<string, { status: string; addon?: string }>();
  const put = (f: CurrentFeature | FeatureRequest) => {
    if (!f.Name) return;
    const addon = f.AdditionalConfiguration?.find((a) => a.Name === 'EKS_ADDON_MANAGEMENT')?.Status;
    state.set(f.Name, { status: f.Status ?? 'unknown', addon: addon ?? state.get(f.Name)?.addon });
  };
  current.forEach(put);
  sent.forEach(put);
  return state;
}

function runtimeNotes(state: Map<string, { status: string; addon?: string }>): string[] {
  const notes: string[] = [];
  const eks = state.get('EKS_RUNTIME_MONITORING');
  const unified = state.get('RUNTIME_MONITORING');
  if (eks?.status === 'ENABLED' && unified?.status === 'ENABLED') {
    notes.push(
      'Both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING are ENABLED: Runtime Monitoring already covers EKS, and the older feature keeps costing. ' +
        'Disable EKS_RUNTIME_MONITORING in a separate run.',
    );
  }
  for (const [name, f] of [['EKS_RUNTIME_MONITORING', eks], ['RUNTIME_MONITORING', unified]] as const) {
    if (f?.status === 'ENABLED' && f.addon !== 'ENABLED') {
      notes.push(
        `${name} is on but EKS_ADDON_MANAGEMENT is not: GuardDuty will not install its agent; each cluster needs the aws-guardduty-agent add-on ` +
          '(and a guardduty-data VPC endpoint) managed by you. `gdeks status` shows which clusters lack it.',
      );
    }
  }
  return notes;
}
