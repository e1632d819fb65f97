import { FreeTrialFeatureResult, UsageFeature } from '@aws-sdk/client-guardduty';
import type { ReadProblem, Verdict } from './status-model.js';

/**
 * The data `gdeks usage` works with. GetUsageStatistics reports the last 30 days' cost in USD per usage feature,
 * resource or account; the amounts stay the strings the API sends (src/domain/decimal.ts adds them exactly).
 */

/** An amount as GuardDuty's `Total` gives it: a decimal string and its unit. */
export interface Money {
  amount: string;
  unit: string;
}

/** One row of a usage statistic: a feature, a resource (an EKS cluster's name) or an account, and its cost. */
export interface UsageRow {
  key: string;
  total: Money;
}

/** TOP_ACCOUNTS_BY_FEATURE: per usage feature, the accounts that cost most, most expensive first. */
export interface TopAccounts {
  feature: string;
  accounts: UsageRow[];
}

/** GetRemainingFreeTrialDays: per account, days left per FreeTrialFeatureResult name. */
export interface FreeTrialDays {
  accounts: Array<{ accountId: string; days: Record<string, number> }>;
  unprocessed: Array<{ accountId: string; result: string }>;
}

/** A fact that could not be read, and why in a few words. */
export interface Unknown {
  unknown: string;
}
export const isUnknown = (v: unknown): v is Unknown => typeof v === 'object' && v !== null && 'unknown' in v;

/**
 * The EKS usage features, from the SDK's UsageFeature enum. The usage (and free-trial) enums have
 * EKS_RUNTIME_MONITORING but no RUNTIME_MONITORING: GuardDuty reports the EKS part of either runtime feature as
 * EKS_RUNTIME_MONITORING, and GetUsageStatistics rejects RUNTIME_MONITORING with a 400.
 */
export const EKS_USAGE_FEATURES = [UsageFeature.EKS_AUDIT_LOGS, UsageFeature.EKS_RUNTIME_MONITORING] as const;
export type EksUsageFeature = (typeof EKS_USAGE_FEATURES)[number];

/** The FreeTrialFeatureResult name of each EKS usage feature. */
export const TRIAL_NAME: Readonly<Record<EksUsageFeature, string>> = {
  EKS_AUDIT_LOGS: FreeTrialFeatureResult.EKS_AUDIT_LOGS,
  EKS_RUNTIME_MONITORING: FreeTrialFeatureResult.EKS_RUNTIME_MONITORING,
};

/** The detector features (GetDetector names) whose cost each usage feature reports. */
export const DETECTOR_FEATURES_OF: Readonly<Record<EksUsageFeature, readonly string[]>> = {
  EKS_AUDIT_LOGS: ['EKS_AUDIT_LOGS'],
  EKS_RUNTIME_MONITORING: ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'],
};

/** The currency gdeks asks for; "Current valid values are USD" (GetUsageStatistics). */
export const UNIT = 'USD';

/** GetUsageStatistics covers the last 30 days. */
export const WINDOW_DAYS = 30;
export const DAY_MS = 86_400_000;

/** TOP_RESOURCES and TOP_ACCOUNTS_BY_FEATURE list at most 50: a full list may have left some out. */
export const TOP_LIMIT = 50;

/** One EKS usage feature of one account in one region. */
export interface FeatureUsage {
  feature: EksUsageFeature;
  /** The detector features this usage belongs to, with their status now (null: not reported). */
  detectorFeatures: Array<{ name: string; status: string | null }>;
  /** The last 30 days; null when GuardDuty reports no usage for it. */
  cost: Money | null | Unknown;
  /** Per 30 days, from the days the cost covers; null without a cost or a basis. */
  estimate: Money | null;
  /**
   * The feature changed after the detector was created and within the 30 days: if that is when it was turned on,
   * its cost covers fewer days than the estimate assumes, so the estimate is a lower bound.
   */
  estimateIsLowerBound: boolean;
  freeTrialDaysRemaining: number | null | Unknown;
  /** Days since the detector feature last changed, when that is inside the 30 days (it may have been turned on then). */
  changedDaysAgo: number | null;
}

/** One EKS cluster: its cost per feature beside `gdeks status`'s verdict. */
export interface ClusterUsage {
  name: string;
  /** `status`'s verdict; null when EKS does not list the cluster now (its cost is from earlier in the 30 days). */
  verdict: Verdict | null;
  coverageStatus: string | null;
  coveredNodes: number | null;
  compatibleNodes: number | null;
  costs: Record<EksUsageFeature, Money | null | Unknown>;
  /** The EKS features' costs added; null when none is reported. */
  cost: Money | null;
  /** Why this cluster's cost stands out ("paying for 0 of 4 nodes"), or null. */
  attention: string | null;
}

/** `gdeks usage` in one region, for the caller's own account. */
export interface RegionUsage {
  region: string;
  detectorId: string | null;
  accountId: string | null;
  detectorCreatedAt: string | null;
  /** The days the 30-day figures cover (fewer for a younger detector); null when unknown. */
  days: number | null;
  /** Every GuardDuty feature's cost over the 30 days (SUM_BY_FEATURES added up). */
  total: Money | null | Unknown;
  /** The EKS features' cost over the 30 days. */
  eks: Money | null | Unknown;
  /** The EKS features per 30 days. */
  monthlyEstimate: Money | null;
  /** A feature's estimate is a lower bound, so the sum is one too. */
  monthlyEstimateIsLowerBound: boolean;
  features: FeatureUsage[];
  clusters: ClusterUsage[];
  notes: string[];
  problems: ReadProblem[];
  error?: { code: string; message: string };
}

/** One account of an organization in one region (`usage --organization`). */
export interface AccountUsage {
  accountId: string;
  /** `administrator` for the caller, else the member's relationship status (null: not a listed member). */
  role: string | null;
  total: Money | null;
  costs: Record<EksUsageFeature, Money | null | Unknown>;
  eks: Money | null;
  freeTrialDaysRemaining: Record<EksUsageFeature, number | null> | Unknown;
}

export interface OrgRegionUsage {
  region: string;
  detectorId: string | null;
  accountId: string | null;
  /** The organization's cost per EKS feature and in total (every account). */
  features: Array<{ feature: EksUsageFeature; cost: Money | null | Unknown }>;
  total: Money | null | Unknown;
  eks: Money | null | Unknown;
  /** Largest EKS cost first. */
  accounts: AccountUsage[];
  notes: string[];
  problems: ReadProblem[];
  error?: { code: string; message: string };
}

/** Several regions added up. */
export interface UsageTotal {
  regions: string[];
  total: Money | null;
  eks: Money | null;
  monthlyEstimate: Money | null;
  monthlyEstimateIsLowerBound: boolean;
  features: Array<{ feature: EksUsageFeature; cost: Money | null; estimate: Money | null }>;
  /** Regions whose figures are missing from the sums (unreadable). */
  incomplete: string[];
}
