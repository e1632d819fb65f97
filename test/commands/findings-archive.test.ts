import {
  ArchiveFindingsCommand,
  BadRequestException,
  GetAdministratorAccountCommand,
  GetFindingsCommand,
  ListDetectorsCommand,
  UnarchiveFindingsCommand,
  type Finding,
} from '@aws-sdk/client-guardduty';
import { beforeEach, describe, expect, it } from 'vitest';
import { guardDutyMock, resetAwsMocks } from '../helpers/aws.js';
import { runCli } from '../helpers/cli.js';
import { makeFinding } from './findings-fixtures.js';

const inputs = <T>(cmd: new (...a: never[]) => T) => guardDutyMock.commandCalls(cmd as never).map((c) => c.args[0].input as { FindingIds?: string[] });

describe('gdeks findings archive / unarchive', () => {
  let store: Finding[];
  beforeEach(() => {
    resetAwsMocks();
    store = Array.from({ length: 120 }, (_, i) => makeFinding(i, 'us-east-1', { Service: { Archived: i % 10 === 0, Count: 1 } }));
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
    guardDutyMock.on(GetFindingsCommand).callsFake(async (input: { FindingIds: string[] }) => ({ Findings: store.filter((f) => input.FindingIds.includes(f.Id ?? '')) }));
    guardDutyMock.on(ArchiveFindingsCommand).resolves({});
    guardDutyMock.on(UnarchiveFindingsCommand).resolves({});
  });

  it('archives in batches of at most 50 and counts only what changed', async () => {
    const ids = store.map((f) => f.Id ?? '');
    const r = await runCli(['findings', 'archive', ...ids, '--region', 'us-east-1']);
    expect(r.code).toBe(0);
    expect(inputs(GetFindingsCommand).map((c) => c.FindingIds?.length)).toEqual([50, 50, 20]);
    const archived = inputs(ArchiveFindingsCommand);
    expect(archived.map((c) => c.FindingIds?.length)).toEqual([50, 50, 8]);
    // The 12 already archived are not sent again.
    expect(archived.flatMap((c) => c.FindingIds)).toEqual(store.filter((f) => !f.Service?.Archived).map((f) => f.Id));
    expect(r.stdout).toMatch(/us-east-1: archived 108 findings \(12 already archived\)/);
    expect(inputs(UnarchiveFindingsCommand)).toHaveLength(0);
  });

  it('unarchive calls UnarchiveFindings for the archived ones; -o json lists them', async () => {
    const ids = [store[0]?.Id ?? '', store[1]?.Id ?? ''];
    const r = await runCli(['findings', 'unarchive', ...ids, '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(inputs(UnarchiveFindingsCommand)).toEqual([{ DetectorId: 'det-1', FindingIds: [ids[0]] }]);
    expect(JSON.parse(r.stdout)).toEqual({
      results: [{ region: 'us-east-1', detectorId: 'det-1', unarchived: [ids[0]], unchanged: [ids[1]] }],
      notFound: [],
    });
  });

  it('ids that do not exist are named, and the exit code is 1', async () => {
    const missing = 'a'.repeat(32);
    const r = await runCli(['findings', 'archive', store[1]?.Id ?? '', missing, '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(inputs(ArchiveFindingsCommand)).toEqual([{ DetectorId: 'det-1', FindingIds: [store[1]?.Id] }]);
    expect(r.stderr).toMatch(new RegExp(`1 finding not found in us-east-1: ${missing}`));
  });

  it.each([['UPPERCASE0123'], ['has-dash'], ['x'.repeat(301)], ['']])('malformed id %j: exit 2 before any AWS call', async (bad) => {
    const r = await runCli(['findings', 'archive', store[1]?.Id ?? '', bad, '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a GuardDuty finding id/);
    expect(guardDutyMock.calls()).toHaveLength(0);
  });

  it('a member account is told plainly that only its administrator can archive', async () => {
    guardDutyMock.on(ArchiveFindingsCommand).rejects(
      new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: 'The request is rejected because the input findingIds are not allowed.' }),
    );
    guardDutyMock.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: '111122223333', RelationshipStatus: 'Enabled' } });
    const r = await runCli(['findings', 'archive', store[1]?.Id ?? '', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/us-east-1: this account is a GuardDuty member account; only administrator account 111122223333 can archive findings/);
  });

  it('any other 400 is reported as it is', async () => {
    guardDutyMock.on(ArchiveFindingsCommand).rejects(new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: 'The request is rejected because an invalid or out-of-range value is specified as an input parameter.' }));
    guardDutyMock.on(GetAdministratorAccountCommand).resolves({});
    const r = await runCli(['findings', 'archive', store[1]?.Id ?? '', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/GuardDuty rejected ArchiveFindings in us-east-1: The request is rejected because an invalid or out-of-range value/);
    expect(r.stderr).not.toMatch(/member/);
  });
});
