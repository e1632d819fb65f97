import { loadSharedConfigFiles } from '@smithy/core/config';
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
