// One detector's findings: compact plans plus the operations the API needs (query, get, archive, samples).
// Common criterion attributes are read straight from the plan; anything else builds the wire JSON.

import { buildFinding, type BuildContext } from './build.js';
import { featureNameOf, type FindingKind } from './catalog.js';
import { ACCOUNT_ID } from './clusters.js';
import { compareKeys, matchesAll, sortKey, valuesAt, type Criterion, type SortCriteria } from './criteria.js';
import { Rng } from './prng.js';
import { samplePlan, type FindingPlan } from './seed.js';
import type { Json, JsonObject } from './validate.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isEks = (p: FindingPlan): boolean => p.kind.family === 'audit' || p.kind.family === 'runtime' || p.kind.family === 'sequence';

/** Attribute readers that avoid building the finding. Must agree with build.ts (a test checks every one). */
export const FAST_ATTRIBUTES: Record<string, (p: FindingPlan, ctx: BuildContext) => Json[]> = {
  id: (p) => [p.id],
  type: (p) => [p.kind.type],
  severity: (p) => [p.severity],
  createdAt: (p) => [iso(p.createdAt)],
  updatedAt: (p) => [iso(p.updatedAt)],
  accountId: () => [ACCOUNT_ID],
  region: (_p, ctx) => [ctx.region],
  'service.archived': (p) => [p.archived],
  'service.featureName': (p) => {
    const name = featureNameOf(p.kind);
    return name === undefined ? [] : [name];
  },
  'service.additionalInfo.sample': (p) => (p.sample ? [true] : []),
  'resource.resourceType': (p) => [isEks(p) ? 'EKSCluster' : p.kind.family === 's3' ? 'S3Bucket' : 'Instance'],
  'resource.eksClusterDetails.name': (p, ctx) => {
    const c = p.cluster >= 0 ? ctx.clusters[p.cluster] : undefined;
    return c ? [c.name] : [];
  },
  'resource.kubernetesDetails.kubernetesWorkloadDetails.namespace': (p) => (isEks(p) ? [p.namespace ?? 'default'] : []),
};

export class FindingStore {
  readonly plans: FindingPlan[];
  private readonly byId = new Map<string, FindingPlan>();
  private readonly ids = new Set<string>();
  /** Bumped on every change, so cached query results are recomputed. */
  private version = 0;
  private readonly cache = new Map<string, { version: number; result: FindingPlan[] }>();
  /** Suppression rules (filters.ts): a new finding this returns true for arrives archived. */
  suppress: ((plan: FindingPlan) => boolean) | undefined;

  constructor(plans: FindingPlan[], readonly ctx: BuildContext, private readonly sampleRng: Rng) {
    this.plans = plans;
    for (const p of plans) {
      this.byId.set(p.id, p);
      this.ids.add(p.id);
    }
  }

  get size(): number {
    return this.plans.length;
  }

  build(plan: FindingPlan): JsonObject {
    return buildFinding(plan, this.ctx);
  }

  values(plan: FindingPlan, attribute: string): Json[] {
    const fast = FAST_ATTRIBUTES[attribute];
    return fast ? fast(plan, this.ctx) : valuesAt(this.build(plan), attribute);
  }

  /** Matching plans in sort order. Cached per query so paging through 50,000 findings stays cheap. */
  query(criteria: readonly Criterion[], sort: SortCriteria | undefined): FindingPlan[] {
    const key = JSON.stringify([criteria, sort]);
    const hit = this.cache.get(key);
    if (hit && hit.version === this.version) return hit.result;
    let result = this.plans.filter((p) => matchesAll(criteria, (attr) => this.values(p, attr)));
    if (sort) result = this.sorted(result, sort);
    if (this.cache.size >= 32) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { version: this.version, result });
    return result;
  }

  sorted(plans: readonly FindingPlan[], sort: SortCriteria): FindingPlan[] {
    const keyed = plans.map((p) => ({ p, k: sortKey(sort.attribute, this.values(p, sort.attribute)) }));
    keyed.sort((a, b) => compareKeys(a.k, b.k, sort.order)); // stable: ties keep store order
    return keyed.map((x) => x.p);
  }

  get(id: string): FindingPlan | undefined {
    return this.byId.get(id);
  }

  setArchived(ids: readonly string[], archived: boolean): void {
    for (const id of ids) {
      const p = this.byId.get(id);
      if (p) p.archived = archived;
    }
    this.version++;
  }

  /**
   * Findings that just happened (what a watch test or benchmark adds while gdeks runs): one per kind, created
   * and updated `now`, not samples, on the region's first cluster, with the severity given or the kind's first.
   * Returns their ids, in the order of `kinds`.
   */
  addFindings(kinds: readonly FindingKind[], now: number, options: { severity?: number } = {}): string[] {
    const ids: string[] = [];
    for (const kind of kinds) {
      const plan = samplePlan(kind, this.sampleRng, now, this.ctx.clusters, this.ids);
      plan.sample = false;
      if (options.severity !== undefined) plan.severity = options.severity;
      if (this.suppress?.(plan)) plan.archived = true;
      this.plans.push(plan);
      this.byId.set(plan.id, plan);
      ids.push(plan.id);
    }
    this.version++;
    return ids;
  }

  /** A finding occurred again: its count goes up by one and its updatedAt (and last seen) become `now`. */
  recur(ids: readonly string[], now: number): void {
    for (const id of ids) {
      const p = this.byId.get(id);
      if (!p) throw new Error(`recur: no finding ${id}`);
      p.count++;
      p.updatedAt = now;
      p.lastSeen = now;
    }
    this.version++;
  }

  /** CreateSampleFindings: one sample per type; asking again for a type bumps the existing sample's count. */
  addSamples(kinds: readonly FindingKind[], now: number): void {
    for (const kind of kinds) {
      const existing = this.plans.find((p) => p.sample && p.kind.type === kind.type);
      if (existing) {
        existing.count++;
        existing.updatedAt = now;
        existing.lastSeen = now;
        continue;
      }
      const plan = samplePlan(kind, this.sampleRng, now, this.ctx.clusters, this.ids);
      if (this.suppress?.(plan)) plan.archived = true;
      this.plans.push(plan);
      this.byId.set(plan.id, plan);
    }
    this.version++;
  }
}
