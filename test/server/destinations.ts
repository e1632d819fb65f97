// Findings publishing destinations (the S3 export) of a detector: Create, List (paginated, 1..50), Describe,
// Update and Delete. A well-formed bucket ARN + KMS key ARN publishes; buckets named in
// configureDestinations({ failingBuckets }) report UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY, as when the
// bucket or key policy shuts GuardDuty out. Deleting the detector drops its destinations.

import type { Detector } from './detector.js';
import { badRequest, INVALID_VALUE, NOT_OWNED } from './errors.js';
import { paginate } from './paginate.js';
import { Rng, subSeed } from './prng.js';
import type { RequestContext } from './routes.js';
import type { ServerState } from './state.js';
import { checkInt, isObject, onlyMembers, optEnum, optString, required, type Json, type JsonObject } from './validate.js';
import type { TemplateRoute } from './extra-routes.js';
import { parseTags } from './detector.js';

export type PublishingStatus = 'PENDING_VERIFICATION' | 'PUBLISHING' | 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY' | 'STOPPED';

export interface Destination {
  id: string;
  destinationArn: string;
  kmsKeyArn: string;
  status: PublishingStatus;
  /** Epoch ms GuardDuty first failed to publish; 0 while publishing works. */
  failureStart: number;
  tags: Record<string, string>;
  clientToken?: string;
}

export interface DestinationOptions {
  /** Bucket names GuardDuty cannot write to (their destinations report UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY). */
  failingBuckets?: string[];
}

const options = new WeakMap<ServerState, DestinationOptions>();
const byDetector = new WeakMap<Detector, Destination[]>();

export function configureDestinations(state: ServerState, opts: DestinationOptions): void {
  options.set(state, opts);
}

/** The destinations of a region's detector (mutable, for tests that set a status directly). */
export function destinationsOf(state: ServerState, region: string): Destination[] {
  const d = state.region(region).detector;
  if (!d) return [];
  let list = byDetector.get(d);
  if (!list) {
    list = [];
    byDetector.set(d, list);
  }
  return list;
}

const BUCKET_ARN = /^arn:aws(?:-[a-z]+)*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/[^/].*)?$/;
const KMS_KEY_ARN = /^arn:aws(?:-[a-z]+)*:kms:[a-z]{2}(?:-[a-z]+)+-\d{1,2}:\d{12}:key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const NOT_FOUND = 'The request is rejected because the input destinationId is not owned by the current account.';

function detectorOf(ctx: RequestContext): Detector {
  const d = ctx.region.detector;
  if (!d || d.id !== ctx.detectorId) throw badRequest(NOT_OWNED);
  return d;
}

/** destinationProperties, validated as the service does (it checks both ARNs before touching the bucket). */
function parseProperties(raw: Json | undefined): { destinationArn: string; kmsKeyArn: string } {
  if (!isObject(raw)) throw badRequest(`${INVALID_VALUE} (destinationProperties is required)`);
  onlyMembers(raw, ['destinationArn', 'kmsKeyArn'], 'destinationProperties.');
  const destinationArn = required(optString(raw, 'destinationArn'), 'destinationProperties.destinationArn');
  const kmsKeyArn = required(optString(raw, 'kmsKeyArn'), 'destinationProperties.kmsKeyArn');
  if (!BUCKET_ARN.test(destinationArn) || destinationArn.includes('..')) throw badRequest(`${INVALID_VALUE} (destinationArn must be an S3 bucket ARN)`);
  if (!KMS_KEY_ARN.test(kmsKeyArn)) throw badRequest(`${INVALID_VALUE} (kmsKeyArn must be a KMS key ARN)`);
  return { destinationArn, kmsKeyArn };
}

function publish(state: ServerState, d: Destination): void {
  const bucket = BUCKET_ARN.exec(d.destinationArn)?.[1] ?? '';
  const failing = options.get(state)?.failingBuckets?.includes(bucket) === true;
  d.status = failing ? 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY' : 'PUBLISHING';
  d.failureStart = failing ? state.now() : 0;
}

