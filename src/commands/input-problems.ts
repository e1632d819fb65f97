import { InputError, UsageError, type Problem } from '../errors.js';
import { loadFeatures } from '../features/read.js';
import type { DesiredFeature } from '../domain/features.js';

/**
 * Collects every problem with a command's input (flags, arguments, the features file) instead of stopping at
 * the first, so one run reports everything to fix (bad input: every problem at once, exit 2, no AWS
 * call). Checks run in the order the problems are printed.
 */
export class InputProblems {
  private readonly usage: UsageError[] = [];
  private readonly file: Problem[] = [];

  add(message: string, details?: readonly string[]): void {
    this.usage.push(new UsageError(message, details));
  }

  /** Runs one flag's parser; its UsageError is kept and `undefined` returned. */
  check<T>(parse: () => T): T | undefined {
    try {
      return parse();
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      this.usage.push(e);
      return undefined;
    }
  }

  /** Reads and validates the features file whatever the flags' problems; its problems are kept. */
  features(spec: string, signal?: AbortSignal): Promise<{ file: string; features: DesiredFeature[] } | undefined> {
    return this.input(() => loadFeatures(spec, undefined, signal));
  }

  /** Reads and validates an input file (features, rules) whatever the flags' problems; its problems are kept. */
  async input<T>(load: () => Promise<T>): Promise<T | undefined> {
    try {
      return await load();
    } catch (e) {
      if (e instanceof InputError) {
        this.usage.push(...e.usage);
        this.file.push(...e.problems);
      } else if (e instanceof UsageError) {
        this.usage.push(e);
      } else {
        throw e;
      }
      return undefined;
    }
  }

  /** Throws every problem at once (src/cli.ts prints them, then "nothing was sent to AWS"); returns when there is none. */
  throwIfAny(): void {
    if (this.usage.length > 0 || this.file.length > 0) throw new InputError(this.file, this.usage);
  }
}
