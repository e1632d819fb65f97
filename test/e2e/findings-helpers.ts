import { GetFindingsCommand, GuardDutyClient, ListDetectorsCommand, paginateListFindings, type Finding } from '@aws-sdk/client-guardduty';
import { existsSync } from 'node:fs';
import type { RunningServer } from '../server/server.js';

export const DIST = new URL('../../dist/cli.js', import.meta.url).pathname;
if (!existsSync(DIST)) throw new Error('dist/cli.js is missing: run `npm run build` before the end-to-end tests');

/** An SDK client on the test server, independent of gdeks: the ground truth the binary's output is checked against. */
export function sdk(server: RunningServer, region: string): GuardDutyClient {
  return new GuardDutyClient({ region, endpoint: server.url, credentials: { accessKeyId: 'AKIDFAKEFORTESTS', secretAccessKey: 'fake' } });
}

export async function detectorOf(server: RunningServer, region: string): Promise<string> {
  const ids = (await sdk(server, region).send(new ListDetectorsCommand({}))).DetectorIds ?? [];
  if (!ids[0]) throw new Error(`no detector in ${region}`);
  return ids[0];
}

/** Every finding in the region (EKS or not, archived or not), fetched with no criteria at all. */
export async function allFindings(server: RunningServer, region: string): Promise<Finding[]> {
  const client = sdk(server, region);
  const detectorId = await detectorOf(server, region);
  const ids: string[] = [];
  for await (const page of paginateListFindings({ client }, { DetectorId: detectorId })) ids.push(...(page.FindingIds ?? []));
  const out: Finding[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    out.push(...((await client.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: ids.slice(i, i + 50) }))).Findings ?? []));
  }
  return out;
}

export const ids = (findings: readonly Finding[]) => findings.map((f) => f.Id ?? '');
export const sorted = (values: readonly string[]) => [...values].sort();
export const parseNdjson = (text: string): Finding[] => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Finding);

/**
 * JSON with every ISO-8601 timestamp string turned into epoch seconds: aws CLI v1 prints timestamp members as
 * the API sends them (epoch seconds, as gdeks does), CLI v2 as ISO-8601 strings; both compare equal after this.
 */
export function normalizeTimestamps(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return Date.parse(value) / 1000;
  if (Array.isArray(value)) return value.map(normalizeTimestamps);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeTimestamps(v)]));
  return value;
}
