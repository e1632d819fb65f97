// A reader that goes away (`gdeks ... | head -1`) must not turn a CI gate green: the exit code is the verdict
// on what gdeks wrote before the pipe closed. The built binary, against the project's test servers.
import type { Finding } from '@aws-sdk/client-guardduty';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, binEnv } from '../helpers/bin.js';
import { startEksServer, type EksClusterSpec, type RunningEksServer } from '../server/eks.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';

interface PipeResult {
  code: number | null;
  /** What the reader took before closing its end. */
  read: string;
  stderr: string;
}

/**
 * Runs the binary with stdout on a pipe whose reader closes after `lines` lines (0: before reading anything),
 * as `| head -n LINES` does.
 */
function runWithClosingReader(args: string[], env: Record<string, string>, lines: number): Promise<PipeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: binEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let read = '';
    let stderr = '';
    if (lines === 0) child.stdout.destroy();
    else {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        read += d;
        const kept = read.split('\n');
        if (kept.length > lines) {
          read = kept.slice(0, lines).join('\n');
          child.stdout.destroy();
        }
      });
    }
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, read, stderr });
    });
  });
}

describe('a closed pipe keeps the verdict (built binary, test servers)', () => {
  let gd: RunningServer;
  let eks: RunningEksServer;
  const CLUSTERS: EksClusterSpec[] = [
    { name: 'prod-eu', coverage: { coverageStatus: 'HEALTHY', managementType: 'AUTO_MANAGED', addonVersion: 'v1.10.0-eksbuild.2', addonStatus: 'ACTIVE', coveredNodes: 6, compatibleNodes: 6 } },
    { name: 'new-cluster', coverage: false, addon: false },
  ];

  beforeAll(async () => {
    // Enough findings that the output is far bigger than a pipe's buffer: the reader's going away is noticed mid-run.
    [gd, eks] = await Promise.all([
      startGuardDutyServer({
        seed: 5,
        findings: 3000,
        clusters: CLUSTERS,
        detector: { features: [{ name: 'EKS_AUDIT_LOGS', status: 'ENABLED' }, { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] }] },
      }),
      startEksServer({ clusters: CLUSTERS }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([gd?.close(), eks?.close()]);
  });

  it('findings list -o ndjson --fail-on high | head -1: the line read is high or critical, so exit 3 (as without head), and fetching stops', async () => {
    const env = { AWS_REGION: 'us-east-1' };
    const r = await runWithClosingReader(['findings', 'list', '-o', 'ndjson', '--fail-on', 'high', '--endpoint-url', gd.url], env, 1);
    const first = JSON.parse(r.read) as Finding;
    expect(first.Severity).toBeGreaterThanOrEqual(7);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(3);
    // It stopped listing once the reader had gone: far fewer than the 60 ListFindings pages of a full listing.
    expect(gd.stats.byOperation.ListFindings ?? 0).toBeLessThan(30);
  });

  it('findings list --fail-on high with its reader gone before the first line: still exit 3, not green for what nobody read', async () => {
    const env = { AWS_REGION: 'us-east-1' };
    for (const output of ['table', 'json', 'ndjson']) {
      const r = await runWithClosingReader(['findings', 'list', '-o', output, '--fail-on', 'high', '--endpoint-url', gd.url], env, 0);
      expect(r.stderr).toMatch(/--fail-on high: /);
      expect(r.code).toBe(3);
    }
  });

  it('status --fail-unprotected with its reader gone before the first line: still exit 3', async () => {
    const env = { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_GUARDDUTY: gd.url, AWS_ENDPOINT_URL_EKS: eks.url };
    for (const output of ['table', 'json']) {
      const r = await runWithClosingReader(['status', '--fail-unprotected', '-o', output], env, 0);
      expect(r.stderr).toMatch(/--fail-unprotected: .*new-cluster/);
      expect(r.code).toBe(3);
    }
  });
});
