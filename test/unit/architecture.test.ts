// The layers of src/ (README, "Architecture"), checked on every test run: arrows run one way and never in a circle.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Lower ranks are imported by higher ones, never the other way; files of one folder may import each other. */
const RANK: Array<[RegExp, number, string]> = [
  [/^(errors|version|pipe-read)\.ts$|^text\//, 0, 'shared'],
  [/^domain\//, 1, 'domain'],
  [/^(aws|features|output)\//, 2, 'ports and renderers'],
  [/^workflows\//, 3, 'workflows'],
  [/^commands\//, 4, 'commands'],
  [/^(program|cli)\.ts$/, 5, 'edge'],
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

interface Import {
  from: string;
  to: string;
  names: string;
  typeOnly: boolean;
}

/** Static, type-only and dynamic imports, as written (a small parser: gdeks' import statements are plain). */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+'([^']+)'/gms)) {
    out.push({ from: file, to: m[4] as string, names: m[3] as string, typeOnly: Boolean(m[2]) });
  }
  for (const m of text.matchAll(/import\(\s*'([^']+)'\s*\)/g)) out.push({ from: file, to: m[1] as string, names: '', typeOnly: false });
  return out;
}

const rel = (f: string) => relative(SRC, f).split('\\').join('/');
const rankOf = (f: string) => {
  const r = RANK.find(([re]) => re.test(rel(f)));
  if (!r) throw new Error(`${rel(f)} is in no layer: add its folder to RANK (and to the README's picture)`);
  return r;
};
const all = files(SRC);
const graph = new Map<string, Import[]>(all.map((f) => [f, importsOf(f)]));
const local = (i: Import) => resolve(dirname(i.from), i.to.replace(/\.js$/, '.ts'));

describe('architecture of src/', () => {
  it('every file belongs to a layer', () => {
    for (const f of all) expect(() => rankOf(f)).not.toThrow();
  });

  it('no import runs up a layer or sideways into another folder of the same layer', () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      for (const i of imports.filter((x) => x.to.startsWith('.'))) {
        const target = local(i);
        const [, from, fromName] = rankOf(file);
        const [, to, toName] = rankOf(target);
        const sameFolder = dirname(file) === dirname(target);
        if (to > from || (to === from && !sameFolder && from !== 0)) wrong.push(`${rel(file)} (${fromName}) -> ${rel(target)} (${toName})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no circle, counting type-only and dynamic imports', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        circles.push([...path.slice(path.indexOf(f)), f].map(rel).join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const i of graph.get(f) ?? []) if (i.to.startsWith('.')) visit(local(i), [...path, f]);
      state.set(f, 'done');
    };
    for (const f of all) visit(f, []);
    expect(circles).toEqual([]);
  });

  it('the SDK clients stay inside src/aws: elsewhere only types and enums come from the SDK', () => {
    const leaks: string[] = [];
    for (const [file, imports] of graph) {
      if (rel(file).startsWith('aws/')) continue;
      for (const i of imports) {
        if (!i.to.startsWith('@aws-sdk/') || i.typeOnly) continue;
        const values = i.names.replace(/[{}]/g, '').split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type '));
        for (const v of values) if (/Client$|Command$|^paginate/.test(v)) leaks.push(`${rel(file)}: ${v}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('outside src/aws, AWS is reached through the ports (src/aws/ports.ts) only', () => {
    const internal = /^aws\/(guardduty|eks|coverage|guardduty-[a-z]+|clients|debug)\.ts$/;
    const opened: string[] = [];
    for (const [file, imports] of graph) {
      if (rel(file).startsWith('aws/')) continue;
      for (const i of imports.filter((x) => x.to.startsWith('.'))) if (internal.test(rel(local(i)))) opened.push(`${rel(file)} -> ${rel(local(i))}`);
    }
    expect(opened).toEqual([]);
  });

  it('the domain does no I/O', () => {
    const io: string[] = [];
    for (const [file, imports] of graph) {
      if (!rel(file).startsWith('domain/')) continue;
      for (const i of imports) if (/^(node:)?(fs|fs\/promises|net|http|https|child_process|os)$/.test(i.to) && !i.typeOnly) io.push(`${rel(file)}: ${i.to}`);
    }
    expect(io).toEqual([]);
  });
});
