import type { DesiredFeature, ReportedFeature } from './features.js';
import type { Change } from './enable-plan.js';

/** AutoEnableMembers / OrgFeatureStatus: which member accounts GuardDuty (or a feature) is switched on for. */
export type AutoEnableLevel = 'NEW' | 'ALL' | 'NONE';
export const AUTO_ENABLE_LEVELS: readonly AutoEnableLevel[] = ['NEW', 'ALL', 'NONE'];

/** Prefix of every change target, so an organization plan never reads like a detector plan. */
export const ORG_TARGET_PREFIX = 'org:';
export const MEMBERS_TARGET = `${ORG_TARGET_PREFIX}AutoEnableOrganizationMembers`;

/** A feature as DescribeOrganizationConfiguration reports it (names and levels as plain strings). */
export interface CurrentOrgFeature {
  Name?: string;
  AutoEnable?: string;
  AdditionalConfiguration?: Array<{ Name?: string; AutoEnable?: string }>;
}

export interface CurrentOrgConfig {
  autoEnableOrganizationMembers?: string;
  memberAccountLimitReached?: boolean;
  features: CurrentOrgFeature[];
}

export interface OrgFeatureRequest {
  Name: string;
  AutoEnable: string;
  AdditionalConfiguration?: Array<{ Name: string; AutoEnable: string }>;
}

export interface OrgUpdateRequest {
  DetectorId: string;
  /** Always sent: the API wants it or the deprecated AutoEnable, and gdeks never sends the deprecated one. */
  AutoEnableOrganizationMembers: string;
  Features?: OrgFeatureRequest[];
}

/** `notes` word the consequences as a plan (dry run, --check, a refused write); `appliedNotes` once written. */
export type OrgPlan =
  | { action: 'update'; changes: Change[]; notes: string[]; appliedNotes: string[]; request: OrgUpdateRequest }
  | { action: 'unchanged'; changes: []; notes: string[]; appliedNotes: string[] };

export interface OrgPlanOptions {
  /**
   * `--auto-enable` as given. Undefined means the default, "at least NEW": ENABLED is satisfied by an
   * existing NEW or ALL, so a re-run without the flag never narrows an ALL someone chose on purpose.
   */
  level?: AutoEnableLevel;
  /** The administrator's own detector features, to point out when it lacks what members get. */
  ownFeatures?: readonly ReportedFeature[];
}

const isOn = (v: string | undefined): v is 'NEW' | 'ALL' => v === 'NEW' || v === 'ALL';

/** The level a file status asks for, given what is set now. */
function wanted(status: string, current: string | undefined, level: AutoEnableLevel | undefined): string {
  if (status !== 'ENABLED') return 'NONE';
  if (level) return level;
  return isOn(current) ? current : 'NEW';
}

/**
 * Pure: the UpdateOrganizationConfiguration that makes the organization's auto-enable settings match the
 * features file, sending only the features that differ (each with its whole additional configuration), or
 * `unchanged` when nothing differs. Features the file does not name are never touched.
 */
export function planOrganization(
  detectorId: string,
  current: CurrentOrgConfig,
  desired: readonly DesiredFeature[],
  options: OrgPlanOptions = {},
): OrgPlan {
  const { level } = options;
  const changes: Change[] = [];
  const notes: string[] = [];
  const byName = new Map(current.features.filter((f) => f.Name).map((f) => [f.Name as string, f]));
  const features: OrgFeatureRequest[] = [];

  const membersFrom = current.autoEnableOrganizationMembers ?? null;
  const membersTo = level ?? (isOn(current.autoEnableOrganizationMembers) ? current.autoEnableOrganizationMembers : 'NEW');
  if (membersFrom !== membersTo) changes.push({ target: MEMBERS_TARGET, from: membersFrom, to: membersTo });

  for (const f of desired) {
    const cur = byName.get(f.Name);
    const from = cur?.AutoEnable ?? null;
    const to = wanted(f.Status, cur?.AutoEnable, level);
    const before = changes.length;
    if (from !== to) changes.push({ target: `${ORG_TARGET_PREFIX}${f.Name}`, from, to });
    const curAdditional = new Map(
      (cur?.AdditionalConfiguration ?? []).filter((a) => a.Name).map((a) => [a.Name as string, a.AutoEnable]),
    );
    const merged = new Map<string, string>();
    for (const [name, value] of curAdditional) if (value) merged.set(name, value);
    for (const a of f.AdditionalConfiguration ?? []) {
      const aFrom = curAdditional.get(a.Name) ?? null;
      const aTo = wanted(a.Status, curAdditional.get(a.Name), level);
      if (aFrom !== aTo) changes.push({ target: `${ORG_TARGET_PREFIX}${f.Name}/${a.Name}`, from: aFrom, to: aTo });
      merged.set(a.Name, aTo);
    }
    if (changes.length === before) continue;
    // As for a detector: whether an omitted list resets the add-on setting is undocumented, so send it whole.
    features.push({
      Name: f.Name,
      AutoEnable: to,
      ...(merged.size > 0 ? { AdditionalConfiguration: [...merged].map(([Name, AutoEnable]) => ({ Name, AutoEnable })) } : {}),
    });
  }

  const notesFor = (tense: Tense) => [...notes, ...orgNotes(current, desired, features, membersTo, changes, options, tense)];
  // Nothing to write: the notes describe the configuration as it is.
  if (changes.length === 0) return { action: 'unchanged', changes: [], notes: notesFor('applied'), appliedNotes: notesFor('applied') };
  return {
    action: 'update',
    changes,
    notes: notesFor('planned'),
    appliedNotes: notesFor('applied'),
    request: { DetectorId: detectorId, AutoEnableOrganizationMembers: membersTo, ...(features.length > 0 ? { Features: features } : {}) },
  };
}

