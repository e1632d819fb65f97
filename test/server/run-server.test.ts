// `npm run server`: the script behind it starts the GuardDuty and EKS test servers in the foreground, prints the
// export lines to paste, answers requests at those endpoints with those credentials, and stops on Ctrl-C.
// `node scripts/test-server.mjs` run directly does the same (it used to exit doing nothing).

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { GetUsageStatisticsCommand, GuardDutyClient, ListDetectorsCommand, ListFiltersCommand } from '@aws-sdk/client-guardduty';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Start a script and collect stdout until the "then try" hint line has been printed. */
async function startScript(script: string, args: string[]): Promise<{ child: ChildProcess; output: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no instructions within 60 s; stdout: ${out} stderr: ${err}`)), 60_000);
    const check = (): void => {
      if (/# then try: .*gdeks status/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing the instructions; stdout: ${out} stderr: ${err}`));
    });
  });
  return { child, output: () => out, exit };
}

/** The variables the printed `export` lines set. */
function exported(output: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of output.split('\n').filter((l) => l.startsWith('export '))) {
    for (const pair of line.slice('export '.length).split(' ')) {
      const [k, v] = pair.split('=');
      if (k && v) vars[k] = v;
    }
  }
  return vars;
}

describe('npm run server', () => {
  it('package.json runs scripts/server.mjs (after a build, so the hint command works)', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.server).toBe('npm run build && node scripts/server.mjs');
  });

  it('prints the export lines, answers GuardDuty and EKS requests there with the printed credentials, stops on SIGINT', async () => {
    const { child, output, exit } = await startScript('scripts/server.mjs', ['--findings', '5', '--members', '3', '--seed', '4']);
    const vars = exported(output());
    expect(Object.keys(vars).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_ENDPOINT_URL_ACCOUNT', 'AWS_ENDPOINT_URL_EKS', 'AWS_ENDPOINT_URL_GUARDDUTY', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY']);
    expect(vars.AWS_ENDPOINT_URL_GUARDDUTY).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(vars.AWS_ENDPOINT_URL_EKS).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output()).toMatch(/^unset AWS_PROFILE AWS_SESSION_TOKEN$/m);

    const gd = new GuardDutyClient({
      region: vars.AWS_REGION ?? '',
      endpoint: vars.AWS_ENDPOINT_URL_GUARDDUTY ?? '',
      credentials: { accessKeyId: vars.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: vars.AWS_SECRET_ACCESS_KEY ?? '' },
    });
    const id = (await gd.send(new ListDetectorsCommand({}))).DetectorIds?.[0] ?? '';
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect((await gd.send(new ListFiltersCommand({ DetectorId: id }))).FilterNames).toEqual([]);
    // --members passed through: the account is a delegated administrator with 3 members (+ itself) in the usage.
    const usage = await gd.send(new GetUsageStatisticsCommand({ DetectorId: id, UsageStatisticType: 'SUM_BY_ACCOUNT', UsageCriteria: {} }));
    expect(usage.UsageStatistics?.SumByAccount?.length).toBeGreaterThan(1);
    const clusters = (await (await fetch(`${vars.AWS_ENDPOINT_URL_EKS}/clusters`)).json()) as { clusters: string[] };
    expect(clusters.clusters).toContain('prod-eu');
    // `--regions all` works against it too: the printed Account endpoint answers ListRegions.
    const account = new AccountClient({
      region: vars.AWS_REGION ?? '',
      endpoint: vars.AWS_ENDPOINT_URL_ACCOUNT ?? '',
      credentials: { accessKeyId: vars.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: vars.AWS_SECRET_ACCESS_KEY ?? '' },
    });
    const regions = (await account.send(new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] }))).Regions ?? [];
    expect(regions.map((r) => r.RegionName)).toContain('us-east-1');

    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(output()).toContain('test server stopped');
    await expect(fetch(`${vars.AWS_ENDPOINT_URL_GUARDDUTY}/detector`)).rejects.toThrow();
  });

  it('node scripts/test-server.mjs run directly does the same, and stops on SIGTERM', async () => {
    const { child, output, exit } = await startScript('scripts/test-server.mjs', ['--findings', '5']);
    const vars = exported(output());
    const res = await fetch(`${vars.AWS_ENDPOINT_URL_GUARDDUTY}/detector`);
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('a bad flag is a usage error (exit 2) and starts nothing', async () => {
    const child = spawn(process.execPath, ['scripts/server.mjs', '--findings', 'many'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--findings must be a number');
  });
});
