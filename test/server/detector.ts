// Detector state with AWS semantics (not moto's): CreateDetector enables every optional feature the request
// does not name except RUNTIME_MONITORING; UpdateDetector merges features and additional configuration by
// name; GetDetector lists all ten result features (foundational sources included) with updatedAt.

import { ACCOUNT_ID } from './clusters.js';
import { badRequest, INVALID_VALUE } from './errors.js';
import { isObject, onlyMembers, type Json, type JsonObject } from './validate.js';

export type Status = 'ENABLED' | 'DISABLED';
export const FREQUENCIES = ['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Settable features (DetectorFeature enum). */
export const SETTABLE_FEATURES = [
  'S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS',
  'LAMBDA_NETWORK_LOGS', 'EKS_RUNTIME_MONITORING', 'RUNTIME_MONITORING',
] as const;

/** GetDetector result order (DetectorFeatureResult), foundational read-only sources first. */
const RESULT_ORDER = [
  'FLOW_LOGS', 'CLOUD_TRAIL', 'DNS_LOGS', 'S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS', 'EKS_RUNTIME_MONITORING', 'LAMBDA_NETWORK_LOGS', 'RUNTIME_MONITORING',
] as const;

/** Which additional configurations each feature carries (docs pair EKS runtime with the add-on only). */
export const ADDITIONAL: Record<string, readonly string[]> = {
  EKS_RUNTIME_MONITORING: ['EKS_ADDON_MANAGEMENT'],
  RUNTIME_MONITORING: ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'],
};
const ADDITIONAL_NAMES = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'];

export interface FeatureState {
  status: Status;
  updatedAt: number;
  additional: Map<string, { status: Status; updatedAt: number }>;
}

export interface Detector {
  id: string;
  createdAt: number;
  updatedAt: number;
  status: Status;
  frequency: Frequency;
  tags: Record<string, string>;
  features: Map<string, FeatureState>;
  clientToken?: string;
}

/** A validated feature request entry. */
export interface FeatureRequest {
  name: string;
  status: Status;
  additional: Array<{ name: string; status: Status }>;
}

const isStatus = (v: unknown): v is Status => v === 'ENABLED' || v === 'DISABLED';

/** Validate the wire `features` list; throws 400 like the service for unknown names/statuses and the EKS/RUNTIME pair. */
export function parseFeatures(raw: Json | undefined): FeatureRequest[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw badRequest(`${INVALID_VALUE} (features must be a list)`);
  const seen = new Set<string>();
  const out = raw.map((entry, i): FeatureRequest => {
    if (!isObject(entry)) throw badRequest(INVALID_VALUE);
    onlyMembers(entry, ['name', 'status', 'additionalConfiguration'], `features[${i}].`);
    const { name, status } = entry;
    if (typeof name !== 'string' || !(SETTABLE_FEATURES as readonly string[]).includes(name) || !isStatus(status)) {
      throw badRequest(INVALID_VALUE);
    }
    if (seen.has(name)) throw badRequest(`${INVALID_VALUE} (feature ${name} is listed more than once)`);
    seen.add(name);
    return { name, status, additional: parseAdditional(name, entry.additionalConfiguration) };
  });
  if (seen.has('EKS_RUNTIME_MONITORING') && seen.has('RUNTIME_MONITORING')) {
    throw badRequest(
      'The request is rejected because EKS Runtime Monitoring (EKS_RUNTIME_MONITORING) and Runtime Monitoring ' +
        '(RUNTIME_MONITORING) cannot both be specified; Runtime Monitoring already includes threat detection for Amazon EKS resources.',
    );
  }
  return out;
}

function parseAdditional(feature: string, raw: Json | undefined): Array<{ name: string; status: Status }> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest(INVALID_VALUE);
  const allowed = ADDITIONAL[feature] ?? [];
  const seen = new Set<string>();
  return raw.map((entry, i) => {
    if (!isObject(entry)) throw badRequest(INVALID_VALUE);
    onlyMembers(entry, ['name', 'status'], `additionalConfiguration[${i}].`);
    const { name, status } = entry;
    if (typeof name !== 'string' || !ADDITIONAL_NAMES.includes(name) || !isStatus(status)) throw badRequest(INVALID_VALUE);
    if (!allowed.includes(name)) throw badRequest(`${INVALID_VALUE} (${name} does not apply to ${feature})`);
    if (seen.has(name)) throw badRequest(`${INVALID_VALUE} (${name} is listed more than once)`);
    seen.add(name);
    return { name, status };
  });
}

