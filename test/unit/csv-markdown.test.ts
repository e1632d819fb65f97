// The -o csv and -o markdown renderers, read back by real parsers: csv-parse (RFC 4180) and marked (GitHub-
// flavoured markdown, tables and autolinks included), with hostile text from a server.
import type { Finding } from '@aws-sdk/client-guardduty';
import { parse } from 'csv-parse/sync';
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { assertFormat } from '../../src/domain/globals.js';
import { renderCsv } from '../../src/output/csv.js';
import { FINDING_CSV_COLUMNS } from '../../src/output/findings-records.js';
import { csvWriter, markdownWriter } from '../../src/output/findings-stream.js';
import { escapeMarkdown, markdownCode, renderMarkdown } from '../../src/output/markdown.js';
import { code } from '../../src/output/records.js';
import { Chalk } from 'chalk';

const gfm = new Marked({ gfm: true });
const parseCsv = (text: string): string[][] => parse(text, { relax_column_count: false }) as string[][];

/** The rendered HTML's table: each row's cells as text (tags stripped, entities decoded), and every tag used. */
function htmlTable(markdown: string): { rows: string[][]; tags: Set<string> } {
  const html = gfm.parse(markdown) as string;
  const tags = new Set([...html.matchAll(/<([a-z0-9]+)/g)].map((m) => m[1] as string));
  const decode = (s: string) =>
    s.replace(/<[^>]*>/g, '').replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] as string);
  const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) => [...(tr[1] as string).matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((td) => decode(td[1] as string)));
  return { rows, tags };
}

const HOSTILE = [
  'a|b',
  'a\\|b',
  '`tick` and ``two``',
  '`',
  ' padded ',
  '[click](https://evil.example/x) ![img](https://evil.example/i.png)',
  '<img src=x onerror=alert(1)><script>alert(1)</script>',
  'https://evil.example/autolink www.evil.example mail@evil.example',
  '*em* **strong** ~~del~~ _u_ $x^2$ &amp; &lt;',
  '@octocat #123 :smile:',
  '\\',
  'trailing\\',
];

describe('csv renderer (RFC 4180)', () => {
  it('a header row, then one record per row, each ended by CRLF', () => {
    const text = renderCsv({ columns: ['a', 'b'], rows: [['x', 1], [null, true]] });
    expect(text).toBe('a,b\r\nx,1\r\n,true\r\n');
  });

  it('an empty result is the header alone', () => {
    expect(renderCsv({ columns: ['region', 'id'], rows: [] })).toBe('region,id\r\n');
  });

  it('quotes fields with a comma, a quote, CR or LF, doubling quotes; a CSV parser gets each field back whole', () => {
    const fields = ['plain', 'with,comma', 'with "quotes"', 'line\nbreak', 'carriage\rreturn', 'crlf\r\nend', '"'];
    const text = renderCsv({ columns: fields.map((_, i) => `c${i}`), rows: [fields] });
    expect(text).toContain('"with,comma"');
    expect(text).toContain('"with ""quotes"""');
    expect(text).toContain('"line\nbreak"');
    expect(text).toContain('""""');
    expect(parseCsv(text)[1]).toEqual(fields);
  });

  it('a text that would run as a spreadsheet formula starts with an apostrophe; numbers are left alone', () => {
    const text = renderCsv({ columns: ['t', 'n'], rows: [['=HYPERLINK("http://evil","x")', -1], ['+1', 2], ['@SUM(A1)', 3], ['-2+3', 4]] });
    expect(parseCsv(text).slice(1)).toEqual([
      ['\'=HYPERLINK("http://evil","x")', '-1'],
      ["'+1", '2'],
      ["'@SUM(A1)", '3'],
      ["'-2+3", '4'],
    ]);
  });
});

describe('markdown renderer (GitHub-flavoured)', () => {
  it('an empty table is its header and delimiter row', () => {
    const text = renderMarkdown({ columns: ['Region', 'Cluster'], rows: [] });
    expect(text).toBe('| Region | Cluster |\n| --- | --- |\n');
    expect(htmlTable(text).rows).toEqual([['Region', 'Cluster']]);
  });

  it('hostile text stays in its cell, as itself: no extra column, link, image, HTML, emphasis or math', () => {
    const text = renderMarkdown({
      columns: ['n', 'as code', 'as text', 'after'],
      rows: HOSTILE.map((h, i) => [i, code(h), h, 'end']),
    });
    const { rows, tags } = htmlTable(text);
    expect(rows).toHaveLength(HOSTILE.length + 1);
    for (const [i, h] of HOSTILE.entries()) {
      const row = rows[i + 1];
      expect(row).toHaveLength(4);
      expect(row?.[0]).toBe(String(i));
      // A code span keeps the text whole (CommonMark trims the padding it needs round a backtick or space).
      expect(row?.[1]).toBe(h);
      expect(row?.[2]).toBe(h.trim());
      expect(row?.[3]).toBe('end');
    }
    expect([...tags].filter((t) => !['table', 'thead', 'tbody', 'tr', 'th', 'td', 'code'].includes(t))).toEqual([]);
  });

  it('escapes what can start markdown, and leaves region names and verdicts readable', () => {
    expect(escapeMarkdown('us-east-1 not-protected')).toBe('us-east-1 not-protected');
    expect(escapeMarkdown('[x](y) <b> a|b *c* `d`')).toBe('\\[x\\]\\(y\\) \\<b\\> a\\|b \\*c\\* \\`d\\`');
  });

  it('inline code: one more backtick than the text has, pipes between spans', () => {
    expect(markdownCode('prod')).toBe('`prod`');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('a|b')).toBe('`a`\\|`b`');
  });

  it('several tables are separated by a blank line', () => {
    const text = renderMarkdown([
      { columns: ['a'], rows: [['1']] },
      { columns: ['b'], rows: [] },
    ]);
    expect(text).toBe('| a |\n| --- |\n| 1 |\n\n| b |\n| --- |\n');
  });
});

