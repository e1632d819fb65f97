/**
 * The names a features file may use. Feature, additional-configuration and status names come from the SDK's
 * enums (not a copied list) so an SDK upgrade brings new names with it.
 */
import {
  DetectorFeature,
  FeatureAdditionalConfiguration,
  FeatureStatus as SdkFeatureStatus,
} from '@aws-sdk/client-guardduty';
import type { FeatureStatus } from '../domain/features.js';

/** Features that CreateDetector/UpdateDetector accept. */
export const FEATURE_NAMES: readonly string[] = Object.values(DetectorFeature);

/** Additional configurations the SDK knows (the model does not bind them to a feature). */
export const ADDITIONAL_CONFIGURATION_NAMES: readonly string[] = Object.values(FeatureAdditionalConfiguration);

/** Typed against our own FeatureStatus, so a new SDK status fails the typecheck instead of slipping through. */
export const STATUSES: readonly FeatureStatus[] = Object.values(SdkFeatureStatus);

/** Foundational data sources: GetDetector returns them, but they are always on and cannot be set. */
export const READ_ONLY_FEATURES: readonly string[] = ['FLOW_LOGS', 'CLOUD_TRAIL', 'DNS_LOGS'];

/**
 * Which feature each additional configuration belongs to (AWS docs and CLI examples; the model is silent).
 * A name the SDK knows but this table does not list is accepted under any feature: we cannot know yet.
 */
const ADDITIONAL_BY_FEATURE: Readonly<Record<string, readonly string[]>> = {
  EKS_RUNTIME_MONITORING: ['EKS_ADDON_MANAGEMENT'],
  RUNTIME_MONITORING: ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'],
};

const BOUND_ADDITIONAL = new Set(Object.values(ADDITIONAL_BY_FEATURE).flat());

export function isKnownFeature(name: string): boolean {
  return FEATURE_NAMES.includes(name);
}

export function isReadOnlyFeature(name: string): boolean {
  return READ_ONLY_FEATURES.includes(name);
}

export function isKnownAdditionalConfiguration(name: string): boolean {
  return ADDITIONAL_CONFIGURATION_NAMES.includes(name);
}

export function isFeatureStatus(value: unknown): value is FeatureStatus {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/** The additional configurations allowed under `feature`: its own, plus any the table does not bind. */
export function allowedAdditionalFor(feature: string): string[] {
  const own = ADDITIONAL_BY_FEATURE[feature] ?? [];
  return ADDITIONAL_CONFIGURATION_NAMES.filter((name) => own.includes(name) || !BOUND_ADDITIONAL.has(name));
}

/** The features an additional configuration belongs to; empty when the table does not bind it. */
export function featuresForAdditional(additional: string): string[] {
  return Object.entries(ADDITIONAL_BY_FEATURE)
    .filter(([, names]) => names.includes(additional))
    .map(([feature]) => feature);
}

export function additionalBelongsTo(feature: string, additional: string): boolean {
  return !BOUND_ADDITIONAL.has(additional) || (ADDITIONAL_BY_FEATURE[feature]?.includes(additional) ?? false);
}
