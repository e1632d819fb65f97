// `findings show | sample | archive | unarchive` as a user runs them: the built binary against the project's
// GuardDuty test server, with the server's state read back through the plain SDK.
import { GetFindingsCommand, type Finding } from '@aws-sdk/client-guardduty';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EKS_FINDING_TYPES } from '../../src/domain/findings-types.js';
import { binEnv, runBin } from '../helpers/bin.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import { allFindings, detectorOf, ids, normalizeTimestamps, sdk, sorted } from './findings-helpers.js';

const execFileP = promisify(execFile);

describe('gdeks findings show / sample / archive / unarchive (built binary, test server)', () => {
  let server: RunningServer;
  let findings: Finding[];
  const gdeks = (args: string[]) => runBin(['findings', ...args, '--endpoint-url', server.url], { env: { AWS_REGION: 'us-east-1' } });
  const eks = () => findings.filter((f) => f.Resource?.ResourceType === 'EKSCluster' && !f.Service?.Archived);
  async function archivedState(idList: string[]): Promise<Array<boolean | undefined>> {
    const byId = new Map<string | undefined, boolean | undefined>();
    for (let i = 0; i < idList.length; i += 50) {
      const out = await sdk(server, 'us-east-1').send(
        new GetFindingsCommand({ DetectorId: await detectorOf(server, 'us-east-1'), FindingIds: idList.slice(i, i + 50) }),
      );
      for (const f of out.Findings ?? []) byId.set(f.Id, f.Service?.Archived);
    }
    return idList.map((id) => byId.get(id));
  }

  beforeAll(async () => {
    server = await startGuardDutyServer({ seed: 23, findings: 80 });
    findings = await allFindings(server, 'us-east-1');
  });
  afterAll(async () => server?.close());

  describe('show', () => {
    it('prints the finding for a person: type, severity, cluster, who, when', async () => {
      const f = eks().find((x) => x.Service?.Action?.KubernetesApiCallAction?.RemoteIpDetails) ?? eks()[0];
      if (!f) throw new Error('the server seeded no EKS finding');
      const r = await gdeks(['show', f.Id ?? '']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(f.Type);
      expect(r.stdout).toContain((f.Severity ?? 0).toFixed(1));
      expect(r.stdout).toMatch(new RegExp(`Cluster +${f.Resource?.EksClusterDetails?.Name}`));
      expect(r.stdout).toMatch(/First seen +\d{4}-\d{2}-\d{2}T/);
      expect(r.stdout).toMatch(/Archived +no/);
      const ip = f.Service?.Action?.KubernetesApiCallAction?.RemoteIpDetails?.IpAddressV4;
      if (ip) expect(r.stdout).toMatch(new RegExp(`Remote IP +${ip.replace(/\./g, '\\.')} `));
    });

    it('-o json is the same object `findings list -o json` prints, and what aws guardduty get-findings prints', async (ctx) => {
      const f = eks()[3];
      if (!f) throw new Error('too few findings');
      const shown = JSON.parse((await gdeks(['show', f.Id ?? '', '-o', 'json'])).stdout) as Finding;
      const listed = JSON.parse((await gdeks(['list', '-o', 'json'])).stdout) as Finding[];
      expect(shown).toEqual(listed.find((x) => x.Id === f.Id));
      const hasAws = await execFileP('aws', ['--version']).then(() => true, () => false);
      if (!hasAws) return ctx.skip('the AWS CLI (`aws`) is not installed: skipping the comparison with aws guardduty get-findings');
      const { stdout } = await execFileP(
        'aws',
        ['guardduty', 'get-findings', '--detector-id', await detectorOf(server, 'us-east-1'), '--finding-ids', f.Id ?? '', '--endpoint-url', server.url, '--region', 'us-east-1'],
        { env: binEnv() },
      );
      expect(normalizeTimestamps(shown)).toEqual(normalizeTimestamps((JSON.parse(stdout) as { Findings: Finding[] }).Findings[0]));
    });

    it('an unknown id: exit 1 and a clear message', async () => {
      const r = await gdeks(['show', '0'.repeat(32)]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/error: no finding with id 0{32} in region us-east-1/);
    });

    it('a malformed id: exit 2, nothing sent', async () => {
      const before = server.stats.requests;
      const r = await gdeks(['show', 'NOT/AN/ID']);
      expect(r.code).toBe(2);
      expect(server.stats.requests).toBe(before);
    });
  });

  describe('archive and unarchive', () => {
    it('archived findings leave the default listing and come back when unarchived', async () => {
      const targets = ids(eks().slice(0, 3));
      const archive = await gdeks(['archive', ...targets]);
      expect(archive.code).toBe(0);
      expect(archive.stdout).toMatch(/us-east-1: archived 3 findings/);
      expect(await archivedState(targets)).toEqual([true, true, true]);
      const listed = JSON.parse((await gdeks(['list', '-o', 'json'])).stdout) as Finding[];
      for (const id of targets) expect(ids(listed)).not.toContain(id);
      const withArchived = JSON.parse((await gdeks(['list', '--archived', '-o', 'json'])).stdout) as Finding[];
      expect(ids(withArchived)).toEqual(expect.arrayContaining(targets));
      // JSON says which are archived (GuardDuty's own Service.Archived); the table marks them.
      for (const f of withArchived) if (targets.includes(f.Id ?? '')) expect(f.Service?.Archived).toBe(true);
      const archivedIds = ids(withArchived.filter((f) => f.Service?.Archived === true));
      const table = (await gdeks(['list', '--archived', '--no-color'])).stdout.trimEnd().split('\n').slice(1);
      expect(table).toHaveLength(withArchived.length);
      for (const line of table) {
        const id = line.split(' ').pop() ?? '';
        expect([id, line.includes('[archived] ')]).toEqual([id, archivedIds.includes(id)]);
      }

      const again = await gdeks(['archive', ...targets]);
      expect(again.stdout).toMatch(/archived 0 findings \(3 already archived\)/);

      const unarchive = await gdeks(['unarchive', ...targets, '-o', 'json']);
      expect(unarchive.code).toBe(0);
      expect(JSON.parse(unarchive.stdout).results[0].unarchived).toEqual(targets);
      expect(await archivedState(targets)).toEqual([false, false, false]);
    });

    it('more than 50 ids are archived in batches (the API takes 50 at most)', async () => {
      const targets = ids(eks().slice(0, 60));
      const before = server.stats.byOperation.ArchiveFindings ?? 0;
      const r = await gdeks(['archive', ...targets]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/archived 60 findings/);
      expect((server.stats.byOperation.ArchiveFindings ?? 0) - before).toBe(2);
      expect(await archivedState(targets)).toEqual(Array(60).fill(true));
      await gdeks(['unarchive', ...targets]);
      expect(await archivedState(targets)).toEqual(Array(60).fill(false));
    });

    it('an id that does not exist: the others are archived, the missing one named, exit 1', async () => {
      const target = eks()[5]?.Id ?? '';
      const r = await gdeks(['archive', target, 'f'.repeat(32)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`1 finding not found in us-east-1: ${'f'.repeat(32)}`));
      expect(await archivedState([target])).toEqual([true]);
      await gdeks(['unarchive', target]);
    });

    it('malformed ids: exit 2, nothing sent', async () => {
      const before = server.stats.requests;
      const r = await gdeks(['archive', 'ABC', '0123456789abcdef0123456789abcdef']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/"ABC" is not a GuardDuty finding id/);
      expect(server.stats.requests).toBe(before);
    });
  });

  describe('sample', () => {
    it('requests every EKS finding type and they can then be listed', async () => {
      const r = await gdeks(['sample']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`us-east-1: requested ${EKS_FINDING_TYPES.length} sample findings`);
      expect(r.stdout).toContain('gdeks findings list --region us-east-1 --since 15m');
      expect(server.stats.byOperation.CreateSampleFindings).toBe(Math.ceil(EKS_FINDING_TYPES.length / 50));
      const recent = JSON.parse((await gdeks(['list', '--since', '15m', '-o', 'json'])).stdout) as Finding[];
      const samples = recent.filter((f) => f.Service?.AdditionalInfo?.Value?.includes('"sample":true'));
      expect(sorted(samples.map((f) => f.Type ?? ''))).toEqual(sorted([...EKS_FINDING_TYPES]));
    });
  });

  describe('member account and missing detector', () => {
    it('a member account is told that only its administrator can archive', async () => {
      const member = await startGuardDutyServer({ seed: 5, findings: 10, memberOf: '111122223333' });
      try {
        const [f] = (await allFindings(member, 'us-east-1')).filter((x) => !x.Service?.Archived);
        const r = await runBin(['findings', 'archive', f?.Id ?? '', '--endpoint-url', member.url], { env: { AWS_REGION: 'us-east-1' } });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/us-east-1: this account is a GuardDuty member account; only administrator account 111122223333 can archive findings/);
      } finally {
        await member.close();
      }
    });

    it('no detector: list, sample and archive exit 1 with "run gdeks enable first"', async () => {
      const bare = await startGuardDutyServer({ detector: false });
      try {
        for (const args of [['list'], ['sample'], ['archive', 'a'.repeat(32)]]) {
          const r = await runBin(['findings', ...args, '--endpoint-url', bare.url], { env: { AWS_REGION: 'eu-west-1' } });
          expect(r.code).toBe(1);
          expect(r.stderr).toMatch(/eu-west-1: no GuardDuty detector; run `gdeks enable --features <file> --region eu-west-1` first/);
        }
      } finally {
        await bare.close();
      }
    });
  });
});
