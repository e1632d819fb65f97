// Deterministic finding "plans": the handful of numbers and choices that define a finding. Plans are small
// (so 50,000 per region fit comfortably) and the full wire JSON is built from one only when a request
// needs it (see build.ts). The same (seed, region) always yields the same plans.

import { EKS_KINDS, OTHER_KINDS, SEQUENCE_KIND, type FindingKind } from './catalog.js';
import type { ClusterInfo } from './clusters.js';
import { Rng, subSeed } from './prng.js';

const DAY = 86_400_000;

export interface FindingPlan {
  id: string;
  kind: FindingKind;
  /** Index into the region's cluster list; -1 for findings about non-EKS resources. */
  cluster: number;
  namespace?: string;
  severity: number;
  createdAt: number;
  updatedAt: number;
  firstSeen: number;
  lastSeen: number;
  count: number;
  /** Seed for the cosmetic details (IPs, pids, hashes) that build.ts fills in. */
  detail: number;
  sample: boolean;
  archived: boolean;
}

export interface SeedInput {
  seed: number;
  region: string;
  eksCount: number;
  otherCount: number;
  baseTime: number;
  clusters: readonly ClusterInfo[];
}

// The first plans are pinned so that even a small seed has every severity band, both EKS data sources
// and an archived finding; the rest are drawn at random.
const PINNED: readonly string[] = [
  SEQUENCE_KIND.type,
  'CryptoCurrency:Runtime/BitcoinTool.B',
  'Execution:Kubernetes/ExecInKubeSystemPod',
  'PrivilegeEscalation:Kubernetes/AnomalousBehavior.RoleCreated',
  'CredentialAccess:Kubernetes/MaliciousIPCaller',
  'Execution:Runtime/NewBinaryExecuted',
  'PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer',
];

export function seedPlans(input: SeedInput): FindingPlan[] {
  const rng = new Rng(subSeed(input.seed, `findings/${input.region}`));
  const ids = new Set<string>();
  const plans: FindingPlan[] = [];
  const eksKinds = EKS_KINDS;
  for (let i = 0; i < input.eksCount; i++) {
    const pinned = PINNED[i];
    const kind = pinned !== undefined ? kindByType(pinned) : rng.chance(0.03) ? SEQUENCE_KIND : rng.pick(eksKinds);
    const plan = drawPlan(rng, ids, kind, input, input.clusters.length > 0 ? rng.int(0, input.clusters.length - 1) : -1);
    plan.archived = i % 17 === 9; // a few archived, spread through the list
    plans.push(plan);
  }
  for (let i = 0; i < input.otherCount; i++) {
    plans.push(drawPlan(rng, ids, OTHER_KINDS[i % OTHER_KINDS.length] ?? SEQUENCE_KIND, input, -1)); // round-robin: every kind present
  }
  return plans;
}

function kindByType(type: string): FindingKind {
  const kind = [...EKS_KINDS, SEQUENCE_KIND].find((k) => k.type === type);
  if (!kind) throw new Error(`unknown pinned type ${type}`);
  return kind;
}

function drawPlan(rng: Rng, ids: Set<string>, kind: FindingKind, input: SeedInput, clusterIndex: number): FindingPlan {
  let id = rng.hex(32);
  while (ids.has(id)) id = rng.hex(32);
  ids.add(id);
  const cluster = kind.family === 'ec2' || kind.family === 's3' ? -1 : clusterIndex;
  const info = cluster >= 0 ? input.clusters[cluster] : undefined;
  const createdAt = input.baseTime - Math.floor(rng.next() * 30 * DAY);
  const count = rng.chance(0.4) ? 1 : rng.int(2, 60);
  const updatedAt = count === 1 ? createdAt : createdAt + Math.floor(rng.next() * (input.baseTime - createdAt));
  const firstSeen = createdAt - rng.int(30_000, 600_000);
  const plan: FindingPlan = {
    id,
    kind,
    cluster,
    severity: rng.pick(kind.severities),
    createdAt,
    updatedAt,
    firstSeen,
    lastSeen: count === 1 ? firstSeen : updatedAt - rng.int(10_000, 300_000),
    count,
    detail: rng.u32(),
    sample: false,
    archived: false,
  };
  if (info) plan.namespace = pickNamespace(rng, kind, info.namespaces);
  return plan;
}

function pickNamespace(rng: Rng, kind: FindingKind, namespaces: readonly string[]): string {
  if (kind.type === 'Execution:Kubernetes/ExecInKubeSystemPod') return 'kube-system';
  const apps = namespaces.filter((n) => n !== 'kube-system');
  return rng.pick(apps.length > 0 ? apps : namespaces);
}

/** A plan for CreateSampleFindings: "now", on the first cluster, flagged as a sample. */
export function samplePlan(kind: FindingKind, rng: Rng, now: number, clusters: readonly ClusterInfo[], ids: Set<string>): FindingPlan {
  let id = rng.hex(32);
  while (ids.has(id)) id = rng.hex(32);
  ids.add(id);
  const eks = kind.family !== 'ec2' && kind.family !== 's3' && clusters.length > 0;
  const plan: FindingPlan = {
    id,
    kind,
    cluster: eks ? 0 : -1,
    severity: kind.severities[0] ?? 5,
    createdAt: now,
    updatedAt: now,
    firstSeen: now,
    lastSeen: now,
    count: 1,
    detail: rng.u32(),
    sample: true,
    archived: false,
  };
  const first = clusters[0];
  if (eks && first) plan.namespace = pickNamespace(rng, kind, first.namespaces);
  return plan;
}
