/** Checks across entries: features or additional configurations listed twice, ownership, and the exclusive pair. */
import type { ArrayNode, ValueNode } from '@humanwhocodes/momoa';
import { additionalBelongsTo, featuresForAdditional, isKnownAdditionalConfiguration, isKnownFeature } from './names.js';
import { at, lastMember, pathString, stringAt } from './ast.js';
import type { Draft } from './ast.js';
import { wordList } from '../text/word-list.js';

const PAIR = ['EKS_RUNTIME_MONITORING', 'RUNTIME_MONITORING'] as const;

interface Seen {
  node: ValueNode;
  path: string;
}

function where(s: Seen): string {
  return `line ${s.node.loc.start.line}, column ${s.node.loc.start.column}, ${s.path}`;
}

export function crossEntryProblems(body: ValueNode): Draft[] {
  if (body.type !== 'Array') return [];
  const drafts: Draft[] = [];
  const features = new Map<string, Seen>();
  body.elements.forEach((element, i) => {
    if (element.value.type !== 'Object') return;
    const name = stringAt(element.value, 'Name');
    const feature = name && isKnownFeature(name.value) ? name.value : undefined;
    if (name && feature) {
      const here: Seen = { node: name.node, path: pathString([i, 'Name']) };
      const first = features.get(feature);
      if (first) {
        drafts.push({ ...at(here.node), path: here.path, message: `feature ${feature} is listed twice (also at ${where(first)}); list each feature once` });
      } else features.set(feature, here);
    }
    const list = lastMember(element.value, 'AdditionalConfiguration')?.value;
    if (list?.type === 'Array') for (const d of additionalProblems(list, i, feature)) drafts.push(d);
  });
  const [erm, rm] = PAIR.map((n) => features.get(n));
  if (erm && rm) drafts.push(pairProblem(erm, rm));
  return drafts;
}

function additionalProblems(list: ArrayNode, featureIndex: number, feature: string | undefined): Draft[] {
  const drafts: Draft[] = [];
  const seen = new Map<string, Seen>();
  list.elements.forEach((element, j) => {
    if (element.value.type !== 'Object') return;
    const name = stringAt(element.value, 'Name');
    if (!name || !isKnownAdditionalConfiguration(name.value)) return;
    const here: Seen = { node: name.node, path: pathString([featureIndex, 'AdditionalConfiguration', j, 'Name']) };
    const first = seen.get(name.value);
    const under = feature ? ` under ${feature}` : '';
    if (first) {
      drafts.push({ ...at(here.node), path: here.path, message: `additional configuration ${name.value} is listed twice${under} (also at ${where(first)}); list it once` });
    } else seen.set(name.value, here);
    if (feature && !additionalBelongsTo(feature, name.value)) {
      drafts.push({
        ...at(here.node),
        path: here.path,
        message: `${name.value} does not belong to ${feature}; it is an additional configuration of ${wordList(featuresForAdditional(name.value))}`,
        hints: ['move it under that feature, or remove it'],
      });
    }
  });
  return drafts;
}

/** The API rejects both in one request; the later one in the file carries the problem. */
function pairProblem(erm: Seen, rm: Seen): Draft {
  const [earlier, later] = erm.node.loc.start.offset < rm.node.loc.start.offset ? [erm, rm] : [rm, erm];
  return {
    ...at(later.node),
    path: later.path,
    message: `EKS_RUNTIME_MONITORING and RUNTIME_MONITORING cannot be in one file (the other is at ${where(earlier)}): the API rejects a request that has both, whatever their statuses`,
    hints: [
      'keep RUNTIME_MONITORING: it includes EKS threat detection, AWS recommends it, and Security Hub control GuardDuty.11 checks it',
      'to migrate from EKS_RUNTIME_MONITORING, run gdeks enable twice:',
      '  1. with a file that enables RUNTIME_MONITORING (and EKS_ADDON_MANAGEMENT):',
      '     [{ "Name": "RUNTIME_MONITORING", "Status": "ENABLED", "AdditionalConfiguration": [{ "Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED" }] }]',
      '  2. then with a file that disables EKS_RUNTIME_MONITORING:',
      '     [{ "Name": "EKS_RUNTIME_MONITORING", "Status": "DISABLED" }]',
    ],
  };
}
