import { UsageError } from '../errors.js';

// Partition-agnostic shape: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-7, ...
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** Whether `value` has the shape of a region name (any partition). */
export function isRegionName(value: string): boolean {
  return REGION.test(value);
}

/** Validates one region name; a malformed one is a usage error (exit 2) before any AWS call. */
export function parseRegion(value: string, flag = '--region'): string {
  const region = value.trim().toLowerCase();
  if (!REGION.test(region)) {
    throw new UsageError(`${flag}: "${value}" is not a region name (expected something like us-east-1 or eu-west-2)`);
  }
  return region;
}

/** `--regions a,b,c`: comma or space separated, de-duplicated, order kept. */
export function parseRegionList(value: string): string[] {
  const parts = value.split(/[\s,]+/).filter((p) => p.length > 0);
  if (parts.length === 0) throw new UsageError('--regions: give at least one region, e.g. --regions us-east-1,eu-west-1');
  if (parts.some(isAll)) {
    throw new UsageError(`--regions: "all" stands alone (every region enabled for the account); "${value}" mixes it with region names`, [
      'Give either --regions all or a list such as --regions us-east-1,eu-west-1.',
    ]);
  }
  return [...new Set(parts.map((p) => parseRegion(p, '--regions')))];
}

/** The one word --regions takes besides region names (and what the shell completion offers for it). */
export const ALL_REGIONS = 'all';

const isAll = (word: string) => word.toLowerCase() === ALL_REGIONS;

/** `--regions all` (alone, any case): every region enabled for the account, found when the command runs. */
export function isAllRegions(value: string): boolean {
  return isAll(value.trim());
}
