/** The shape of the entries, checked by zod; its issues are turned into problems located on the AST. */
import type { MemberNode, ValueNode } from '@humanwhocodes/momoa';
import * as z from 'zod/mini';
import {
  ADDITIONAL_CONFIGURATION_NAMES,
  FEATURE_NAMES,
  STATUSES,
  featuresForAdditional,
  isKnownAdditionalConfiguration,
  isKnownFeature,
  isReadOnlyFeature,
} from './names.js';
import { at, describe, entryKind, keyOf, lastMember, pathString, quoteList, stringAt, suggest, truncate } from './ast.js';
import type { Draft, Path } from './ast.js';

const additionalSchema = z.strictObject({ Name: z.enum(ADDITIONAL_CONFIGURATION_NAMES), Status: z.enum(STATUSES) });
const featureSchema = z.strictObject({
  Name: z.enum(FEATURE_NAMES),
  Status: z.enum(STATUSES),
  AdditionalConfiguration: z.optional(z.array(additionalSchema)),
});
export const fileSchema = z.array(featureSchema).check(z.minLength(1));

const FEATURE_KEYS = ['Name', 'Status', 'AdditionalConfiguration'];
const ADDITIONAL_KEYS = ['Name', 'Status'];
/** ENABLED first, as people say it; the SDK's order is alphabetical. */
const STATUS_NAMES = [...STATUSES].sort().reverse();
const STATUS_LIST = STATUS_NAMES.map((s) => `"${s}"`).join(' or ');
export const EXAMPLE = [
  '[',
  '  { "Name": "EKS_AUDIT_LOGS", "Status": "ENABLED" },',
  '  { "Name": "EKS_RUNTIME_MONITORING", "Status": "ENABLED",',
  '    "AdditionalConfiguration": [ { "Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED" } ] }',
  ']',
];

type Issue = z.core.$ZodIssue;

interface Located {
  node: ValueNode | undefined;
  parent: ValueNode;
}

/** The node at a zod issue's path (undefined past a missing key) and its parent. */
export function resolve(root: ValueNode, path: Path): Located {
  let node: ValueNode | undefined = root;
  let parent = root;
  for (const seg of path) {
    if (!node) break;
    parent = node;
    if (typeof seg === 'number' && node.type === 'Array') node = node.elements[seg]?.value;
    else if (typeof seg === 'string' && node.type === 'Object') node = lastMember(node, seg)?.value;
    else node = undefined;
  }
  return { node, parent };
}

export function schemaProblems(body: ValueNode, issues: readonly Issue[]): Draft[] {
  const drafts: Draft[] = [];
  // A misspelt key ("name") is reported once, as a misspelling, not again as a missing "Name".
  const explained = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const { node } = resolve(body, issue.path);
    if (node?.type !== 'Object') continue;
    const allowed = issue.path.length >= 3 ? ADDITIONAL_KEYS : FEATURE_KEYS;
    // One pass, not a search per key: an object with 90,000 unknown keys was quadratic (minutes).
    const firstByKey = new Map<string, MemberNode>();
    for (const m of node.members) if (!firstByKey.has(keyOf(m))) firstByKey.set(keyOf(m), m);
    for (const key of issue.keys) {
      const member = firstByKey.get(key);
      const guess = suggest(key, allowed);
      if (guess) explained.add(`${pathString(issue.path)}.${guess}`);
      const nested = key === 'AdditionalConfiguration' && allowed === ADDITIONAL_KEYS;
      drafts.push({
        ...at(member?.name ?? node),
        path: pathString([...issue.path, key]),
        message: nested
          ? 'an additional configuration cannot have its own "AdditionalConfiguration"; it belongs on the feature'
          : `unknown key ${JSON.stringify(truncate(key))}${guess ? `; did you mean "${guess}"?` : ''}`,
        hints: [`allowed keys: ${allowed.join(', ')}`],
      });
      // The value under a misspelt key is checked as what it was meant to be, so a second run is not needed to
      // learn that "Stauts": "ENABLD" had two mistakes.
      if (member && guess && !firstByKey.has(guess)) {
        const meant = misspeltValueProblem(member.value, guess, [...issue.path, key]);
        if (meant) drafts.push(meant);
      }
    }
  }
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' || explained.has(pathString(issue.path))) continue;
    drafts.push(shapeProblem(body, issue));
  }
  return drafts;
}

