import { ACTIVE } from '../domain/blast-radius.js';
import { ExitCode } from '../errors.js';
import type { Report } from '../domain/report.js';
import type { FilterListView, ListedFilter } from '../domain/suppress-result.js';
import { criteriaWords } from '../domain/suppress-rule.js';
import { measureBlastRadius } from './blast-radius.js';
import { forEachRegion } from './fanout.js';
import { detectorIdOf, regionErrors } from './findings-common.js';
import { limiter } from './limiter.js';
import type { AwsRun } from './run.js';

/** GetFilter calls (and, with --matches, counts) at once per region: 100 filters must not be 100 round trips in a row. */
const CONCURRENCY = 8;

/** `suppress list [--matches]`: every filter of every region, in rank order. JSON `{"filters":[...]}`, NDJSON one filter a line. */
export async function listRulesInRegions(run: AwsRun, withMatches: boolean): Promise<Report<FilterListView>> {
  const outcomes = await forEachRegion(run.regions, async (region) => {
    const gd = await run.ports.guardDuty(region);
    const detectorId = await detectorIdOf(gd);
    const names = await gd.listFilterNames(detectorId);
    const limit = limiter(CONCURRENCY);
    return Promise.all(
      names.map((name) =>
        limit(async (): Promise<ListedFilter> => {
          const rule = await gd.getFilter(detectorId, name);
          const listed: ListedFilter = { region, ...rule, words: criteriaWords(rule.criteria) };
          if (withMatches) listed.matches = await measureBlastRadius(gd, detectorId, rule.criteria, ACTIVE);
          return listed;
        }),
      ),
    );
  });
  const filters = outcomes.flatMap((o) => (o.ok ? o.value : []));
  const messages = regionErrors(outcomes);
  if (filters.length === 0 && messages.length === 0) messages.push({ kind: 'plain', text: 'No filters.', when: { table: true } });
  const exitCode = outcomes.some((o) => !o.ok) ? ExitCode.failure : ExitCode.ok;
  return { output: { view: { filters, matches: withMatches }, document: { filters }, lines: filters }, messages, exitCode };
}
