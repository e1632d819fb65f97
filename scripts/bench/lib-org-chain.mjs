// The request chains `status --organization` cannot shorten, run alone with the bare SDK against the same
// server: per region, ListMembers and ListCoverage each paged to the end (50 per page, each page waiting for the
// previous token), the regions and the two chains at once. Run as its own process by org.mjs, so its wall time
// (node start-up and the SDK load included) compares with gdeks's like for like. Prints the wall milliseconds.
// Not a benchmark of its own (scripts/bench.mjs skips lib*.mjs): usage `node lib-org-chain.mjs ENDPOINT REGION...`.
import { GuardDutyClient, ListCoverageCommand, ListDetectorsCommand, ListMembersCommand } from '@aws-sdk/client-guardduty';

async function pages(send) {
  let token;
  let n = 0;
  do {
    token = (await send(token)).NextToken;
    n++;
  } while (token);
  return n;
}

async function region(endpoint, name) {
  const gd = new GuardDutyClient({ region: name, endpoint, maxAttempts: 1 });
  const [DetectorId] = (await gd.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
  const eks = { FilterCriterion: [{ CriterionKey: 'RESOURCE_TYPE', FilterCondition: { Equals: ['EKS'] } }] };
  return Promise.all([
    pages((NextToken) => gd.send(new ListMembersCommand({ DetectorId, MaxResults: 50, OnlyAssociated: 'false', NextToken }))),
    pages((NextToken) => gd.send(new ListCoverageCommand({ DetectorId, MaxResults: 50, FilterCriteria: eks, NextToken }))),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [endpoint, ...regions] = process.argv.slice(2);
  await Promise.all(regions.map((r) => region(endpoint, r)));
  process.stdout.write(`${Math.round(performance.now())}\n`);
}
