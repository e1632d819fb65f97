import { DetectorFeature } from '@aws-sdk/client-guardduty';
import type { DesiredFeature, Feature, ReportedFeature } from './features.js';
import type { Frequency } from './frequency.js';
import { isSuspended, RESUME_CHANGE } from './suspended.js';

export interface CurrentDetector {
  detectorId: string;
  status?: string;
  findingPublishingFrequency?: string;
  features: ReportedFeature[];
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

/**
 * `notes` word the consequences as a plan (what would happen: a dry run, --check, or a write that failed);
 * `appliedNotes` word the same consequences once the write has been made.
 */
export type EnablePlan =
  | { action: 'create'; changes: Change[]; notes: string[]; appliedNotes: string[]; request: { Enable: true; Features: Feature<string>[]; FindingPublishingFrequency?: Frequency } }
  | {
      action: 'update';
      detectorId: string;
      changes: Change[];
      notes: string[];
      appliedNotes: string[];
      /** The detector is suspended and --resume was not given: the write leaves it suspended, and the run fails. */
      staysSuspended: boolean;
      request: { DetectorId: string; Enable?: true; Features?: Feature<string>[]; FindingPublishingFrequency?: Frequency };
    }
  | { action: 'unchanged'; detectorId: string; changes: []; notes: string[]; appliedNotes: string[] };

/** Whether a note describes a plan (conditional) or a write that was made (past or present). */
type Tense = 'planned' | 'applied';

/**
 * One short line, the same everywhere: `validate` and `enable` say it of a file that asks for the feature,
 * `status` of a detector that has it.
 */
export const EKS_RUNTIME_DEPRECATED = 'EKS_RUNTIME_MONITORING is deprecated: use RUNTIME_MONITORING, which covers EKS too';

/** Pure: notes about the features file itself, whatever each region's detector holds. */
export function featureFileNotes(desired: readonly DesiredFeature[]): string[] {
  return desired.some((f) => f.Name === 'EKS_RUNTIME_MONITORING' && f.Status === 'ENABLED') ? [EKS_RUNTIME_DEPRECATED] : [];
}

/**
 * Features CreateDetector leaves off when the request does not name them: RUNTIME_MONITORING (API reference:
 * "any feature that is not specified in the API call gets enabled by default, with an exception to
 * RUNTIME_MONITORING") and AI_ANALYST (seen DISABLED on a bare create). EKS_RUNTIME_MONITORING has been seen
 * both ways, so it counts as switched on: the plan never hides a feature that may be billed.
 */
const OFF_ON_CREATE: readonly string[] = ['RUNTIME_MONITORING', 'AI_ANALYST'];

/** Optional features that CreateDetector switches on when the request does not name them: the SDK's feature list, so an SDK upgrade brings new ones. */
export const ENABLED_BY_DEFAULT_ON_CREATE: readonly string[] = Object.values(DetectorFeature).filter((n) => !OFF_ON_CREATE.includes(n));

const RUNTIME_PAIR = ['EKS_RUNTIME_MONITORING', 'RUNTIME_MONITORING'];

/** Pure: what `gdeks enable` must send to reach the desired features from the current detector (or none). */
export function planEnable(current: CurrentDetector | null, desired: readonly DesiredFeature[], options: EnableOptions): EnablePlan {
  return current ? planUpdate(current, desired, options) : planCreate(desired, options);
}

function planCreate(desired: readonly DesiredFeature[], options: EnableOptions): EnablePlan {
  const changes: Change[] = [{ target: 'Status', from: null, to: 'ENABLED' }];
  const features: Feature<string>[] = [];
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
  // Every optional feature the new detector will have is a row of the plan: GuardDuty's defaults are billed.
  for (const name of unnamed) {
    changes.push({ target: name, from: null, to: options.onlyListed ? 'DISABLED' : 'ENABLED' });
    if (options.onlyListed) features.push({ Name: name, Status: 'DISABLED' });
  }
  const defaultsOn = options.onlyListed ? [] : unnamed;
  const notesFor = (tense: Tense) => [...createNotes(defaultsOn, tense), ...runtimeNotes(finalState([], []), finalState([], features), tense)];
  if (options.frequency) changes.push({ target: 'FindingPublishingFrequency', from: null, to: options.frequency });
  return {
    action: 'create',
    changes,
    notes: notesFor('planned'),
    appliedNotes: notesFor('applied'),
    request: { Enable: true, Features: features, ...(options.frequency ? { FindingPublishingFrequency: options.frequency } : {}) },
  };
}

function planUpdate(current: CurrentDetector, desired: readonly DesiredFeature[], options: EnableOptions): EnablePlan {
  const changes: Change[] = [];
  const notes: string[] = [];
  const byName = new Map(current.features.filter((f) => f.Name).map((f) => [f.Name as string, f]));
  const features: Feature<string>[] = [];

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

  if (options.onlyListed) {
    // Not silently ignored: the flag only shapes a CreateDetector request.
    notes.push(
      `--only-listed applies only when a detector is created; detector ${current.detectorId} exists, so the features the file does not name ` +
        'are left as they are. To switch one off, list it in the file as DISABLED.',
    );
  }
  let enable: true | undefined;
  // Said before the write; once written, the DetectorSuspended error says it.
  const planOnlyNotes: string[] = [];
  const suspended = isSuspended(current.status);
  if (suspended) {
    // Drift whatever the flags: a suspended detector monitors nothing, so no plan may read "already matches".
    changes.unshift({ ...RESUME_CHANGE });
    if (options.resume) enable = true;
    else {
      planOnlyNotes.push(
        `Detector ${current.detectorId} is suspended: it monitors nothing. Without --resume it stays suspended and enable fails (exit 1) ` +
          'after writing the other changes; add --resume to re-enable it.',
      );
    }
  }
  let frequency: Frequency | undefined;
  if (options.frequency && current.findingPublishingFrequency !== options.frequency) {
    changes.push({ target: 'FindingPublishingFrequency', from: current.findingPublishingFrequency ?? null, to: options.frequency });
    frequency = options.frequency;
  }
  const before = finalState(current.features, []);
  const after = finalState(current.features, features);
  const notesFor = (tense: Tense) => [...notes, ...(tense === 'planned' ? planOnlyNotes : []), ...runtimeNotes(before, after, tense)];

  if (changes.length === 0) {
    // Nothing to write: the notes describe the detector as it is.
    return { action: 'unchanged', detectorId: current.detectorId, changes: [], notes: notesFor('applied'), appliedNotes: notesFor('applied') };
  }
  const staysSuspended = suspended && !enable;
  return {
    action: 'update',
    detectorId: current.detectorId,
    changes,
    notes: notesFor('planned'),
    appliedNotes: notesFor('applied'),
    staysSuspended,
    request: {
      DetectorId: current.detectorId,
      ...(enable ? { Enable: enable } : {}),
      ...(features.length > 0 ? { Features: features } : {}),
      ...(frequency ? { FindingPublishingFrequency: frequency } : {}),
    },
  };
}

function copyFeature(f: DesiredFeature): Feature<string> {
  return {
    Name: f.Name,
    Status: f.Status,
    ...(f.AdditionalConfiguration ? { AdditionalConfiguration: f.AdditionalConfiguration.map((a) => ({ Name: a.Name, Status: a.Status })) } : {}),
  };
}

/** Feature name → status and EKS_ADDON_MANAGEMENT setting. */
type State = Map<string, { status: string; addon?: string }>;

/** The features' state after the request is applied (with nothing sent: as they are now). */
function finalState(current: readonly ReportedFeature[], sent: readonly Feature<string>[]): State {
  const state: State = new Map();
  const put = (f: ReportedFeature | Feature<string>) => {
    if (!f.Name) return;
    const addon = f.AdditionalConfiguration?.find((a) => a.Name === 'EKS_ADDON_MANAGEMENT')?.Status;
    state.set(f.Name, { status: f.Status ?? 'unknown', addon: addon ?? state.get(f.Name)?.addon });
  };
  current.forEach(put);
  sent.forEach(put);
  return state;
}

/** The optional features GuardDuty switches on by default when it creates the detector. */
function createNotes(defaultsOn: readonly string[], tense: Tense): string[] {
  if (defaultsOn.length === 0) return [];
  const names = defaultsOn.join(', ');
  return [
    tense === 'planned'
      ? `GuardDuty would also turn on the optional features this file does not name, as it does for every new detector (billed): ${names}. ` +
        'Add --only-listed to create the detector with just the file\'s features.'
      : `GuardDuty also turned on the optional features this file does not name, as it does for every new detector (billed): ${names}. ` +
        'To switch one off, run gdeks enable with a file that lists it as DISABLED.',
  ];
}

/**
 * Runtime-monitoring consequences of the state after the write. A condition that already held before it is
 * worded in the present; one the write brings about is conditional in a plan and present once applied.
 */
function runtimeNotes(before: State, after: State, tense: Tense): string[] {
  const notes: string[] = [];
  const both = (s: State) => s.get('EKS_RUNTIME_MONITORING')?.status === 'ENABLED' && s.get('RUNTIME_MONITORING')?.status === 'ENABLED';
  const planned = (already: boolean) => tense === 'planned' && !already;
  if (both(after)) {
    notes.push(
      `Both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING ${planned(both(before)) ? 'would be' : 'are'} ENABLED: Runtime Monitoring already covers EKS, ` +
        'and the older feature keeps costing. Disable EKS_RUNTIME_MONITORING in a separate run.',
    );
  }
  const unmanaged = (s: State, name: string) => s.get(name)?.status === 'ENABLED' && s.get(name)?.addon !== 'ENABLED';
  for (const name of RUNTIME_PAIR) {
    if (!unmanaged(after, name)) continue;
    notes.push(
      (planned(unmanaged(before, name))
        ? `${name} would be on but EKS_ADDON_MANAGEMENT would not: GuardDuty would not install its agent; `
        : `${name} is on but EKS_ADDON_MANAGEMENT is not: GuardDuty does not install its agent; `) +
        'each cluster needs the aws-guardduty-agent add-on (and a guardduty-data VPC endpoint) managed by you. `gdeks status` shows which clusters lack it.',
    );
  }
  return notes;
}
