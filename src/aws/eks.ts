import type { EKSClient } from '@aws-sdk/client-eks';
import { ADDON_NAME, type ClusterDetails, type EksAddon } from '../domain/status-model.js';
import { AwsError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';
import { createEksClient } from './clients.js';
import { callAws } from './errors.js';
import { checkedPages } from './pages.js';
import { checkShape } from './response-shape.js';
import type { EksPort } from './ports.js';
import type { AwsSettings } from './settings.js';

/**
 * The EKS adapter of one region (the EksPort of src/aws/ports.ts), like the GuardDuty one: errors translated
 * once (service `eks`, so access-denied messages name the eks:* IAM action), Ctrl-C aborts in-flight requests.
 */
/**
 * The EKS client's commands, loaded with the client (Eks.open): imported statically, they put the EKS SDK (about
 * 80 kB) into the start-up of every command that talks to AWS, `enable` and `findings` included, which never call EKS.
 */
const eksSdk = () => import('@aws-sdk/client-eks');

export class Eks implements EksPort {
  /**
   * Operations that failed in a way that will not change within this run (access denied, not implemented):
   * later calls fail at once with the same error, so 500 clusters cost one denied DescribeAddon, not 500.
   */
  private readonly blocked = new Map<string, AwsError>();

  readonly #client: EKSClient;
  readonly #site: { service: 'eks'; region: string; profile?: string; signal?: AbortSignal };

  constructor(client: EKSClient, readonly region: string, signal?: AbortSignal, profile?: string) {
    this.#client = client;
    this.#site = { service: 'eks', region, profile, signal };
  }

  static async open(settings: AwsSettings, region: string, signal?: AbortSignal): Promise<Eks> {
    return new Eks(await createEksClient(settings, region), region, signal, settings.profile);
  }

  private async call<T>(operation: string, fn: (options: { abortSignal?: AbortSignal }) => Promise<T>): Promise<T> {
    const known = this.blocked.get(operation);
    if (known) throw known;
    try {
      const { signal, ...site } = this.#site;
      return await callAws({ ...site, operation }, signal, fn);
    } catch (e) {
      if (e instanceof AwsError && (e.code === 'UnsupportedOperation' || e.code === 'AccessDenied')) this.blocked.set(operation, e);
      throw e;
    }
  }

  /** Every cluster name in the region (ListClusters, all pages). */
  async listClusterNames(): Promise<string[]> {
    return this.call('ListClusters', async (options) => {
      const names: string[] = [];
      const pages = (await eksSdk()).paginateListClusters({ client: this.#client, pageSize: 100 }, {}, options);
      for await (const page of checkedPages('ListClusters', this.region, pages, { token: (p) => p.nextToken, items: (p) => p.clusters?.length ?? 0 })) {
        names.push(...(page.clusters ?? []));
      }
      return names;
    });
  }

  async describeCluster(name: string): Promise<ClusterDetails> {
    const out = await this.call('DescribeCluster', async (o) =>
      checkShape('DescribeCluster', this.region, await this.#client.send(new (await eksSdk()).DescribeClusterCommand({ name }), o)),
    );
    const c = out.cluster;
    const tag = Object.entries(c?.tags ?? {}).find(([k]) => k === 'GuardDutyManaged');
    return {
      arn: c?.arn ?? null,
      status: c?.status ?? null,
      guardDutyManagedTag: tag ? tag[1] : null,
      autoMode: c?.computeConfig?.enabled === true,
    };
  }

  /** The cluster's `aws-guardduty-agent` add-on; ResourceNotFoundException means it is not installed. */
  async describeGuardDutyAddon(cluster: string): Promise<EksAddon> {
    try {
      const out = await this.call('DescribeAddon', async (o) =>
        checkShape('DescribeAddon', this.region, await this.#client.send(new (await eksSdk()).DescribeAddonCommand({ clusterName: cluster, addonName: ADDON_NAME }), o)),
      );
      const a = out.addon;
      return {
        state: 'installed',
        status: a?.status ?? null,
        version: a?.addonVersion ?? null,
        issues: (a?.health?.issues ?? []).map((i) => sanitize([i.code, i.message].filter(Boolean).join(': '))),
      };
    } catch (e) {
      if (e instanceof AwsError && e.code === 'ResourceNotFoundException') return { state: 'absent' };
      throw e;
    }
  }

  /**
   * Whether the cluster runs on Fargate only (Fargate profiles and no managed node group), which GuardDuty
   * runtime monitoring does not cover. Self-managed EC2 nodes are invisible to this API; GuardDuty's
   * coverage (compatible nodes) speaks for them, so this is only asked when coverage shows no nodes.
   */
  async isFargateOnly(cluster: string): Promise<boolean> {
    const [profiles, nodegroups] = await Promise.all([
      this.call('ListFargateProfiles', async (o) =>
        checkShape('ListFargateProfiles', this.region, await this.#client.send(new (await eksSdk()).ListFargateProfilesCommand({ clusterName: cluster, maxResults: 1 }), o)),
      ),
      this.call('ListNodegroups', async (o) =>
        checkShape('ListNodegroups', this.region, await this.#client.send(new (await eksSdk()).ListNodegroupsCommand({ clusterName: cluster, maxResults: 1 }), o)),
      ),
    ]);
    return (profiles.fargateProfileNames?.length ?? 0) > 0 && (nodegroups.nodegroups?.length ?? 0) === 0;
  }
}