function shapeProblem(body: ValueNode, issue: Issue): Draft {
  const { node, parent } = resolve(body, issue.path);
  const path = pathString(issue.path);
  const field = issue.path.at(-1);
  const kind = entryKind(issue.path);
  if (issue.path.length === 0) return topLevelProblem(body);
  if (typeof field === 'number') {
    const target = node ?? parent;
    const sample = kind === 'feature' ? '{ "Name": "EKS_AUDIT_LOGS", "Status": "ENABLED" }' : '{ "Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED" }';
    const named = node?.type === 'String' && (isKnownFeature(node.value) || isKnownAdditionalConfiguration(node.value));
    return {
      ...at(target),
      path,
      message: `each ${kind} must be an object like ${sample}, found ${node ? describe(node) : 'nothing'}`,
      ...(named ? { hints: [`write { "Name": ${JSON.stringify(node.value)}, "Status": "ENABLED" }`] } : {}),
    };
  }
  const ownerName = parent.type === 'Object' ? stringAt(parent, 'Name')?.value : undefined;
  const owner = ownerName && (isKnownFeature(ownerName) || isKnownAdditionalConfiguration(ownerName)) ? `${kind} ${ownerName}` : `this ${kind}`;
  if (!node) {
    const allowed =
      field !== 'Name'
        ? `allowed values: ${STATUS_NAMES.join(', ')}`
        : kind === 'feature'
          ? `allowed features: ${FEATURE_NAMES.join(', ')}`
          : `allowed additional configurations: ${ADDITIONAL_CONFIGURATION_NAMES.join(', ')}`;
    return { ...at(parent), path, message: `${owner} has no "${String(field)}"`, hints: [allowed] };
  }
  if (field === 'Name') return nameProblem(node, path, kind);
  if (field === 'Status') return statusProblem(node, path);
  if (field === 'AdditionalConfiguration') {
    return {
      ...at(node),
      path,
      message: `"AdditionalConfiguration" must be an array of { "Name", "Status" } objects, found ${describe(node)}`,
      ...(node.type === 'Object' ? { hints: ['wrap the object in [ ]'] } : {}),
    };
  }
  return { ...at(node), path, message: `invalid value ${describe(node)}` };
}

function misspeltValueProblem(node: ValueNode, meant: string, path: Path): Draft | undefined {
  const kind = entryKind(path);
  const value = node.type === 'String' ? node.value : undefined;
  if (meant === 'Status') return value !== undefined && (STATUSES as readonly string[]).includes(value) ? undefined : statusProblem(node, pathString(path));
  if (meant !== 'Name') return undefined;
  const valid =
    value !== undefined && (kind === 'feature' ? isKnownFeature(value) && !isReadOnlyFeature(value) : isKnownAdditionalConfiguration(value));
  return valid ? undefined : nameProblem(node, pathString(path), kind);
}

function topLevelProblem(body: ValueNode): Draft {
  const base = { ...at(body), path: '$' };
  if (body.type === 'Array') {
    return { ...base, message: 'the features file is an empty array; list at least one feature', hints: ['for example:', ...EXAMPLE] };
  }
  const hints: string[] = [];
  if (body.type === 'Object' && lastMember(body, 'Features')) hints.push('use only the array under "Features"');
  else if (body.type === 'Object' && lastMember(body, 'Name')) hints.push('wrap the object in [ ]: the file is a list of features');
  else hints.push('for example:', ...EXAMPLE);
  return { ...base, message: `a features file must be a JSON array of features, found ${describe(body)}`, hints };
}

function nameProblem(node: ValueNode, path: string, kind: string): Draft {
  const here = { ...at(node), path };
  if (node.type !== 'String') return { ...here, message: `"Name" must be a string, found ${describe(node)}` };
  const name = node.value;
  const shown = JSON.stringify(truncate(name));
  if (kind === 'feature') {
    if (isReadOnlyFeature(name)) {
      return { ...here, message: `${name} is a foundational data source: it is always on and cannot be set; remove this entry` };
    }
    if (isKnownAdditionalConfiguration(name)) {
      const owners = featuresForAdditional(name);
      return {
        ...here,
        message: `${name} is an additional configuration, not a feature; list it under "AdditionalConfiguration" of ${owners.length ? quoteList(owners) : 'the feature it configures'}`,
      };
    }
    const guess = suggest(name, FEATURE_NAMES);
    return {
      ...here,
      message: `unknown feature ${shown}${guess ? `; did you mean "${guess}"?` : ''}`,
      hints: [`allowed features: ${FEATURE_NAMES.join(', ')}`],
    };
  }
  if (isKnownFeature(name)) {
    return { ...here, message: `${name} is a feature, not an additional configuration; list it as its own entry of the top-level array` };
  }
  const guess = suggest(name, ADDITIONAL_CONFIGURATION_NAMES);
  return {
    ...here,
    message: `unknown additional configuration ${shown}${guess ? `; did you mean "${guess}"?` : ''}`,
    hints: [`allowed additional configurations: ${ADDITIONAL_CONFIGURATION_NAMES.join(', ')}`],
  };
}

function statusProblem(node: ValueNode, path: string): Draft {
  const here = { ...at(node), path };
  if (node.type === 'Boolean') {
    return { ...here, message: `"Status" must be ${STATUS_LIST}, found ${describe(node)}`, hints: [`use "${node.value ? 'ENABLED' : 'DISABLED'}"`] };
  }
  if (node.type !== 'String') return { ...here, message: `"Status" must be ${STATUS_LIST}, found ${describe(node)}` };
  const exact = STATUSES.find((s) => s === node.value.toUpperCase());
  return exact
    ? { ...here, message: `invalid status ${JSON.stringify(node.value)}; did you mean "${exact}"? (statuses are upper case)` }
    : { ...here, message: `invalid status ${JSON.stringify(truncate(node.value))}; allowed values: ${STATUS_NAMES.join(', ')}` };
}