/** Whether a note describes a plan (conditional) or a write that was made (present). */
type Tense = 'planned' | 'applied';

function orgNotes(
  current: CurrentOrgConfig,
  desired: readonly DesiredFeature[],
  sent: readonly OrgFeatureRequest[],
  membersTo: string,
  changes: readonly Change[],
  options: OrgPlanOptions,
  tense: Tense,
): string[] {
  const notes: string[] = [];
  const would = tense === 'planned';
  if (current.memberAccountLimitReached) {
    notes.push('The organization has reached the member account limit of this administrator: accounts beyond it are not auto-enabled.');
  }
  if (changes.some((c) => c.to === 'ALL')) {
    notes.push(
      `ALL ${would ? 'would also apply' : 'also applies'} to existing member accounts (including suspended or removed ones); ` +
        'GuardDuty may take up to 24 hours to reach them all.',
    );
  }
  if (changes.some((c) => c.to === 'NONE' && c.from !== null && c.from !== 'NONE')) {
    notes.push(
      would
        ? 'NONE would only stop auto-enabling: member accounts that already have GuardDuty or the feature would keep it.'
        : 'NONE only stops auto-enabling: member accounts that already have GuardDuty or the feature keep it.',
    );
  }
  if (membersTo === 'NONE' && desired.some((f) => f.Status === 'ENABLED') && options.level === 'NONE') {
    notes.push(`--auto-enable none: no member account ${would ? 'would get' : 'gets'} the file's features automatically; enable them per account.`);
  }
  // Runtime monitoring for members without the managed add-on leaves every member cluster without an agent.
  const before = new Map(current.features.filter((f) => f.Name).map((f) => [f.Name as string, f as CurrentOrgFeature]));
  const after = new Map(before);
  for (const f of sent) after.set(f.Name, f);
  const unmanaged = (state: Map<string, CurrentOrgFeature>, name: string) => {
    const f = state.get(name);
    return isOn(f?.AutoEnable) && !isOn(f?.AdditionalConfiguration?.find((a) => a.Name === 'EKS_ADDON_MANAGEMENT')?.AutoEnable);
  };
  for (const name of ['EKS_RUNTIME_MONITORING', 'RUNTIME_MONITORING']) {
    if (!desired.some((d) => d.Name === name) || !unmanaged(after, name)) continue;
    // Already so before this run: the present, in a plan too.
    notes.push(
      (would && !unmanaged(before, name)
        ? `${name} would be auto-enabled for members but EKS_ADDON_MANAGEMENT would not: GuardDuty would not install its agent in member clusters; `
        : `${name} is auto-enabled for members but EKS_ADDON_MANAGEMENT is not: GuardDuty does not install its agent in member clusters; `) +
        'each member must manage the aws-guardduty-agent add-on itself.',
    );
  }
  if (options.ownFeatures) {
    const own = new Map(options.ownFeatures.filter((f) => f.Name).map((f) => [f.Name as string, f.Status]));
    const missing = desired.filter((f) => f.Status === 'ENABLED' && own.get(f.Name) !== 'ENABLED').map((f) => f.Name);
    if (missing.length > 0) {
      notes.push(
        `The administrator's own detector does not have ${missing.join(', ')} ENABLED; the organization settings apply to members only. ` +
          'Run `gdeks enable --features <file>` without --organization for this account.',
      );
    }
  }
  return notes;
}

/** `--auto-enable new|all|none` (any case) → the API value; anything else is a usage error in the caller. */
export function parseAutoEnableLevel(value: string): AutoEnableLevel | undefined {
  const v = value.trim().toUpperCase();
  return (AUTO_ENABLE_LEVELS as readonly string[]).includes(v) ? (v as AutoEnableLevel) : undefined;
}
