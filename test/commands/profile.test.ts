import { ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { guardDutyMock, resetAwsMocks, EXAMPLE_CONFIG } from '../helpers/aws.js';
import { runCli } from '../helpers/cli.js';

describe('--profile / AWS_PROFILE naming a profile that does not exist', () => {
  let dir: string;
  beforeEach(() => {
    resetAwsMocks();
    dir = mkdtempSync(join(tmpdir(), 'gdeks-profiles-'));
    writeFileSync(join(dir, 'config'), '[profile dev]\nregion = us-east-1\n[sso-session corp]\nsso_region = us-east-1\n');
    writeFileSync(join(dir, 'credentials'), '[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = ci-secret\n');
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'));
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
  });
  afterEach(() => vi.unstubAllEnvs());

  it('exits 2 before any AWS call, naming the files read and the profiles they define', async () => {
    const r = await runCli(['status', '--region', 'us-east-1', '--profile', 'nosuch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`profile "nosuch" (--profile) is not defined in ${join(dir, 'config')} or ${join(dir, 'credentials')}`);
    expect(r.stderr).toContain('defined profiles: ci, dev');
    expect(r.stderr.match(/error:/g)).toHaveLength(1);
    expect(guardDutyMock.calls()).toHaveLength(0);
  });

  it('says when AWS_PROFILE is the one at fault', async () => {
    vi.stubEnv('AWS_PROFILE', 'staging');
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('profile "staging" (AWS_PROFILE) is not defined');
    expect(guardDutyMock.calls()).toHaveLength(0);
  });

  it('a profile from either file is used as before', async () => {
    for (const profile of ['dev', 'ci']) {
      const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1', '--dry-run', '--profile', profile]);
      expect(r.stderr).not.toContain('is not defined');
    }
    expect(guardDutyMock.commandCalls(ListDetectorsCommand).length).toBeGreaterThan(0);
  });

  it('validate never needs a profile', async () => {
    const r = await runCli(['validate', EXAMPLE_CONFIG, '--profile', 'nosuch']);
    expect(r.code).toBe(0);
  });
});
