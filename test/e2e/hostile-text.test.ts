// Text from a hostile service (finding titles, cluster names, process paths, error messages, request ids) cannot
// forge output: the built binary against the test servers seeded with line breaks, bidi overrides and C1 controls.
import type { Finding } from '@aws-sdk/client-guardduty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { startEksServer, type EksClusterSpec, type RunningEksServer } from '../server/eks.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import { parseNdjson } from './findings-helpers.js';

/** A right-to-left override, a line separator, C1 CSI and NEL, then a line of its own that looks like a row. */
const FORGED = 'FORGED-ROW';
const HOSTILE = `\u202eevil\u2028x\u009b2J\u0085\n${FORGED} critical`;
/** HOSTILE as printed: every one of those characters escaped, all on one line. */
const ESCAPED = `\\u202eevil\\u2028x\\u009b2J\\u0085\\u000a${FORGED} critical`;
const CLUSTER = `prod${HOSTILE}`;
const CLUSTERS: EksClusterSpec[] = [
  { name: CLUSTER, coverage: false, addon: false },
  { name: 'payments', coverage: { coverageStatus: 'HEALTHY', managementType: 'AUTO_MANAGED', addonVersion: 'v1.10.0-eksbuild.2', addonStatus: 'ACTIVE' } },
];
const REQUEST_ID = 'req\u009b2J-forged';

/** Raw characters that must never reach a terminal (or a JSON document) unescaped. */
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** No line of the output starts with the forged text: it stayed inside the field it came in. */
function expectNoForgedLine(text: string): void {
  for (const line of text.split('\n')) expect(line.startsWith(FORGED), `forged line: ${JSON.stringify(line)}`).toBe(false);
  expect(text).not.toMatch(RAW_UNSAFE);
}

describe('hostile text from the service cannot forge output (built binary, test servers)', () => {
  let gd: RunningServer;
  let eks: RunningEksServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    [gd, eks] = await Promise.all([
      startGuardDutyServer({
        seed: 5,
        findings: 12,
        clusters: CLUSTERS,
        hostile: HOSTILE,
        requestId: REQUEST_ID,
        failRegions: ['ap-south-1'],
        detector: {
          features: [
            { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
            { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' }] },
          ],
        },
      }),
      startEksServer({ clusters: CLUSTERS }),
    ]);
    env = { AWS_ENDPOINT_URL_GUARDDUTY: gd.url, AWS_ENDPOINT_URL_EKS: eks.url, AWS_REGION: 'us-east-1' };
  });
  afterAll(async () => {
    await Promise.all([gd?.close(), eks?.close()]);
  });

  it('findings list: one row per finding, the cluster name escaped', async () => {
    const json = parseNdjson((await runBin(['findings', 'list', '-o', 'ndjson'], { env })).stdout);
    const r = await runBin(['findings', 'list'], { env });
    expect(r.code).toBe(0);
    expectNoForgedLine(r.stdout);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(json.length + 1);
    expect(r.stdout).toContain('prod\\u202');
  });

  it('findings show: the title and the process path stay on their lines, escaped', async () => {
    const json = parseNdjson((await runBin(['findings', 'list', '-o', 'ndjson'], { env })).stdout);
    const runtime = json.find((f) => f.Service?.RuntimeDetails?.Process?.ExecutablePath);
    if (!runtime?.Id) throw new Error('the server seeded no runtime finding');
    const r = await runBin(['findings', 'show', runtime.Id], { env });
    expect(r.code).toBe(0);
    expectNoForgedLine(r.stdout);
    // Once in the title, once in the process path.
    expect(r.stdout.split(ESCAPED).length - 1).toBeGreaterThanOrEqual(2);
  });

  it('-o json and ndjson stay valid JSON that round-trips to the same strings, with C1, bidi and separators escaped', async () => {
    for (const format of ['json', 'ndjson'] as const) {
      const r = await runBin(['findings', 'list', '-o', format], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(RAW_UNSAFE);
      expect(r.stdout).toContain('\\u202e');
      const findings: Finding[] = format === 'json' ? (JSON.parse(r.stdout) as Finding[]) : parseNdjson(r.stdout);
      expect(findings.length).toBeGreaterThan(0);
      for (const f of findings) expect(f.Title?.endsWith(HOSTILE)).toBe(true);
      expect(findings.some((f) => f.Resource?.EksClusterDetails?.Name === CLUSTER)).toBe(true);
    }
  });

  it('status: the cluster name cannot fake a row or a fix line', async () => {
    const r = await runBin(['status', '--region', 'us-east-1'], { env });
    expect(r.code).toBe(0);
    expectNoForgedLine(r.stdout);
    expectNoForgedLine(r.stderr);
    expect(r.stdout).toContain(`fix: aws eks create-addon --cluster-name 'prod${ESCAPED}'`);
  });

  it('an error message from the service is printed escaped (its first line only, as before)', async () => {
    const r = await runBin(['findings', 'list', '--region', 'ap-south-1', '--max-attempts', '1'], { env });
    expect(r.code).toBe(1);
    expectNoForgedLine(r.stderr);
    expect(r.stderr).toMatch(/^error: .*service\.\\u202eevil\\u2028x\\u009b2J\\u0085 \(HTTP 500, request id req.?\\u009b2J-forged\)\n$/);
  });

  it('--debug: the request id the endpoint sent back is escaped', async () => {
    const r = await runBin(['findings', 'list', '--debug', '-o', 'json'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(RAW_UNSAFE);
    // Node sends the header as UTF-8 and the client reads it as latin-1, so U+009B arrives after an "Â".
    expect(r.stderr).toMatch(/request-id=req.?\\u009b2J-forged/);
  });
});
