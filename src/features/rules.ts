/**
 * The suppression rules file of `gdeks suppress apply --file`: a JSON array of rules, each in the words of
 * `suppress add`. Validated completely before anything reaches AWS, with the features file's machinery: momoa's
 * located AST (keys repeated in one object are caught), zod for the shape, and every problem located
 * (file:line:column, JSON path) and reported at once. Pure: text in, rules or an InputError out.
 */
import { parse as parseJson } from '@humanwhocodes/momoa';
import type { ObjectNode, ValueNode } from '@humanwhocodes/momoa';
import * as z from 'zod/mini';
import {
  buildRuleCriteria,
  parseAction,
  parseDescription,
  parseRank,
  parseRuleName,
  parseRuleSelectors,
  type Rule,
  type RuleSelectorFlags,
} from '../domain/suppress-rule.js';
import { InputError, UsageError } from '../errors.js';
import { at, describe, keyOf, lastMember, pathString, positionAt, suggest, toValue, truncate } from './ast.js';
import type { Draft, Path } from './ast.js';
import { duplicateKeyProblems } from './duplicates.js';
import { finish } from './parse.js';
import { readFeaturesSource, type InputKind } from './read.js';
import { resolve } from './shape.js';
import { MAX_DEPTH, scan, strictJsonProblem, syntaxProblem } from './syntax.js';

export const RULES_INPUT: InputKind = {
  noun: 'rules file',
  option: '--file',
  contents: 'rules',
  example: '[{"name": "eicar-test", "match": {"type": "Execution:Runtime/MaliciousFile"}}]',
};

export const RULES_EXAMPLE = [
  '[',
  '  { "name": "eicar-test", "description": "EICAR test file in the security-tests namespace",',
  '    "match": { "type": "Execution:Runtime/MaliciousFile", "namespace": "security-tests" } },',
  '  { "name": "trivy-scanner", "match": { "pod": "trivy-*", "cluster": ["prod", "staging"] } }',
  ']',
];

/** The keys of a rule and of its `match`: the flags of `suppress add`, in camelCase. */
const RULE_KEYS = ['name', 'description', 'action', 'rank', 'match'] as const;
const MATCH_KEYS = ['type', 'cluster', 'namespace', 'severity', 'image', 'user', 'serviceAccount', 'pod'] as const;
const FLAG_OF: Record<(typeof MATCH_KEYS)[number], string> = {
  type: '--type',
  cluster: '--cluster',
  namespace: '--namespace',
  severity: '--severity',
  image: '--image',
  user: '--user',
  serviceAccount: '--service-account',
  pod: '--pod',
};

const matchSchema = z.strictObject({
  type: z.optional(z.union([z.string(), z.array(z.string())])),
  cluster: z.optional(z.union([z.string(), z.array(z.string())])),
  namespace: z.optional(z.union([z.string(), z.array(z.string())])),
  severity: z.optional(z.union([z.string(), z.number()])),
  image: z.optional(z.string()),
  user: z.optional(z.string()),
  serviceAccount: z.optional(z.string()),
  pod: z.optional(z.string()),
});
const ruleSchema = z.strictObject({
  name: z.string(),
  description: z.optional(z.string()),
  action: z.optional(z.string()),
  rank: z.optional(z.number()),
  match: matchSchema,
});
const fileSchema = z.array(ruleSchema);

type Issue = z.core.$ZodIssue;

export async function loadRules(spec: string, stdin?: NodeJS.ReadableStream): Promise<{ file: string; rules: Rule[]; notes: string[] }> {
  const { file, text } = await readFeaturesSource(spec, stdin, RULES_INPUT);
  return { file, ...parseRulesText(text, file) };
}

