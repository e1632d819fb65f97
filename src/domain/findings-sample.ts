import type { Finding } from '@aws-sdk/client-guardduty';

/**
 * Whether GuardDuty made this finding for CreateSampleFindings (`gdeks findings sample`). It says so in
 * Service.AdditionalInfo.Value, a JSON string: `{"sample":true}`. (Sample titles also start with
 * "[SAMPLE]", but a title is prose for people; the flag is data.)
 */
export function isSampleFinding(f: Finding): boolean {
  const value = f.Service?.AdditionalInfo?.Value;
  // Cheap test first: most findings are not samples, and a table may hold thousands.
  if (value === undefined || !value.includes('sample')) return false;
  try {
    const info: unknown = JSON.parse(value);
    return typeof info === 'object' && info !== null && (info as { sample?: unknown }).sample === true;
  } catch {
    return false;
  }
}
