import { loadSharedConfigFiles } from '@smithy/core/config';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/** Sections of ~/.aws/config that are not profiles (`[sso-session x]`, `[services x]`) load as "kind.name". */
const NOT_A_PROFILE = /^(sso-session|services)\./;

/**
 * A profile named by --profile or AWS_PROFILE that neither shared file defines can only fail, and the SDK would
 * say "Could not load credentials from any providers" once per call. Checked before the first call: exit 2,
 * naming the files read and the profiles they do define.
 */
export async function assertProfileExists(name: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Reads are cached by path: the SDK's credential provider then reuses them instead of reading the files again.
  const { configFile, credentialsFile } = await loadSharedConfigFiles();
  if (Object.hasOwn(configFile, name) || Object.hasOwn(credentialsFile, name)) return;
  const known = [...new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)])].filter((p) => !NOT_A_PROFILE.test(p)).sort();
  const configPath = env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config');
  const credentialsPath = env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials');
  const source = env.AWS_PROFILE === name ? 'AWS_PROFILE' : '--profile';
  throw new UsageError(`profile "${name}" (${source}) is not defined in ${configPath} or ${credentialsPath}`, [
    known.length > 0 ? `defined profiles: ${known.join(', ')}` : 'those files define no profiles',
    'Create it with `aws configure --profile NAME` (or `aws configure sso`), or pick another.',
  ]);
}

/**
 * The largest ~/.aws/config or ~/.aws/credentials gdeks lets the SDK read: the same 1 MiB as a features file
 * (src/features/read.ts), room for thousands of profiles. The SDK reads and parses the whole file on every
 * run: a 50 MB one cost 90 s and 1.4 GB before the first call.
 */
export const MAX_SHARED_FILE_BYTES = 1024 * 1024;

/** Refuses (exit 2, before any AWS call) a shared config or credentials file over MAX_SHARED_FILE_BYTES. */
export async function assertSharedFilesBounded(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const files: Array<[string, string]> = [
    [env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'), env.AWS_CONFIG_FILE ? 'AWS_CONFIG_FILE' : 'the AWS config file'],
    [env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'), env.AWS_SHARED_CREDENTIALS_FILE ? 'AWS_SHARED_CREDENTIALS_FILE' : 'the AWS credentials file'],
  ];
  for (const [path, label] of files) {
    // Missing or unreadable files are the SDK's to report; /dev/null (a common "no config") is not a regular file.
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile() || info.size <= MAX_SHARED_FILE_BYTES) continue;
    throw new UsageError(`${label}: ${path} is ${(info.size / 1024 / 1024).toFixed(1)} MiB; gdeks reads AWS config and credentials files up to ${MAX_SHARED_FILE_BYTES / 1024 / 1024} MiB`, [
      'Check that it is the right file (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), or move unused profiles out of it.',
    ]);
  }
}