function find(ctx: RequestContext, id: string | undefined): Destination {
  const d = destinationsOf(ctx.state, ctx.region.name).find((x) => x.id === id);
  if (!d) throw badRequest(NOT_FOUND);
  return d;
}

export const DESTINATION_ROUTES: readonly TemplateRoute[] = [
  {
    operation: 'CreatePublishingDestination',
    method: 'POST',
    uri: '/detector/{DetectorId}/publishingDestination',
    members: ['destinationType', 'destinationProperties', 'clientToken', 'tags'],
    handle(ctx) {
      detectorOf(ctx);
      const b = ctx.body;
      required(optEnum(b, 'destinationType', ['S3']), 'destinationType');
      const props = parseProperties(b.destinationProperties);
      const clientToken = optString(b, 'clientToken', { min: 0, max: 64 });
      const tags = parseTags(b.tags) ?? {};
      const list = destinationsOf(ctx.state, ctx.region.name);
      // Same idempotency token, same destination: a retried create must not make a second one.
      const retried = clientToken ? list.find((d) => d.clientToken === clientToken) : undefined;
      if (retried) return { destinationId: retried.id };
      const rng = new Rng(subSeed(ctx.state.config.seed, `destination/${ctx.region.name}/${list.length}/${props.destinationArn}`));
      const d: Destination = { id: rng.hex(32), ...props, status: 'PENDING_VERIFICATION', failureStart: 0, tags };
      if (clientToken) d.clientToken = clientToken;
      publish(ctx.state, d);
      list.push(d);
      return { destinationId: d.id };
    },
  },
  {
    operation: 'ListPublishingDestinations',
    method: 'GET',
    uri: '/detector/{DetectorId}/publishingDestination',
    members: [],
    handle(ctx) {
      detectorOf(ctx);
      const raw = ctx.query.get('maxResults');
      const maxResults = raw === null ? 50 : checkInt(/^-?\d+$/.test(raw) ? Number(raw) : NaN, 'maxResults', 1, 50);
      const list = destinationsOf(ctx.state, ctx.region.name);
      const page = paginate(list, maxResults, ctx.query.get('nextToken') ?? undefined, `ListPublishingDestinations/${ctx.region.name}`);
      const out: JsonObject = { destinations: page.items.map((d) => ({ destinationId: d.id, destinationType: 'S3', status: d.status })) };
      if (page.nextToken) out.nextToken = page.nextToken;
      return out;
    },
  },
  {
    operation: 'DescribePublishingDestination',
    method: 'GET',
    uri: '/detector/{DetectorId}/publishingDestination/{DestinationId}',
    members: [],
    handle(ctx, params) {
      detectorOf(ctx);
      const d = find(ctx, params.DestinationId);
      const out: JsonObject = {
        destinationId: d.id,
        destinationType: 'S3',
        status: d.status,
        publishingFailureStartTimestamp: d.failureStart,
        destinationProperties: { destinationArn: d.destinationArn, kmsKeyArn: d.kmsKeyArn },
      };
      if (Object.keys(d.tags).length > 0) out.tags = d.tags;
      return out;
    },
  },
  {
    operation: 'UpdatePublishingDestination',
    method: 'POST',
    uri: '/detector/{DetectorId}/publishingDestination/{DestinationId}',
    members: ['destinationProperties'],
    handle(ctx, params) {
      detectorOf(ctx);
      const d = find(ctx, params.DestinationId);
      if (ctx.body.destinationProperties !== undefined && ctx.body.destinationProperties !== null) {
        Object.assign(d, parseProperties(ctx.body.destinationProperties));
        publish(ctx.state, d);
      }
      return {};
    },
  },
  {
    operation: 'DeletePublishingDestination',
    method: 'DELETE',
    uri: '/detector/{DetectorId}/publishingDestination/{DestinationId}',
    members: [],
    handle(ctx, params) {
      detectorOf(ctx);
      const list = destinationsOf(ctx.state, ctx.region.name);
      const d = find(ctx, params.DestinationId);
      list.splice(list.indexOf(d), 1);
      return {};
    },
  },
];
