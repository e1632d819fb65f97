import { describe, expect, it } from 'vitest';
import { resolveGlobals } from '../../src/domain/globals.js';
import { parseRegionList } from '../../src/domain/regions.js';

describe('resolveGlobals', () => {
  it('accepts the documented values', () => {
    const g = resolveGlobals({ regions: 'us-east-1, eu-west-1,us-east-1', output: 'JSON', maxAttempts: '3', readTimeout: '2.5' }, {});
    expect(g.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(g.output).toBe('json');
    expect(g.maxAttempts).toBe(3);
    expect(g.readTimeoutMs).toBe(2500);
  });

  it('NO_COLOR turns colour off like --no-color', () => {
    expect(resolveGlobals({}, { NO_COLOR: '1' }).noColor).toBe(true);
    expect(resolveGlobals({ color: false }, {}).noColor).toBe(true);
    expect(resolveGlobals({}, {}).noColor).toBe(false);
  });

  it.each([
    [{ region: 'us_east_1' }, /not a region name/],
    [{ regions: 'us-east-1,moon' }, /"moon" is not a region name/],
    [{ region: 'us-east-1', regions: 'eu-west-1' }, /either --region or --regions/],
    [{ output: 'yaml' }, /use one of table, json, ndjson/],
    [{ endpointUrl: 'localhost:5000' }, /must start with http/],
    [{ maxAttempts: '0' }, /whole number from 1 to 20/],
    [{ connectTimeout: 'soon' }, /number of seconds/],
  ])('rejects %j', (raw, message) => {
    expect(() => resolveGlobals(raw, {})).toThrow(message);
  });

  it('rejects an empty region list', () => {
    expect(() => parseRegionList(' , ')).toThrow(/at least one region/);
  });
});

describe('--regions all', () => {
  it('alone (any case): every enabled region, looked up when the command runs', () => {
    for (const value of ['all', 'ALL', ' all ']) {
      const g = resolveGlobals({ regions: value }, {});
      expect(g.allRegions).toBe(true);
      expect(g.regions).toBeUndefined();
    }
    expect(resolveGlobals({ regions: 'us-east-1' }, {}).allRegions).toBeUndefined();
  });

  it('mixed with region names: a usage error', () => {
    for (const value of ['all,us-east-1', 'us-east-1 all', 'all,all']) {
      expect(() => parseRegionList(value)).toThrow(/"all" stands alone/);
    }
    expect(() => resolveGlobals({ regions: 'all,eu-west-1' }, {})).toThrow(/"all" stands alone/);
    expect(() => resolveGlobals({ regions: 'all', region: 'us-east-1' }, {})).toThrow(/either --region or --regions/);
  });
});
