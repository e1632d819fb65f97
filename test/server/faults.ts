// Fault injection: latency (+ jitter), throttling (429), internal errors (500) and whole failing regions.
// Every request draws the same number of values from a seeded PRNG, so a given seed and request order
// always produce the same faults.

import { Rng, subSeed } from './prng.js';

export interface Faults {
  latencyMs: number;
  jitterMs: number;
  /** Probability 0..1 that a request gets HTTP 429 ThrottlingException. */
  throttleRate: number;
  /** Probability 0..1 that a request gets HTTP 500 InternalServerErrorException. */
  errorRate: number;
  /** Regions whose every request fails (see failMode). */
  failRegions: string[];
  /** 'error' answers 500; 'hang' never answers (the socket stays open until the client gives up or the server closes). */
  failMode: 'error' | 'hang';
}

export const NO_FAULTS: Faults = { latencyMs: 0, jitterMs: 0, throttleRate: 0, errorRate: 0, failRegions: [], failMode: 'error' };

export type Outcome = 'ok' | 'throttle' | 'error' | 'hang';

export interface Decision {
  delayMs: number;
  outcome: Outcome;
}

export class FaultInjector {
  private faults: Faults;
  private readonly rng: Rng;

  constructor(seed: number, initial: Partial<Faults> = {}) {
    this.rng = new Rng(subSeed(seed, 'faults'));
    this.faults = validateFaults({ ...NO_FAULTS, ...initial });
  }

  set(partial: Partial<Faults>): void {
    this.faults = validateFaults({ ...this.faults, ...partial });
  }

  get current(): Faults {
    return { ...this.faults, failRegions: [...this.faults.failRegions] };
  }

  decide(region: string): Decision {
    const f = this.faults;
    const jitter = this.rng.next();
    const throttle = this.rng.next();
    const error = this.rng.next();
    const delayMs = Math.max(0, f.latencyMs + Math.round(jitter * f.jitterMs));
    if (f.failRegions.includes(region)) return { delayMs, outcome: f.failMode === 'hang' ? 'hang' : 'error' };
    if (throttle < f.throttleRate) return { delayMs, outcome: 'throttle' };
    if (error < f.errorRate) return { delayMs, outcome: 'error' };
    return { delayMs, outcome: 'ok' };
  }
}

function validateFaults(f: Faults): Faults {
  const rate = (name: string, v: number): void => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${v}`);
  };
  rate('throttleRate', f.throttleRate);
  rate('errorRate', f.errorRate);
  if (!(f.latencyMs >= 0) || !(f.jitterMs >= 0)) throw new RangeError('latencyMs and jitterMs must be >= 0');
  if (f.failMode !== 'error' && f.failMode !== 'hang') throw new RangeError(`failMode must be 'error' or 'hang'`);
  return f;
}

/** What a mangle hook sees: one request the server would answer (the route exists). */
export interface MangleCall {
  region: string;
  operation: string;
  /** The request: the JSON body (GuardDuty) or the query and path parameters (EKS). */
  input: unknown;
  /** The server's own answer (throws the server's error, as the request would have failed). */
  output(): unknown;
  /** How many times this operation was asked in this region before (0 for the first). */
  seq: number;
}

/**
 * A hostile or broken server: rewrites (or delays) answers. Returns the body to send with HTTP 200 instead (any
 * JSON value, so `[1,2,3]` too), or undefined for the server's own answer; may be async to answer slowly.
 * The server's handler runs (once) only if the hook calls output() or returns undefined.
 */
export type Mangle = (call: MangleCall) => unknown;

/** Counts requests per region and operation, and runs the hook around the server's handler. */
export class Mangler {
  private readonly seen = new Map<string, number>();
  hook: Mangle | undefined;

  async answer(region: string, operation: string, input: unknown, handle: () => unknown): Promise<unknown> {
    if (!this.hook) return handle();
    const key = `${region} ${operation}`;
    const seq = this.seen.get(key) ?? 0;
    this.seen.set(key, seq + 1);
    // The handler runs at most once, whether the hook asked for its answer, or kept it, or both.
    let answer: { value: unknown } | undefined;
    const output = () => (answer ??= { value: handle() }).value;
    const replaced = await this.hook({ region, operation, input, output, seq });
    return replaced === undefined ? output() : replaced;
  }
}