function hostileFinding(id: string, severity: number, title: string, cluster: string): Finding {
  return {
    AccountId: '123456789012',
    Arn: `arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/${id}`,
    CreatedAt: '2026-11-20T00:00:00.000Z',
    Id: id,
    Region: 'us-east-1',
    SchemaVersion: '2.0',
    Severity: severity,
    Type: 'Execution:Kubernetes/ExecInKubeSystemPod',
    UpdatedAt: '2026-11-25T11:00:00.000Z',
    Title: title,
    Resource: { ResourceType: 'EKSCluster', EksClusterDetails: { Name: cluster }, KubernetesDetails: { KubernetesWorkloadDetails: { Name: 'w', Namespace: 'ns', Type: 'pods' } } },
    Service: { Count: 2, Archived: false, EventFirstSeen: '2026-11-20T00:00:00.000Z', EventLastSeen: '2026-11-25T11:00:00.000Z' },
  };
}

describe('findings writers for csv and markdown', () => {
  const collect = () => {
    const chunks: string[] = [];
    return { chunks, out: (t: string) => void chunks.push(t), text: () => chunks.join('') };
  };
  const options = (regions: string[]) => ({ color: new Chalk({ level: 3 }), sort: 'severity' as const, regions, now: () => Date.now() });

  it('csv: no findings is the header alone', () => {
    const c = collect();
    const w = csvWriter(c.out, options(['us-east-1']));
    w.end();
    expect(parseCsv(c.text())).toEqual([[...FINDING_CSV_COLUMNS]]);
  });

  it('csv: hostile titles are one field on one line, control and bidi characters escaped, no colour', () => {
    const title = 'evil, "quoted"\r\nfake,row\u202e\u001b[31mred';
    const c = collect();
    const w = csvWriter(c.out, options(['us-east-1']));
    w.write('us-east-1', [hostileFinding('a1', 8, title, 'prod')]);
    w.end();
    const text = c.text();
    expect(text.split('\r\n')).toHaveLength(3);
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u202e');
    const [header, row] = parseCsv(text);
    const get = (name: string) => row?.[header?.indexOf(name) ?? -1];
    expect(get('title')).toBe('evil, "quoted"\\u000d\\u000afake,row\\u202e\\u001b[31mred');
    expect(get('severity')).toBe('high');
    expect(get('score')).toBe('8');
    expect(get('region')).toBe('us-east-1');
    expect(get('sample')).toBe('false');
  });

  it('csv: one region streams its rows; several are held and sorted into one list', () => {
    const one = collect();
    const w1 = csvWriter(one.out, options(['us-east-1']));
    w1.write('us-east-1', [hostileFinding('a1', 8, 't', 'c')]);
    expect(parseCsv(one.text())).toHaveLength(2);
    const many = collect();
    const w = csvWriter(many.out, options(['us-east-1', 'eu-west-1']));
    expect(w.mergesRegions).toBe(true);
    w.write('us-east-1', [hostileFinding('a1', 5, 't', 'c')]);
    w.write('eu-west-1', [hostileFinding('b2', 9, 't', 'c')]);
    expect(parseCsv(many.text())).toHaveLength(1);
    w.end();
    expect(parseCsv(many.text()).slice(1).map((r) => [r[0], r[FINDING_CSV_COLUMNS.indexOf('id')]])).toEqual([
      ['eu-west-1', 'b2'],
      ['us-east-1', 'a1'],
    ]);
  });

  it('markdown: a hostile cluster name cannot add a column, a link or HTML; no colour', () => {
    const c = collect();
    const w = markdownWriter(c.out, options(['us-east-1', 'eu-west-1']));
    w.write('eu-west-1', [hostileFinding('b2', 9, 't', 'x|y</td><img src=x>[l](http://e)\n| fake | row |')]);
    w.write('us-east-1', []);
    w.end();
    const text = c.text();
    expect(text).not.toContain('\u001b');
    const { rows, tags } = htmlTable(text);
    expect(rows[0]).toEqual(['Region', 'Severity', 'Type', 'Cluster', 'Workload/user', 'Count', 'Last seen', 'Finding ID']);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveLength(8);
    expect(rows[1]?.[3]).toBe('x|y</td><img src=x>[l](http://e)\\u000a| fake | row |');
    expect([...tags].filter((t) => !['table', 'thead', 'tbody', 'tr', 'th', 'td', 'code'].includes(t))).toEqual([]);
  });

  it('markdown: no findings is the header alone', () => {
    const c = collect();
    markdownWriter(c.out, options(['us-east-1'])).end();
    expect(htmlTable(c.text()).rows).toEqual([['Severity', 'Type', 'Cluster', 'Workload/user', 'Count', 'Last seen', 'Finding ID']]);
  });
});

describe('formats a command does not offer', () => {
  it('are refused naming the ones it has', () => {
    expect(() => assertFormat('export-frequency', 'csv')).toThrow('export-frequency cannot print csv; use table, json or ndjson');
    expect(() => assertFormat('enable', 'csv', ['table', 'json', 'ndjson', 'markdown'])).toThrow('enable cannot print csv; use table, json, ndjson or markdown');
    expect(() => assertFormat('findings list', 'markdown', ['table', 'json', 'ndjson', 'csv', 'markdown'])).not.toThrow();
  });
});
