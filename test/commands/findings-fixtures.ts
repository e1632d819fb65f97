import { GetFindingsCommand, ListDetectorsCommand, ListFindingsCommand, type Finding } from '@aws-sdk/client-guardduty';
import { guardDutyMock } from '../helpers/aws.js';

/** A finding as GuardDuty's GetFindings returns it (SDK shape), with an id that sorts by index. */
export function makeFinding(i: number, region = 'us-east-1', over: Partial<Finding> = {}): Finding {
  const id = `f${String(i).padStart(31, '0')}`;
  return {
    AccountId: '123456789012',
    Arn: `arn:aws:guardduty:${region}:123456789012:detector/det-1/finding/${id}`,
    CreatedAt: '2026-11-20T10:00:00.000Z',
    Id: id,
    Region: region,
    SchemaVersion: '2.0',
    Severity: [2, 5, 8][i % 3] as number,
    Type: 'Execution:Kubernetes/ExecInKubeSystemPod',
    UpdatedAt: new Date(Date.parse('2026-11-24T00:00:00Z') - i * 60_000).toISOString(),
    Title: 'Command executed inside a pod in the kube-system namespace.',
    Resource: {
      ResourceType: 'EKSCluster',
      EksClusterDetails: { Name: 'prod', Arn: `arn:aws:eks:${region}:123456789012:cluster/prod` },
      KubernetesDetails: { KubernetesWorkloadDetails: { Name: 'coredns', Namespace: 'kube-system', Type: 'pods' } },
    },
    Service: { ServiceName: 'guardduty', DetectorId: 'det-1', Archived: false, Count: 1, EventFirstSeen: '2026-11-20T10:00:00.000Z', EventLastSeen: '2026-11-24T00:00:00.000Z' },
    ...over,
  };
}

export interface FakeService {
  /** Findings per region, in the order ListFindings returns them. */
  findings: Map<string, Finding[]>;
}

/**
 * A detector in each region and a findings store behind ListFindings (NextToken = offset) and GetFindings
 * (answers in reverse order, as the real API does not keep the order asked for).
 */
export function fakeFindingsService(perRegion: Record<string, number>): FakeService {
  const findings = new Map(Object.entries(perRegion).map(([region, n]) => [region, Array.from({ length: n }, (_, i) => makeFinding(i, region))]));
  guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
  guardDutyMock.on(ListFindingsCommand).callsFake(async (input: { MaxResults?: number; NextToken?: string }, getClient) => {
    const region = await getClient().config.region();
    const all = findings.get(region) ?? [];
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const end = start + (input.MaxResults ?? 50);
    return { FindingIds: all.slice(start, end).map((f) => f.Id), NextToken: end < all.length ? String(end) : undefined };
  });
  guardDutyMock.on(GetFindingsCommand).callsFake(async (input: { FindingIds: string[] }, getClient) => {
    const region = await getClient().config.region();
    const byId = new Map((findings.get(region) ?? []).map((f) => [f.Id, f]));
    return { Findings: input.FindingIds.map((id) => byId.get(id)).filter((f) => f !== undefined).reverse() };
  });
  return { findings };
}

export const idsOf = (findings: ReadonlyArray<{ Id?: string }>) => findings.map((f) => f.Id);
