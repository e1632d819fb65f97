import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ATTEMPTS, retryDelayMs } from '../../src/aws/clients.js';

describe('retry backoff', () => {
  it('grows exponentially with full jitter, capped at 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, () => 1))).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
    expect(retryDelayMs(3, () => 0)).toBe(0);
    expect(retryDelayMs(3, () => 0.5)).toBe(200);
  });

  it('an endpoint that always fails is given up on within 11.3 s of waiting', () => {
    let worst = 0;
    for (let n = 1; n < DEFAULT_MAX_ATTEMPTS; n++) worst += retryDelayMs(n, () => 1);
    expect(worst).toBe(11_300);
  });
});
