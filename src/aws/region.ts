import { AwsError, UsageError } from '../errors.js';
import type { GlobalOptions } from '../domain/globals.js';
import { parseRegion } from '../domain/regions.js';
import { createGuardDutyClient } from './clients.js';
import type { AwsSettings } from './settings.js';

/**
 * The regions a command works on. --regions, then --region, then whatever the SDK resolves the way every AWS
 * tool does (AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`). No silent fallback to us-east-1: for a
 * security tool, acting on the wrong region is worse than asking.
 */
export async function resolveRegions(globals: GlobalOptions, settings: AwsSettings): Promise<string[]> {
  if (globals.regions?.length) return globals.regions;
  if (globals.region) return [globals.region];
  if (!process.env.AWS_REGION && process.env.AWS_DEFAULT_REGION) return [parseRegion(process.env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION')];
  let region: string | undefined;
  try {
    const client = await createGuardDutyClient(settings, undefined);
    region = await client.config.region();
  } catch (e) {
    if (e instanceof AwsError) throw e;
    region = undefined;
  }
  if (!region) {
    throw new UsageError('no region: pass --region (or --regions a,b,c), set AWS_REGION, or set `region` in your AWS profile');
  }
  return [parseRegion(region, 'the configured region')];
}
