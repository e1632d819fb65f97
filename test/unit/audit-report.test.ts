import { describe, expect, it } from 'vitest';
import { judgeAudit } from '../../scripts/audit-report.mjs';

// Shapes as `npm audit --omit=dev --json` (report version 2) prints them.
const counts = (c: Partial<Record<string, number>>) => ({
  info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...c,
});

const ansiRegexHigh = {
  auditReportVersion: 2,
  vulnerabilities: {
    'ansi-regex': {
      name: 'ansi-regex', severity: 'high', isDirect: false,
      via: [{ source: 1094090, name: 'ansi-regex', title: 'Inefficient Regular Expression Complexity in chalk/ansi-regex',
        url: 'https://github.com/advisories/GHSA-93q8-gq69-wqmw', severity: 'high', range: '>=5.0.0 <5.0.1' }],
      effects: ['strip-ansi'], range: '5.0.0', nodes: ['node_modules/ansi-regex'], fixAvailable: true,
    },
    'strip-ansi': { name: 'strip-ansi', severity: 'high', isDirect: false, via: ['ansi-regex'], effects: [], range: '6.0.0' },
  },
  metadata: { vulnerabilities: counts({ high: 2, total: 2 }) },
};

describe('judgeAudit', () => {
  it('blocks on a high advisory, naming the package, the advisory and the dependency it reaches through', () => {
    const v = judgeAudit(ansiRegexHigh);
    expect(v.kind).toBe('report');
    if (v.kind !== 'report') return;
    expect(v.blocking).toEqual([
      { name: 'ansi-regex', severity: 'high', title: 'Inefficient Regular Expression Complexity in chalk/ansi-regex',
        url: 'https://github.com/advisories/GHSA-93q8-gq69-wqmw' },
      { name: 'strip-ansi', severity: 'high', title: 'depends on vulnerable ansi-regex', url: '' },
    ]);
  });

  it('blocks on critical and lets low and moderate through', () => {
    const mixed = {
      auditReportVersion: 2,
      vulnerabilities: {
        a: { name: 'a', severity: 'moderate', via: [{ title: 'meh', url: 'u1', severity: 'moderate' }] },
        b: { name: 'b', severity: 'low', via: [{ title: 'minor', url: 'u2', severity: 'low' }] },
        c: { name: 'c', severity: 'critical', via: [{ title: 'bad', url: 'u3', severity: 'critical' }] },
      },
      metadata: { vulnerabilities: counts({ low: 1, moderate: 1, critical: 1, total: 3 }) },
    };
    const v = judgeAudit(mixed);
    expect(v.kind === 'report' && v.blocking.map((b) => b.name)).toEqual(['c']);
  });

  it('passes a clean report and keeps its counts', () => {
    const v = judgeAudit({ auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: counts({}) } });
    expect(v).toEqual({ kind: 'report', counts: counts({}), blocking: [] });
  });

  it('never mistakes a refused audit request for a clean report', () => {
    const refused = {
      message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk',
      method: 'POST', statusCode: 405, body: '', error: { summary: '', detail: '' },
    };
    expect(judgeAudit(refused)).toEqual({
      kind: 'unavailable',
      reason: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk (HTTP 405)',
    });
    expect(judgeAudit(undefined).kind).toBe('unavailable');
  });
});
