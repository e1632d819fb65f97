import {
  CreateDetectorCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  paginateListDetectors,
  UpdateDetectorCommand,
  type CreateDetectorCommandInput,
  type GetDetectorCommandOutput,
  type GuardDutyClient,
  type UpdateDetectorCommandInput,
} from '@aws-sdk/client-guardduty';
import { createGuardDutyClient } from './clients.js';
import { AwsError } from '../errors.js';
import { callAws } from './errors.js';
import type { AwsSettings } from './settings.js';

/** The writable part of a detector, with names as plain strings. */
export interface DetectorWrite {
  Features?: Array<{ Name: string; Status: string; AdditionalConfiguration?: Array<{ Name: string; Status: string }> }>;
  FindingPublishingFrequency?: string;
}

export interface Administrator {
  accountId: string;
  relationshipStatus: string;
}

/**
 * The one place gdeks talks to GuardDuty in a region: every operation goes through `call`, so errors are
 * translated once and Ctrl-C aborts in-flight requests. Pagination is flattened here.
 */
export class GuardDuty {
  constructor(
    readonly client: GuardDutyClient,
    readonly region: string,
    readonly signal?: AbortSignal,
    readonly profile?: string,
  ) {}

  static async open(settings: AwsSettings, region: string, signal?: AbortSignal): Promise<GuardDuty> {
    return new GuardDuty(await createGuardDutyClient(settings, region), region, signal, settings.profile);
  }

  /** Runs one SDK call, translating its failure into an AwsError naming the operation and region. */
  call<T>(operation: string, fn: (options: { abortSignal?: AbortSignal }) => Promise<T>): Promise<T> {
    return callAws({ service: 'guardduty', operation, region: this.region, profile: this.profile }, this.signal, fn);
  }

  async listDetectorIds(): Promise<string[]> {
    return this.call('ListDetectors', async (options) => {
      const ids: string[] = [];
      for await (const page of paginateListDetectors({ client: this.client }, {}, options)) ids.push(...(page.DetectorIds ?? []));
      return ids;
    });
  }

  /** The region's detector id, or undefined when GuardDuty is off there. More than one is impossible: say so. */
  async singleDetectorId(): Promise<string | undefined> {
    const ids = await this.listDetectorIds();
    if (ids.length > 1) {
      throw new AwsError(`${this.region} reports ${ids.length} detectors (${ids.join(', ')}); GuardDuty allows one per account and region`, {
        code: 'MultipleDetectors',
        region: this.region,
        operation: 'ListDetectors',
      });
    }
    return ids[0];
  }

  getDetector(detectorId: string): Promise<GetDetectorCommandOutput> {
    return this.call('GetDetector', (o) => this.client.send(new GetDetectorCommand({ DetectorId: detectorId }), o));
  }

  // Feature names arrive as plain strings (validated against the SDK's enums, or read back from GetDetector),
  // so the SDK's narrower enum types are asserted here, at the boundary.
  async createDetector(input: DetectorWrite & { Enable: boolean }): Promise<string> {
    const out = await this.call('CreateDetector', (o) => this.client.send(new CreateDetectorCommand(input as CreateDetectorCommandInput), o));
    return out.DetectorId ?? '';
  }

  async updateDetector(input: DetectorWrite & { DetectorId: string; Enable?: boolean }): Promise<void> {
    await this.call('UpdateDetector', (o) => this.client.send(new UpdateDetectorCommand(input as UpdateDetectorCommandInput), o));
  }

  /** The GuardDuty administrator of this account, if it is a member; undefined for a standalone account. */
  async getAdministrator(detectorId: string): Promise<Administrator | undefined> {
    const out = await this.call('GetAdministratorAccount', (o) =>
      this.client.send(new GetAdministratorAccountCommand({ DetectorId: detectorId }), o),
    );
    const admin = out.Administrator;
    if (!admin?.AccountId) return undefined;
    return { accountId: admin.AccountId, relationshipStatus: admin.RelationshipStatus ?? 'unknown' };
  }
}
