/**
 * The problems of one file, first in file order and bounded: a 1 MiB file of `{}` has ~700,000 problems, and
 * keeping them all took a gigabyte and seconds of sorting to print a hundred. Every problem is counted, only
 * the first `limit` (by position) are kept.
 */
import type { Draft } from './ast.js';

const byPosition = (a: Draft, b: Draft): number => a.line - b.line || a.column - b.column;

export class ProblemList {
  private kept: Draft[] = [];
  private total = 0;

  /** Keeps `limit` problems plus one, whose position the "and N more" line takes. */
  constructor(private readonly limit: number) {}

  add(draft: Draft): void {
    this.total++;
    this.kept.push(draft);
    // Sorting only when twice the bound: linear in the number of problems. The sort is stable, and what it drops
    // sorts after `limit + 1` problems already kept, so the result is the first of all of them in file order.
    if (this.kept.length >= 2 * (this.limit + 1)) this.trim();
  }

  get count(): number {
    return this.total;
  }

  /** The first `limit` problems in file order, then (when there were more) one saying how many were left out. */
  list(): Draft[] {
    this.trim();
    const shown = this.kept.slice(0, this.limit);
    const next = this.kept[this.limit];
    if (!next) return shown;
    const omitted = this.total - this.limit;
    return [...shown, { ...next, message: `and ${omitted.toLocaleString('en-US')} more problem(s) not shown`, hints: [], omitted }];
  }

  private trim(): void {
    this.kept.sort(byPosition);
    this.kept.length = Math.min(this.kept.length, this.limit + 1);
  }
}
