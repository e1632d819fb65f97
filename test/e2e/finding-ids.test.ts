// Finding ids the way people paste them, as a user runs gdeks: full ids, unique prefixes, finding ARNs (their
// region decides), several at once, and `-` for ids on stdin; `archive --dry-run` changes nothing. The built
// binary against the project's GuardDuty test server, whose state is read back through the plain SDK.
import type { Finding } from '@aws-sdk/client-guardduty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import { allFindings } from './findings-helpers.js';

/** The longest prefix (at least 4 characters) that two ids share, and the ids that have it. */
function sharedPrefix(idList: readonly string[]): { prefix: string; ids: string[] } | undefined {
  const s = [...idList].sort();
  let best: { prefix: string; ids: string[] } | undefined;
  for (let i = 1; i < s.length; i++) {
    const a = s[i - 1] ?? '';
    const b = s[i] ?? '';
    let n = 0;
    while (n < a.length && a[n] === b[n]) n++;
    if (n >= 4 && (!best || n > best.prefix.length)) best = { prefix: a.slice(0, n), ids: s.filter((x) => x.startsWith(a.slice(0, n))) };
  }
  return best;
}

describe('finding ids, prefixes, ARNs and stdin (built binary, test server)', () => {
  let server: RunningServer;
  let east: Finding[];
  let west: Finding[];
  const env = { AWS_REGION: 'us-east-1' };
  const gdeks = (args: string[], stdin?: string) => runBin(['findings', ...args, '--endpoint-url', server.url], { env, ...(stdin !== undefined ? { stdin } : {}) });
  const archivedNow = async (region: string, id: string) => (await allFindings(server, region)).find((f) => f.Id === id)?.Service?.Archived ?? false;
  const unarchived = (list: Finding[]) => list.filter((f) => !f.Service?.Archived);

  beforeAll(async () => {
    // Enough findings that two ids in us-east-1 share a 4+ character prefix (found below, not assumed).
    server = await startGuardDutyServer({ seed: 41, findings: 1500 });
    [east, west] = await Promise.all([allFindings(server, 'us-east-1'), allFindings(server, 'eu-west-1')]);
  });
  afterAll(async () => server?.close());

  it('`findings list -o json` has the Id and Arn the help and README pipe through jq', async () => {
    const r = await gdeks(['list', '--limit', '2', '-o', 'json']);
    const listed = JSON.parse(r.stdout) as Array<{ Id: string; Arn: string }>;
    expect(listed[0]?.Arn).toBe(`arn:aws:guardduty:us-east-1:123456789012:detector/${east[0]?.Service?.DetectorId}/finding/${listed[0]?.Id}`);
  });

  it('show by ARN: the ARN decides the region, whatever AWS_REGION says', async () => {
    const f = west[0] as Finding;
    const r = await gdeks(['show', f.Arn ?? '', '-o', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Finding).Id).toBe(f.Id);
  });

  it('show by a unique prefix, and several at once (an array, in the order given)', async () => {
    const all = east.map((f) => f.Id ?? '');
    const unique = all.find((id) => all.filter((x) => x.startsWith(id.slice(0, 8))).length === 1) ?? '';
    const one = await gdeks(['show', unique.slice(0, 8), '-o', 'json']);
    expect(one.code).toBe(0);
    expect((JSON.parse(one.stdout) as Finding).Id).toBe(unique);
    const second = east[5] as Finding;
    const two = await gdeks(['show', second.Arn ?? '', unique.slice(0, 8), '-o', 'json']);
    expect(two.code).toBe(0);
    expect((JSON.parse(two.stdout) as Finding[]).map((f) => f.Id)).toEqual([second.Id, unique]);
  });

  it('show with one id found and one not: the found one shown, the other named, exit 1', async () => {
    const f = east[7] as Finding;
    const missing = '0'.repeat(32);
    const r = await gdeks(['show', f.Id ?? '', missing, '-o', 'json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Finding[]).map((x) => x.Id)).toEqual([f.Id]);
    expect(r.stderr).toContain(`error: 1 finding not found: ${missing}`);
  });

  it('a prefix with --regions: looked for in every region, and found in the one that has it', async () => {
    const w = west[3] as Finding;
    const westIds = west.map((f) => f.Id ?? '');
    const eastIds = new Set(east.map((f) => (f.Id ?? '').slice(0, 10)));
    const prefix = (w.Id ?? '').slice(0, 10);
    if (eastIds.has(prefix) || westIds.filter((id) => id.startsWith(prefix)).length !== 1) throw new Error('pick another finding: the prefix is not unique');
    const r = await runBin(['findings', 'show', prefix, '--regions', 'us-east-1,eu-west-1', '--endpoint-url', server.url, '-o', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Finding).Arn).toBe(w.Arn);
  });

  it('an ambiguous prefix: exit 2, naming candidates and how many', async () => {
    const shared = sharedPrefix(east.map((f) => f.Id ?? ''));
    if (!shared) throw new Error('the seeded ids share no 4-character prefix; raise the finding count');
    const r = await gdeks(['show', shared.prefix]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`ambiguous finding id "${shared.prefix}" matches ${shared.ids.length} findings: ${shared.ids.slice(0, 5).join(', ')}`);
  });

  it('a prefix that matches nothing: exit 1, saying so', async () => {
    const taken = new Set(east.map((f) => (f.Id ?? '').slice(0, 6)));
    const free = ['000000', 'ffffff', 'abcdef', '123456', '0f0f0f'].find((p) => !taken.has(p)) ?? '';
    const r = await gdeks(['show', free]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no finding id starts with "${free}" in region us-east-1`);
  });

  it('an ARN of another detector or account: exit 1, a clear error, nothing archived', async () => {
    const f = unarchived(east)[0] as Finding;
    const other = (f.Arn ?? '').replace(':123456789012:', ':210987654321:');
    const r = await gdeks(['archive', other]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the ARN is not this account's finding: arn:aws:guardduty:us-east-1:210987654321:.* is arn:aws:guardduty:us-east-1:123456789012:/);
    expect(await archivedNow('us-east-1', f.Id ?? '')).toBe(false);
  });

  it('archive --dry-run resolves and reports, and changes nothing on the server', async () => {
    const [a, b] = unarchived(east);
    const already = east.find((f) => f.Service?.Archived) as Finding;
    const missing = 'e'.repeat(32);
    const requestsBefore = { ...server.stats.byOperation };
    const r = await gdeks(['archive', '--dry-run', a?.Arn ?? '', b?.Id ?? '', already.Id ?? '', missing, '-o', 'json']);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { dryRun: boolean; results: Array<{ region: string; archived: string[]; unchanged: string[] }>; notFound: string[] };
    expect(body.dryRun).toBe(true);
    expect(body.results).toEqual([{ region: 'us-east-1', detectorId: a?.Service?.DetectorId, archived: [a?.Id, b?.Id], unchanged: [already.Id] }]);
    expect(body.notFound).toEqual([missing]);
    expect(server.stats.byOperation.ArchiveFindings ?? 0).toBe(requestsBefore.ArchiveFindings ?? 0);
    expect(await archivedNow('us-east-1', a?.Id ?? '')).toBe(false);
    const table = await gdeks(['archive', '--dry-run', a?.Id ?? '', already.Id ?? '']);
    expect(table.stdout).toBe('dry run: us-east-1: 1 finding would be archived; 1 already archived; nothing was changed\n');
  });

  it('archive - reads ids and ARNs from stdin (as `findings list -o json | jq -r ".[].Arn"` gives them), across regions', async () => {
    const e = unarchived(east).slice(10, 13);
    const w = unarchived(west).slice(0, 2);
    const stdin = `${e[0]?.Id}\n${e[1]?.Arn}  ${e[2]?.Id}\r\n${w[0]?.Arn}\n\t${w[1]?.Arn}\n`;
    const r = await runBin(['findings', 'archive', '-', '--endpoint-url', server.url, '-o', 'json'], { env, stdin });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { results: Array<{ region: string; archived: string[] }> };
    expect(body.results.map((x) => [x.region, [...x.archived].sort()])).toEqual([
      ['us-east-1', e.map((f) => f.Id).sort()],
      ['eu-west-1', w.map((f) => f.Id).sort()],
    ]);
    for (const f of e) expect(await archivedNow('us-east-1', f.Id ?? '')).toBe(true);
    for (const f of w) expect(await archivedNow('eu-west-1', f.Id ?? '')).toBe(true);
    const back = await runBin(['findings', 'unarchive', '-', '--endpoint-url', server.url], { env, stdin });
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('us-east-1: unarchived 3 findings');
  });

  it('empty stdin: exit 2, nothing sent', async () => {
    const before = server.stats.requests;
    const r = await gdeks(['archive', '-'], ' \n\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"-": no finding ids on stdin');
    expect(server.stats.requests).toBe(before);
  });

  it('malformed ids, on the command line or stdin: exit 2 naming each, no request reaches the server', async () => {
    const before = server.stats.requests;
    const good = east[0]?.Id ?? '';
    const r = await gdeks(['archive', good, 'ABCD1234', 'abc', 'arn:aws:guardduty:us-east-1:12:detector/d/finding/x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('3 arguments are not GuardDuty finding ids: "ABCD1234", "abc" is too short');
    expect(r.stderr).toContain('"12" is not an account id');
    expect(r.stderr).not.toContain(good);
    const piped = await gdeks(['show', '-'], `${good}\nnot/an/id\n`);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('"not/an/id" is not a GuardDuty finding id');
    expect(server.stats.requests).toBe(before);
  });
});
