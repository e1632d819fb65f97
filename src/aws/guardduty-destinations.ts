import {
  CreatePublishingDestinationCommand,
  DescribePublishingDestinationCommand,
  paginateListPublishingDestinations,
  UpdatePublishingDestinationCommand,
} from '@aws-sdk/client-guardduty';
import type { CurrentDestination } from '../domain/destination-plan.js';
import type { GuardDutyWire } from './guardduty-wire.js';
import { checkedPages } from './pages.js';
import { checkShape } from './response-shape.js';
import type { DestinationProperties } from './ports.js';

/** GuardDuty's findings publishing destinations (the S3 export) of one detector. */

/** Id, type and status of every destination of the detector. */
export async function listPublishingDestinations(gd: GuardDutyWire, detectorId: string): Promise<CurrentDestination[]> {
  return gd.call('ListPublishingDestinations', async (options) => {
    const out: CurrentDestination[] = [];
    const pages = paginateListPublishingDestinations({ client: gd.client }, { DetectorId: detectorId }, options);
    for await (const page of checkedPages('ListPublishingDestinations', gd.region, pages, { token: (p) => p.NextToken, items: (p) => p.Destinations?.length ?? 0 })) {
      for (const d of page.Destinations ?? []) {
        if (d.DestinationId) out.push({ destinationId: d.DestinationId, destinationType: d.DestinationType, status: d.Status });
      }
    }
    return out;
  });
}

/** One destination in full: its bucket ARN, key ARN, status and since when it has been failing. */
export async function describePublishingDestination(gd: GuardDutyWire, detectorId: string, destinationId: string): Promise<CurrentDestination> {
  const out = await gd.call('DescribePublishingDestination', async (o) =>
    checkShape(
      'DescribePublishingDestination',
      gd.region,
      await gd.client.send(new DescribePublishingDestinationCommand({ DetectorId: detectorId, DestinationId: destinationId }), o),
    ),
  );
  return {
    destinationId: out.DestinationId ?? destinationId,
    destinationType: out.DestinationType,
    status: out.Status,
    destinationArn: out.DestinationProperties?.DestinationArn,
    kmsKeyArn: out.DestinationProperties?.KmsKeyArn,
    ...(out.PublishingFailureStartTimestamp ? { publishingFailureStartTimestamp: out.PublishingFailureStartTimestamp } : {}),
  };
}

export async function createPublishingDestination(gd: GuardDutyWire, detectorId: string, properties: DestinationProperties): Promise<string> {
  const out = await gd.call('CreatePublishingDestination', async (o) =>
    checkShape(
      'CreatePublishingDestination',
      gd.region,
      await gd.client.send(new CreatePublishingDestinationCommand({ DetectorId: detectorId, DestinationType: 'S3', DestinationProperties: properties }), o),
    ),
  );
  return out.DestinationId ?? '';
}

export async function updatePublishingDestination(gd: GuardDutyWire, detectorId: string, destinationId: string, properties: DestinationProperties): Promise<void> {
  await gd.call('UpdatePublishingDestination', (o) =>
    gd.client.send(new UpdatePublishingDestinationCommand({ DetectorId: detectorId, DestinationId: destinationId, DestinationProperties: properties }), o),
  );
}