export function parseRulesText(text: string, file: string): { rules: Rule[]; notes: string[] } {
  const fail = (drafts: Draft[]): never => {
    throw new InputError(finish(drafts).map((d) => ({ file, ...d })));
  };
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (src.trim() === '') fail([{ line: 1, column: 1, path: '$', message: 'the file is empty; expected a JSON array of rules', hints: ['for example:', ...RULES_EXAMPLE] }]);
  const tooDeepAt = scan(src, src.length).tooDeepAt;
  if (tooDeepAt !== undefined) fail([{ ...positionAt(src, tooDeepAt), path: '$', message: `nested more than ${MAX_DEPTH} levels deep; a rules file nests three` }]);
  let body: ValueNode;
  try {
    body = parseJson(src, { mode: 'json' }).body;
  } catch (err) {
    return fail([syntaxProblem(src, err, { expected: 'a JSON array of rules', noun: 'a rules file' })]);
  }
  const strict = strictJsonProblem(src);
  const shape = fileSchema.safeParse(toValue(body));
  const drafts: Draft[] = [...(strict ? [strict] : []), ...(shape.success ? [] : shapeProblems(body, shape.error.issues)), ...duplicateKeyProblems(body)];
  // The values are checked entry by entry, also when another entry's shape is wrong: one run shows everything.
  const rules: Rule[] = [];
  const notes: string[] = [];
  const seen = new Map<string, { line: number; column: number }>();
  if (body.type === 'Array') {
    body.elements.forEach((element, i) => {
      if (element.value.type !== 'Object') return;
      const checked = checkRule(element.value, i);
      drafts.push(...checked.drafts);
      notes.push(...checked.notes.map((n) => `${pathString([i])}: ${n}`));
      const nameNode = lastMember(element.value, 'name')?.value;
      if (nameNode?.type === 'String') {
        const first = seen.get(nameNode.value);
        if (first) {
          drafts.push({ ...at(nameNode), path: pathString([i, 'name']), message: `rule ${truncate(nameNode.value)} is listed twice (also at line ${first.line}, column ${first.column}); names are unique per region` });
        } else seen.set(nameNode.value, at(nameNode));
      }
      if (checked.rule) rules.push(checked.rule);
    });
  }
  if (drafts.length > 0) return fail(drafts);
  return { rules, notes };
}

/** One rule's values, each checked by the same parser as its `suppress add` flag; problems located on the value. */
function checkRule(obj: ObjectNode, i: number): { rule?: Rule; drafts: Draft[]; notes: string[] } {
  const drafts: Draft[] = [];
  const value = (key: string) => lastMember(obj, key)?.value;
  const check = <T>(node: ValueNode | undefined, path: Path, parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      drafts.push({ ...at(node ?? obj), path: pathString(path), message: e.message, ...(e.details.length > 0 ? { hints: [...e.details] } : {}) });
      return undefined;
    }
  };
  const str = (node: ValueNode | undefined) => (node?.type === 'String' ? node.value : undefined);
  const nameNode = value('name');
  const name = str(nameNode) === undefined ? undefined : check(nameNode, [i, 'name'], () => parseRuleName(str(nameNode) as string));
  const actionNode = value('action');
  const action = str(actionNode) === undefined ? 'ARCHIVE' : check(actionNode, [i, 'action'], () => parseAction(str(actionNode) as string, '"action"'));
  const rankNode = value('rank');
  const rank = rankNode?.type === 'Number' ? check(rankNode, [i, 'rank'], () => parseRank(rankNode.value, '"rank"')) : undefined;
  const descriptionNode = value('description');
  const description = str(descriptionNode) === undefined ? undefined : check(descriptionNode, [i, 'description'], () => parseDescription(str(descriptionNode) as string, '"description"'));

  const matchNode = value('match');
  if (matchNode?.type !== 'Object') return { drafts, notes: [] };
  const flags: RuleSelectorFlags = {};
  let wellTyped = true;
  for (const key of MATCH_KEYS) {
    const node = lastMember(matchNode, key)?.value;
    if (!node) continue;
    const v = toValue(node);
    if (key === 'cluster' || key === 'namespace' || key === 'type') {
      if (typeof v === 'string' || (Array.isArray(v) && v.every((c) => typeof c === 'string'))) flags[key] = typeof v === 'string' ? [v] : (v as string[]);
      else wellTyped = false;
    } else if (key === 'severity' && (typeof v === 'string' || typeof v === 'number')) flags.severity = String(v);
    else if (typeof v === 'string' && key !== 'severity') flags[key] = v;
    else wellTyped = false;
  }
  // Each selector alone first, so each problem is located on its own value; then the rule as a whole.
  let selectorsOk = wellTyped;
  for (const key of MATCH_KEYS) {
    if (flags[key] === undefined) continue;
    const node = lastMember(matchNode, key)?.value;
    const words = { [key]: `"${key}"` } as Partial<Record<keyof RuleSelectorFlags, string>>;
    const ok = check(node, [i, 'match', key], () => {
      try {
        parseRuleSelectors({ [key]: flags[key] }, words);
      } catch (e) {
        // Alone, a selector may be too broad to be a rule; that is judged below, for the whole `match`.
        if (e instanceof UsageError && /at least one criterion/.test(e.message)) return true;
        throw e;
      }
      return true;
    });
    if (!ok) selectorsOk = false;
  }
  // A misspelt key is reported as such; "no criterion" on top of it would be noise.
  const unknownKey = matchNode.members.some((m) => !(MATCH_KEYS as readonly string[]).includes(keyOf(m)));
  if (!selectorsOk || unknownKey) return { drafts, notes: [] };
  const selectors = check(matchNode, [i, 'match'], () => {
    try {
      return parseRuleSelectors(flags);
    } catch (e) {
      if (e instanceof UsageError && /at least one criterion/.test(e.message)) {
        throw new UsageError(e.message, [`give "match" at least one of ${MATCH_KEYS.map((k) => `"${k}"`).join(', ')} ("severity" alone: above low)`]);
      }
      throw e;
    }
  });
  if (!selectors || name === undefined || action === undefined || drafts.length > 0) return { drafts, notes: [] };
  const rule: Rule = { name, action, criteria: buildRuleCriteria(selectors) };
  if (rank !== undefined) rule.rank = rank;
  if (description !== undefined) rule.description = description;
  return { rule, drafts, notes: selectors.notes };
}

