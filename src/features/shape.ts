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
import { at, describe, entryKind, keyOf, lastMember, located, pathString, stringAt, suggest, toValue, truncate } from './ast.js';
import type { Draft, Path } from './ast.js';
import { wordList } from '../text/word-list.js';

const additionalSchema = z.strictObject({ Name: z.enum(ADDITIONAL_CONFIGURATION_NAMES), Status: z.enum(STATUSES) });
const featureSchema = z.strictObject({
  Name: z.enum(FEATURE_NAMES),
  Status: z.enum(STATUSES),
  AdditionalConfiguration: z.optional(z.array(additionalSchema)),
});
export const fileSchema = z.array(featureSchema).check(z.minLength(1));
/** One entry without its additional configurations, which are checked one by one (see shapeProblems). */
const entrySchema = z.strictObject({
  Name: z.enum(FEATURE_NAMES),
  Status: z.enum(STATUSES),
  AdditionalConfiguration: z.optional(z.array(z.unknown())),
});

const FEATURE_KEYS = ['Name', 'Status', 'AdditionalConfiguration'];
const ADDITIONAL_KEYS = ['Name', 'Status'];
/** ENABLED first, as people say it; the SDK's order is alphabetical. */
const STATUS_NAMES = [...STATUSES].sort().reverse();
const STATUS_LIST = STATUS_NAMES.map((s) => `"${s}"`).join(' or ');
const ALLOWED_STATUSES = `allowed values: ${STATUS_NAMES.join(', ')}`;
const ALLOWED_FEATURES = `allowed features: ${FEATURE_NAMES.join(', ')}`;
const ALLOWED_ADDITIONAL = `allowed additional configurations: ${ADDITIONAL_CONFIGURATION_NAMES.join(', ')}`;
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

/**
 * The shape problems of the file, passed to `add` entry by entry. zod is given one entry (or one additional
 * configuration) at a time, not the whole file: on the whole file it gathered every issue of an array into
 * its parent's with a spread, and 70,000 empty additional configurations (140,000 issues) overflowed the
 * stack. The problems are the same, since every issue of an entry lies inside it.
 */
/**
 * zod's issues of one value, through its Standard Schema interface: safeParse builds a ZodError (an Error, with
 * its stack trace) per failing call, which made a file of 500,000 failing entries take many seconds.
 */
function issuesOf(schema: z.ZodMiniType, value: unknown): readonly Issue[] {
  const result = schema['~standard'].validate(value);
  // Synchronous for these schemas (no async refinements); a Promise here would be a bug in this file.
  if (result instanceof Promise) throw new Error('features schema unexpectedly async');
  return (result.issues ?? []) as readonly Issue[];
}

export function shapeProblems(body: ValueNode, add: (draft: Draft) => void): void {
  if (body.type !== 'Array' || body.elements.length === 0) {
    const result = fileSchema.safeParse(toValue(body));
    for (const d of schemaProblems(body, result.success ? [] : result.error.issues)) add(d);
    return;
  }
  body.elements.forEach((element, i) => {
    const issues: Issue[] = [];
    const prefixed = (found: readonly Issue[], prefix: Path) => {
      // The issues are fresh copies (zod finalizes each one): their path is rewritten in place, not spread.
      for (const issue of found) {
        (issue as { path: PropertyKey[] }).path = [...prefix, ...issue.path];
        issues.push(issue);
      }
    };
    prefixed(issuesOf(entrySchema, toValue(element.value)), [i]);
    const list = element.value.type === 'Object' ? lastMember(element.value, 'AdditionalConfiguration')?.value : undefined;
    if (list?.type === 'Array') {
      list.elements.forEach((a, j) => prefixed(issuesOf(additionalSchema, toValue(a.value)), [i, 'AdditionalConfiguration', j]));
    }
    if (issues.length > 0) for (const d of schemaProblems(body, issues)) add(d);
  });
}

function schemaProblems(body: ValueNode, issues: readonly Issue[]): Draft[] {
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
    return located(
      target,
      path,
      `each ${kind} must be an object like ${sample}, found ${node ? describe(node) : 'nothing'}`,
      named ? [`write { "Name": ${JSON.stringify(node.value)}, "Status": "ENABLED" }`] : undefined,
    );
  }
  const ownerName = parent.type === 'Object' ? stringAt(parent, 'Name')?.value : undefined;
  const owner = ownerName && (isKnownFeature(ownerName) || isKnownAdditionalConfiguration(ownerName)) ? `${kind} ${ownerName}` : `this ${kind}`;
  if (!node) {
    const allowed = field !== 'Name' ? ALLOWED_STATUSES : kind === 'feature' ? ALLOWED_FEATURES : ALLOWED_ADDITIONAL;
    return located(parent, path, `${owner} has no "${String(field)}"`, [allowed]);
  }
  if (field === 'Name') return nameProblem(node, path, kind);
  if (field === 'Status') return statusProblem(node, path);
  if (field === 'AdditionalConfiguration') {
    return located(
      node,
      path,
      `"AdditionalConfiguration" must be an array of { "Name", "Status" } objects, found ${describe(node)}`,
      node.type === 'Object' ? ['wrap the object in [ ]'] : undefined,
    );
  }
  return located(node, path, `invalid value ${describe(node)}`);
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
  const here = (message: string, hints?: string[]) => located(node, path, message, hints);
  if (node.type !== 'String') return here(`"Name" must be a string, found ${describe(node)}`);
  const name = node.value;
  const shown = JSON.stringify(truncate(name));
  if (kind === 'feature') {
    if (isReadOnlyFeature(name)) {
      return here(`${name} is a foundational data source: it is always on and cannot be set; remove this entry`);
    }
    if (isKnownAdditionalConfiguration(name)) {
      const owners = featuresForAdditional(name);
      return here(
        `${name} is an additional configuration, not a feature; list it under "AdditionalConfiguration" of ${owners.length ? wordList(owners) : 'the feature it configures'}`,
      );
    }
    const guess = suggest(name, FEATURE_NAMES);
    return here(`unknown feature ${shown}${guess ? `; did you mean "${guess}"?` : ''}`, [ALLOWED_FEATURES]);
  }
  if (isKnownFeature(name)) {
    return here(`${name} is a feature, not an additional configuration; list it as its own entry of the top-level array`);
  }
  const guess = suggest(name, ADDITIONAL_CONFIGURATION_NAMES);
  return here(`unknown additional configuration ${shown}${guess ? `; did you mean "${guess}"?` : ''}`, [ALLOWED_ADDITIONAL]);
}

function statusProblem(node: ValueNode, path: string): Draft {
  const here = (message: string, hints?: string[]) => located(node, path, message, hints);
  if (node.type === 'Boolean') {
    return here(`"Status" must be ${STATUS_LIST}, found ${describe(node)}`, [`use "${node.value ? 'ENABLED' : 'DISABLED'}"`]);
  }
  if (node.type !== 'String') return here(`"Status" must be ${STATUS_LIST}, found ${describe(node)}`);
  const exact = STATUSES.find((s) => s === node.value.toUpperCase());
  return exact
    ? here(`invalid status ${JSON.stringify(node.value)}; did you mean "${exact}"? (statuses are upper case)`)
    : here(`invalid status ${JSON.stringify(truncate(node.value))}; allowed values: ${STATUS_NAMES.join(', ')}`);
}
