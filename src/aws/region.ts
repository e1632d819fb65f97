import { loadSharedConfigFiles } from '@smithy/core/config';
import { AwsError, UsageError } from '../errors.js';
import type { GlobalOptions } from '../domain/globals.js';
import { isRegionName, parseRegion } from '../domain/regions.js';
import { createGuardDutyClient } from './clients.js';
import type { AwsSettings } from './settings.js';

/**
 * The regions a command works on. --regions, then --region, then whatever the SDK resolves the way every AWS
 * tool does (AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`). No silent fallback to us-east-1: for a
 * security tool, acting on the wrong region is worse than asking.
 */
export async function resolveRegions(globals: GlobalOptions, settings: AwsSettings, signal?: AbortSignal): Promise<string[]> {
  if (globals.allRegions) return enabledRegions(settings, signal);
  if (globals.regions?.length) return globals.regions;
  if (globals.region) return [globals.region];
  // Checked here, naming the variable: the SDK's own refusal of a malformed value was reported as "no region".
  if (process.env.AWS_REGION) return [parseRegion(process.env.AWS_REGION, 'AWS_REGION')];
  if (process.env.AWS_DEFAULT_REGION) return [parseRegion(process.env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION')];
  let region: string | undefined;
  try {
    const client = await createGuardDutyClient(settings, undefined);
    region = await client.config.region();
  } catch (e) {
    if (e instanceof AwsError) throw e;
    // The SDK refuses a malformed `region` in the profile ("Region not accepted"): name the profile and value.
    await assertProfileRegion(settings.profile ?? process.env.AWS_PROFILE ?? 'default');
    region = undefined;
  }
  if (!region) {
    throw new UsageError('no region: pass --region (or --regions a,b,c), set AWS_REGION, or set `region` in your AWS profile');
  }
  return [parseRegion(region, 'the configured region')];
}

/** Throws a usage error naming the profile and its value when the profile's `region` is not a region name. */
async function assertProfileRegion(profile: string): Promise<void> {
  const { configFile } = await loadSharedConfigFiles().catch(() => ({ configFile: {} as Record<string, Record<string, string | undefined>> }));
  const value = configFile[profile]?.region;
  if (value !== undefined) parseRegion(value, `the region of profile "${profile}" (${process.env.AWS_CONFIG_FILE || '~/.aws/config'})`);
}

/**
 * `--regions all`: the account's enabled regions (Account ListRegions). The Account API is global: the client's
 * region only selects the partition's endpoint, so the configured region is used when there is one, else
 * us-east-1. The adapter and its SDK client load here, on demand, for this option only.
 */
async function enabledRegions(settings: AwsSettings, signal?: AbortSignal): Promise<string[]> {
  const fromEnv = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  let region = fromEnv && isRegionName(fromEnv) ? fromEnv : undefined;
  if (!region) {
    try {
      region = await (await createGuardDutyClient(settings, undefined)).config.region();
    } catch {
      region = undefined;
    }
  }
  const { Account } = await import('./account.js');
  const account = await Account.open(settings, region ? parseRegion(region, 'the configured region') : 'us-east-1', signal);
  return account.listEnabledRegions();
}
