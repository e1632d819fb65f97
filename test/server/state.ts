// Server state, one RegionState per region named in the request's SigV4 credential scope. Regions are
// created on first use, each with its own (optionally seeded) detector, findings and coverage.

import { clusterInfo, coverageResource, type ClusterInfo, type ClusterSpec } from './clusters.js';
import { newDetector, parseFeatures, runtimeMonitoringOn, type Detector, type FeatureRequest, type Frequency } from './detector.js';
import { FindingStore } from './findings.js';
import { Rng, subSeed } from './prng.js';
import { seedPlans } from './seed.js';
import type { Json, JsonObject } from './validate.js';

const DAY = 86_400_000;

/** Initial detector for each region; `features` uses the wire form (name/status/additionalConfiguration). */
export interface DetectorSeed {
  features?: Json[];
  findingPublishingFrequency?: Frequency;
  enable?: boolean;
  tags?: Record<string, string>;
  /** Days the detector has existed as of baseTime (default 200); under 30 its features are still in their free trial (usage.ts). */
  ageDays?: number;
}

export interface StateConfig {
  seed: number;
  eksFindings: number;
  otherFindings: number;
  baseTime: number;
  clusters: readonly ClusterSpec[];
  detector: false | DetectorSeed;
  memberOf?: string;
  clock: () => number;
  /** Appended to every finding's title and process path (ServerOptions.hostile). */
  hostile?: string;
}

/** The seeded detector leaves EKS protection off so `gdeks enable` has work to do. */
export const DEFAULT_DETECTOR_FEATURES: Json[] = [
  { name: 'EKS_AUDIT_LOGS', status: 'DISABLED' },
  { name: 'EKS_RUNTIME_MONITORING', status: 'DISABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' }] },
];

export class RegionState {
  detector: Detector | undefined;
  readonly clusters: ClusterInfo[];
  private store: FindingStore | undefined;
  private generation = 0;

  constructor(readonly name: string, private readonly config: StateConfig) {
    this.clusters = config.clusters.map((c) => clusterInfo(c, name, config.baseTime));
    if (config.detector !== false) {
      const seedSpec = config.detector;
      const features = parseFeatures(seedSpec.features ?? DEFAULT_DETECTOR_FEATURES) ?? [];
      const opts: { enable: boolean; frequency?: Frequency; tags?: Record<string, string> } = { enable: seedSpec.enable ?? true };
      if (seedSpec.findingPublishingFrequency) opts.frequency = seedSpec.findingPublishingFrequency;
      if (seedSpec.tags) opts.tags = seedSpec.tags;
      this.detector = newDetector(this.nextDetectorId(), config.baseTime - (seedSpec.ageDays ?? 200) * DAY, features, opts);
    }
  }

  private nextDetectorId(): string {
    return new Rng(subSeed(this.config.seed, `detector/${this.name}/${this.generation++}`)).hex(32);
  }

  createDetector(now: number, features: readonly FeatureRequest[], opts: { enable: boolean; frequency?: Frequency; tags?: Record<string, string>; clientToken?: string }): Detector {
    this.detector = newDetector(this.nextDetectorId(), now, features, opts);
    this.store = undefined;
    return this.detector;
  }

  deleteDetector(): void {
    this.detector = undefined;
    this.store = undefined;
  }

  /** The findings of the current detector, generated on first use (so startup stays instant). */
  findings(): FindingStore {
    const detector = this.detector;
    if (!detector) throw new Error('findings() without a detector');
    if (!this.store) {
      const plans = seedPlans({
        seed: this.config.seed,
        region: this.name,
        eksCount: this.config.eksFindings,
        otherCount: this.config.otherFindings,
        baseTime: this.config.baseTime,
        clusters: this.clusters,
      });
      const ctx = { region: this.name, detectorId: detector.id, clusters: this.clusters, ...(this.config.hostile !== undefined ? { hostile: this.config.hostile } : {}) };
      this.store = new FindingStore(plans, ctx, new Rng(subSeed(this.config.seed, `samples/${this.name}`)));
    }
    return this.store;
  }

  /** ListCoverage entries: none until runtime monitoring is enabled, as on the real service. */
  coverage(): JsonObject[] {
    const detector = this.detector;
    if (!detector || !runtimeMonitoringOn(detector)) return [];
    const out: JsonObject[] = [];
    this.clusters.forEach((c, i) => {
      const updatedAt = Math.max(detector.updatedAt, this.config.baseTime - (i + 1) * 7 * 60_000);
      const entry = coverageResource(c, detector.id, updatedAt);
      if (entry) out.push(entry);
    });
    return out;
  }
}

export class ServerState {
  readonly regions = new Map<string, RegionState>();

  constructor(readonly config: StateConfig) {}

  region(name: string): RegionState {
    let r = this.regions.get(name);
    if (!r) {
      r = new RegionState(name, this.config);
      this.regions.set(name, r);
    }
    return r;
  }

  get memberOf(): string | undefined {
    return this.config.memberOf;
  }

  now(): number {
    return this.config.clock();
  }
}
