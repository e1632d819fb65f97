import type { GuardDutyClient } from '@aws-sdk/client-guardduty';

/**
 * The SDK reads an answer by walking its schema of the whole operation output, field by field: for
 * `status --organization` at 50,000 members that walk was the largest part of gdeks's CPU (ListMembers,
 * ListCoverage and GetMemberDetectors, a page of 50 each, thousands of pages). For those three, a successful
 * answer whose fields gdeks reads are all of the plain JSON type the API model gives them is read here instead,
 * into the same output fields the SDK would fill (only those gdeks reads). Anything else (an error status, a
 * field of another type, a null, a body that is not JSON) goes to the SDK's own reader unchanged, so its result,
 * and the shape check after it (response-shape.ts), are as before.
 */

type Plain = Record<string, unknown>;
/** The output fields from the answer's body, or undefined when the body is not plainly what the model says. */
type Reader = (body: Plain) => Plain | undefined;

const isObject = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

class NotPlain extends Error {}
const notPlain = new NotPlain();

/** Copies each present field of `from` (wire name) to `to` (output name), if of the given type; throws if not. */
function fields(from: Plain, to: Plain, names: ReadonlyArray<readonly [wire: string, output: string, type: 'string' | 'number']>): Plain {
  for (const [wire, output, type] of names) {
    const v = from[wire];
    if (v === undefined) continue;
    if (typeof v !== type || (type === 'number' && !Number.isFinite(v))) throw notPlain;
    to[output] = v;
  }
  return to;
}

function object(v: unknown): Plain {
  if (!isObject(v)) throw notPlain;
  return v;
}

/** A list of objects, each read by `item`; absent stays absent. */
function list(v: unknown, item: (o: Plain) => Plain): Plain[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw notPlain;
  return v.map((o) => item(object(o)));
}

function withList(out: Plain, name: string, items: Plain[] | undefined): Plain {
  if (items !== undefined) out[name] = items;
  return out;
}

const nextToken = [['nextToken', 'NextToken', 'string']] as const;

const member = (m: Plain) =>
  fields(m, {}, [
    ['accountId', 'AccountId', 'string'],
    ['relationshipStatus', 'RelationshipStatus', 'string'],
    ['detectorId', 'DetectorId', 'string'],
  ]);

function coverageResource(r: Plain): Plain {
  const out = fields(r, {}, [
    ['resourceId', 'ResourceId', 'string'],
    ['accountId', 'AccountId', 'string'],
    ['coverageStatus', 'CoverageStatus', 'string'],
    ['issue', 'Issue', 'string'],
  ]);
  if (r.resourceDetails === undefined) return out;
  const details = object(r.resourceDetails);
  const d = fields(details, {}, [['resourceType', 'ResourceType', 'string']]);
  out.ResourceDetails = d;
  if (details.eksClusterDetails === undefined) return out;
  const eks = object(details.eksClusterDetails);
  const e = fields(eks, {}, [
    ['clusterName', 'ClusterName', 'string'],
    ['coveredNodes', 'CoveredNodes', 'number'],
    ['compatibleNodes', 'CompatibleNodes', 'number'],
    ['managementType', 'ManagementType', 'string'],
  ]);
  d.EksClusterDetails = e;
  if (eks.addonDetails !== undefined) {
    e.AddonDetails = fields(object(eks.addonDetails), {}, [
      ['addonVersion', 'AddonVersion', 'string'],
      ['addonStatus', 'AddonStatus', 'string'],
    ]);
  }
  return out;
}

const nameStatus = (f: Plain) =>
  fields(f, {}, [
    ['name', 'Name', 'string'],
    ['status', 'Status', 'string'],
  ]);

const memberFeature = (f: Plain) => withList(nameStatus(f), 'AdditionalConfiguration', list(f.additionalConfiguration, nameStatus));

/** By operation: the output fields gdeks reads, under the names the SDK gives them (wire names from its model). */
export const READERS: Record<string, Reader> = {
  ListMembers: (b) => withList(fields(b, {}, nextToken), 'Members', list(b.members, member)),
  ListCoverage: (b) => withList(fields(b, {}, nextToken), 'Resources', list(b.resources, coverageResource)),
  GetMemberDetectors: (b) => {
    const out = withList({}, 'MemberDataSourceConfigurations', list(b.members, (m) => withList(fields(m, {}, [['accountId', 'AccountId', 'string']]), 'Features', list(m.features, memberFeature))));
    return withList(out, 'UnprocessedAccounts', list(b.unprocessedAccounts, (u) => fields(u, {}, [['accountId', 'AccountId', 'string'], ['result', 'Result', 'string']])));
  },
};

/** The output of a successful answer's body, or undefined when the SDK must read it. */
export function readPlainAnswer(operation: string, text: string): Plain | undefined {
  const read = READERS[operation];
  if (!read) return undefined;
  try {
    const body: unknown = JSON.parse(text);
    return isObject(body) ? read(body) : undefined;
  } catch (e) {
    if (e instanceof NotPlain || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

interface Protocol {
  deserializeResponse(operation: { name: string }, context: { streamCollector(body: unknown): Promise<Uint8Array> }, response: HttpAnswer): Promise<unknown>;
}

/** Installs the plain reading on one GuardDuty client (each client has its own protocol object). */
export function readPlainAnswers(client: GuardDutyClient): void {
  const protocol = (client.config as unknown as { protocol?: Protocol }).protocol;
  if (!protocol || typeof protocol.deserializeResponse !== 'function') return;
  const sdkReader = protocol.deserializeResponse.bind(protocol);
  protocol.deserializeResponse = async (operation, context, response) => {
    const name = operation.name.split('#').pop() ?? '';
    if (!(name in READERS) || response.statusCode < 200 || response.statusCode >= 300) return sdkReader(operation, context, response);
    const bytes = response.body instanceof Uint8Array ? response.body : await context.streamCollector(response.body);
    const output = readPlainAnswer(name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    if (output === undefined) {
      // The stream has been read: the SDK reads the bytes instead (it takes a Uint8Array as a body).
      response.body = bytes;
      return sdkReader(operation, context, response);
    }
    const h = response.headers;
    output.$metadata = {
      httpStatusCode: response.statusCode,
      requestId: h['x-amzn-requestid'] ?? h['x-amzn-request-id'] ?? h['x-amz-request-id'],
      extendedRequestId: h['x-amz-id-2'],
      cfId: h['x-amz-cf-id'],
    };
    return output;
  };
}
