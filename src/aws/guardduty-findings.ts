import {
  ArchiveFindingsCommand,
  CreateSampleFindingsCommand,
  GetFindingsCommand,
  ListFindingsCommand,
  UnarchiveFindingsCommand,
  type Finding,
} from '@aws-sdk/client-guardduty';
import type { FindingsQuery, StreamSummary } from './ports.js';
import { throwIfAborted, type GuardDutyWire } from './guardduty-wire.js';
import { PageGuard } from './pages.js';
import { checkShape } from './response-shape.js';

/** ListFindings, GetFindings, Archive/Unarchive and CreateSampleFindings all take at most 50 items per call. */
export const BATCH = 50;

export function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Batches allowed between the listing and the output (each holds at most 50 findings in memory). Enough
 * headroom that one GetFindings stuck in the SDK's throttling backoff (seconds: full jitter on a 1 s base)
 * does not stall the listing behind it; few enough that memory stays flat.
 */
const MAX_IN_FLIGHT = 8;

/**
 * Lists matching findings and fetches them in full, delivering each batch (in ListFindings order) to
 * `onBatch` as soon as it and every batch before it have arrived.
 *
 * ListFindings pages are necessarily sequential (each needs the previous NextToken), so the listing runs
 * ahead on its own while GetFindings for the pages already listed run alongside it: the wall time is close
 * to the listing's round trips alone. At most MAX_IN_FLIGHT batches wait for output, so memory stays flat
 * however many findings match. Retries and throttling are the SDK's (src/aws/clients.ts).
 */
export async function streamFindings(
  gd: GuardDutyWire,
  query: FindingsQuery,
  onBatch: (findings: Finding[]) => void | Promise<void>,
): Promise<StreamSummary> {
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  // Offset-style paging can repeat an id when a finding is updated mid-listing (sorted by updatedAt); the
  // ids seen so far make sure each finding is printed once.
  const seen = new Set<string>();
  const pending: Array<Promise<Finding[]>> = [];
  let listed = 0;
  let truncated = false;
  let listingDone = false;
  let stopped = false;
  let listingError: { error: unknown } | undefined;
  let wakeLister: (() => void) | undefined;
  let wakeWriter: (() => void) | undefined;
  const wake = (which: 'lister' | 'writer') => {
    const fn = which === 'lister' ? wakeLister : wakeWriter;
    if (which === 'lister') wakeLister = undefined;
    else wakeWriter = undefined;
    fn?.();
  };

  const listPage = (token: string | undefined) => {
    throwIfAborted(gd);
    return gd.call('ListFindings', async (o) =>
      checkShape('ListFindings', gd.region, await gd.client.send(
        new ListFindingsCommand({
          DetectorId: query.detectorId,
          FindingCriteria: query.criteria,
          SortCriteria: query.sort,
          MaxResults: Math.min(BATCH, limit - listed),
          NextToken: token,
        }),
        o,
      )),
    );
  };
  const guard = new PageGuard('ListFindings', gd.region);

  const lister = async () => {
    try {
      let next: ReturnType<typeof listPage> | undefined = listPage(undefined);
      while (next) {
        const page = await next;
        next = undefined;
        if (stopped) return;
        const ids: string[] = [];
        for (const id of page.FindingIds ?? []) {
          if (listed + ids.length >= limit) break;
          if (!seen.has(id)) {
            seen.add(id);
            ids.push(id);
          }
        }
        listed += ids.length;
        const token = page.NextToken || undefined;
        // Ids already listed count as nothing new: a server that serves the same page under new tokens loops too.
        if (listed < limit) guard.next(token, ids.length);
        const more = token !== undefined && listed < limit;
        truncated = token !== undefined && !more;
        // The next page goes out before this page's GetFindings: the listing is the critical path, and a
        // server (or event loop) busy with a GetFindings should not hold it up.
        if (more && pending.length + (ids.length > 0 ? 1 : 0) < MAX_IN_FLIGHT) next = listPage(token);
        if (ids.length > 0) {
          const batch = getFindingsInOrder(gd, query.detectorId, ids);
          batch.catch(() => undefined); // awaited (and reported) by the writer, in order
          pending.push(batch);
          wake('writer');
        }
        if (more && !next) {
          // Output is behind: wait for a slot before listing further, so memory stays flat.
          while (pending.length >= MAX_IN_FLIGHT && !stopped) await new Promise<void>((r) => (wakeLister = r));
          if (stopped) return;
          next = listPage(token);
        }
      }
    } catch (e) {
      listingError = { error: e };
    } finally {
      listingDone = true;
      wake('writer');
    }
  };

  const listing = lister();
  let delivered = 0;
  try {
    for (;;) {
      const next = pending[0];
      if (!next) {
        if (listingDone) break;
        await new Promise<void>((r) => (wakeWriter = r));
        continue;
      }
      const findings = await next;
      pending.shift();
      wake('lister');
      // A response can win the race with Ctrl-C; after it, print nothing more.
      throwIfAborted(gd);
      delivered += findings.length;
      await onBatch(findings); // may wait for stdout to drain: a slow reader slows the listing instead of filling memory
    }
  } catch (e) {
    stopped = true;
    wake('lister');
    await listing;
    throw e;
  }
  await listing;
  if (listingError) throw listingError.error;
  return { delivered, truncated };
}

/** GetFindings for any number of ids, in batches of 50, returned in the order of `ids` (the API does not keep it). */
export async function getFindingsInOrder(gd: GuardDutyWire, detectorId: string, ids: readonly string[]): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const batch of chunks(ids)) {
    const res = await gd.call('GetFindings', async (o) =>
      checkShape('GetFindings', gd.region, await gd.client.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: batch }), o)),
    );
    const byId = new Map<string, Finding>();
    for (const f of res.Findings ?? []) if (f.Id !== undefined) byId.set(f.Id, f);
    for (const id of batch) {
      const f = byId.get(id);
      if (f) {
        out.push(f);
        byId.delete(id); // an id asked for twice is still answered once
      }
    }
  }
  return out;
}

/** CreateSampleFindings, at most 50 types per call; returns how many types were requested. */
export async function createSampleFindings(gd: GuardDutyWire, detectorId: string, types: readonly string[]): Promise<number> {
  for (const batch of chunks(types)) {
    throwIfAborted(gd);
    await gd.call('CreateSampleFindings', (o) => gd.client.send(new CreateSampleFindingsCommand({ DetectorId: detectorId, FindingTypes: batch }), o));
  }
  return types.length;
}

/** ArchiveFindings or UnarchiveFindings, at most 50 ids per call. */
export async function setArchived(gd: GuardDutyWire, detectorId: string, ids: readonly string[], archived: boolean): Promise<void> {
  for (const batch of chunks(ids)) {
    throwIfAborted(gd);
    if (archived) {
      await gd.call('ArchiveFindings', (o) => gd.client.send(new ArchiveFindingsCommand({ DetectorId: detectorId, FindingIds: batch }), o));
    } else {
      await gd.call('UnarchiveFindings', (o) => gd.client.send(new UnarchiveFindingsCommand({ DetectorId: detectorId, FindingIds: batch }), o));
    }
  }
}