/** zod's issues located on the AST: unknown keys with a "did you mean", missing keys, wrong types. */
function shapeProblems(body: ValueNode, issues: readonly Issue[]): Draft[] {
  const drafts: Draft[] = [];
  for (const issue of issues) {
    const { node, parent } = resolve(body, issue.path);
    const path = pathString(issue.path);
    if (issue.path.length === 0) {
      drafts.push({ ...at(body), path: '$', message: `a rules file is a JSON array of rules, found ${describe(body)}`, hints: ['for example:', ...RULES_EXAMPLE] });
      continue;
    }
    if (issue.code === 'unrecognized_keys' && node?.type === 'Object') {
      const allowed: readonly string[] = issue.path.at(-1) === 'match' ? MATCH_KEYS : RULE_KEYS;
      for (const key of issue.keys) {
        const member = node.members.find((m) => keyOf(m) === key);
        const guess = suggest(key, allowed);
        const misplaced = issue.path.at(-1) !== 'match' && (MATCH_KEYS as readonly string[]).includes(key);
        drafts.push({
          ...at(member?.name ?? node),
          path: pathString([...issue.path, key]),
          message: misplaced
            ? `"${key}" is a criterion: it goes inside "match"`
            : `unknown key ${JSON.stringify(truncate(key))}${guess ? `; did you mean "${guess}"?` : ''}`,
          hints: [`allowed keys: ${allowed.join(', ')}`],
        });
      }
      continue;
    }
    const field = issue.path.at(-1);
    if (typeof field === 'number' && issue.path.length === 1) {
      drafts.push({ ...at(node ?? parent), path, message: `each rule must be an object like { "name": "…", "match": { … } }, found ${node ? describe(node) : 'nothing'}` });
      continue;
    }
    if (!node) {
      const hint = field === 'match' ? [`"match" holds the criteria: ${MATCH_KEYS.map((k) => `"${k}"`).join(', ')} (the flags of gdeks suppress add)`] : [];
      drafts.push({ ...at(parent), path, message: `this rule has no "${String(field)}"`, ...(hint.length ? { hints: hint } : {}) });
      continue;
    }
    const key = typeof field === 'number' ? String(issue.path.at(-2)) : String(field);
    drafts.push({ ...at(node), path, message: `"${key}" must be ${expected(key)}, found ${describe(node)}` });
  }
  return drafts;
}

function expected(key: string): string {
  if (key === 'rank') return 'a number from 1 to 100';
  if (key === 'match') return 'an object of criteria';
  if (key === 'cluster') return 'a cluster name or an array of them';
  if (key === 'namespace') return 'a namespace or an array of them';
  if (key === 'type') return 'a finding type (or prefix) or an array of them';
  if (key === 'severity') return 'a severity (low, medium, high, critical) or a score 1-10';
  const flag = FLAG_OF[key as keyof typeof FLAG_OF];
  return flag ? `a string (as ${flag} takes it)` : 'a string';
}