/** Translate deprecated `dataSources` into feature requests (S3Logs, Kubernetes audit logs, EBS malware scan). */
export function parseDataSources(raw: Json | undefined): FeatureRequest[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw badRequest(INVALID_VALUE);
  onlyMembers(raw, ['s3Logs', 'kubernetes', 'malwareProtection'], 'dataSources.');
  const out: FeatureRequest[] = [];
  const enableOf = (obj: Json | undefined, path: string): Status => {
    if (!isObject(obj) || typeof obj.enable !== 'boolean') throw badRequest(`${INVALID_VALUE} (${path}.enable is required)`);
    return obj.enable ? 'ENABLED' : 'DISABLED';
  };
  if (raw.s3Logs !== undefined) out.push({ name: 'S3_DATA_EVENTS', status: enableOf(raw.s3Logs, 'dataSources.s3Logs'), additional: [] });
  if (raw.kubernetes !== undefined) {
    const k = raw.kubernetes;
    if (!isObject(k)) throw badRequest(INVALID_VALUE);
    out.push({ name: 'EKS_AUDIT_LOGS', status: enableOf(k.auditLogs, 'dataSources.kubernetes.auditLogs'), additional: [] });
  }
  if (raw.malwareProtection !== undefined) {
    const m = raw.malwareProtection;
    const scan = isObject(m) ? m.scanEc2InstanceWithFindings : undefined;
    const ebs = isObject(scan) ? scan.ebsVolumes : undefined;
    if (typeof ebs !== 'boolean') throw badRequest(INVALID_VALUE);
    out.push({ name: 'EBS_MALWARE_PROTECTION', status: ebs ? 'ENABLED' : 'DISABLED', additional: [] });
  }
  return out;
}

export function newDetector(id: string, now: number, requested: readonly FeatureRequest[], opts: { enable: boolean; frequency?: Frequency; tags?: Record<string, string>; clientToken?: string }): Detector {
  const features = new Map<string, FeatureState>();
  for (const name of RESULT_ORDER) {
    // Unnamed features default to ENABLED, except RUNTIME_MONITORING; additional configuration defaults DISABLED.
    const additional = new Map((ADDITIONAL[name] ?? []).map((a) => [a, { status: 'DISABLED' as Status, updatedAt: now }]));
    features.set(name, { status: name === 'RUNTIME_MONITORING' ? 'DISABLED' : 'ENABLED', updatedAt: now, additional });
  }
  const detector: Detector = {
    id,
    createdAt: now,
    updatedAt: now,
    status: opts.enable ? 'ENABLED' : 'DISABLED',
    frequency: opts.frequency ?? 'SIX_HOURS',
    tags: opts.tags ?? {},
    features,
  };
  if (opts.clientToken !== undefined) detector.clientToken = opts.clientToken;
  applyFeatures(detector, requested, now);
  return detector;
}

/** Merge by name: listed features (and listed additional configurations) change; everything else keeps its state. */
export function applyFeatures(detector: Detector, requested: readonly FeatureRequest[], now: number): void {
  for (const req of requested) {
    const state = detector.features.get(req.name);
    if (!state) continue;
    state.status = req.status;
    state.updatedAt = now;
    for (const add of req.additional) state.additional.set(add.name, { status: add.status, updatedAt: now });
  }
  if (requested.length > 0) detector.updatedAt = now;
}

const secs = (ms: number): number => ms / 1000;

/** GetDetector response body (wire names). */
export function detectorToWire(d: Detector): JsonObject {
  const status = (name: string): Status => d.features.get(name)?.status ?? 'DISABLED';
  const features: Json[] = [...d.features.entries()].map(([name, f]) => {
    const entry: JsonObject = { name, status: f.status, updatedAt: secs(f.updatedAt) };
    if (f.additional.size > 0) {
      entry.additionalConfiguration = [...f.additional.entries()].map(([n, a]) => ({ name: n, status: a.status, updatedAt: secs(a.updatedAt) }));
    }
    return entry;
  });
  const body: JsonObject = {
    createdAt: new Date(d.createdAt).toISOString(),
    findingPublishingFrequency: d.frequency,
    serviceRole: `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
    status: d.status,
    updatedAt: new Date(d.updatedAt).toISOString(),
    // The deprecated result form is still returned by the service; derived from the features.
    dataSources: {
      cloudTrail: { status: status('CLOUD_TRAIL') },
      dnsLogs: { status: status('DNS_LOGS') },
      flowLogs: { status: status('FLOW_LOGS') },
      s3Logs: { status: status('S3_DATA_EVENTS') },
      kubernetes: { auditLogs: { status: status('EKS_AUDIT_LOGS') } },
      malwareProtection: {
        scanEc2InstanceWithFindings: { ebsVolumes: { status: status('EBS_MALWARE_PROTECTION') } },
        serviceRole: `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/malware-protection.guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDutyMalwareProtection`,
      },
    },
    tags: d.tags,
    features,
  };
  return body;
}

/** Runtime monitoring (either flavour) is on: the precondition for coverage entries. */
export function runtimeMonitoringOn(d: Detector): boolean {
  return d.features.get('EKS_RUNTIME_MONITORING')?.status === 'ENABLED' || d.features.get('RUNTIME_MONITORING')?.status === 'ENABLED';
}

export function parseTags(raw: Json | undefined): Record<string, string> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw badRequest(INVALID_VALUE);
  const entries = Object.entries(raw);
  if (entries.length < 1 || entries.length > 200) throw badRequest(`${INVALID_VALUE} (tags must have 1..200 entries)`);
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128 || k.startsWith('aws:') || typeof v !== 'string' || v.length > 256) throw badRequest(INVALID_VALUE);
    out[k] = v;
  }
  return out;
}
