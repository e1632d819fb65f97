// Reads the JSON that `npm audit --json` prints and decides whether it should stop a release.
// Kept free of I/O so the decision is unit-tested with recorded reports.

export const BLOCKING = ['high', 'critical'];

/**
 * @param {unknown} report parsed `npm audit --json` output
 * @returns {{ kind: 'unavailable', reason: string }
 *   | { kind: 'report', counts: Record<string, number>, blocking: { name: string, severity: string, title: string, url: string }[] }}
 */
export function judgeAudit(report) {
  if (report === null || typeof report !== 'object') return { kind: 'unavailable', reason: 'npm audit printed no JSON' };
  const r = /** @type {Record<string, any>} */ (report);
  // npm prints the failed HTTP exchange instead of a report when the advisory service can't be asked.
  if (r.auditReportVersion === undefined || typeof r.vulnerabilities !== 'object' || r.vulnerabilities === null) {
    const status = typeof r.statusCode === 'number' ? ` (HTTP ${r.statusCode})` : '';
    const message = typeof r.message === 'string' ? r.message : typeof r.error?.summary === 'string' ? r.error.summary : 'no report';
    return { kind: 'unavailable', reason: `${message}${status}` };
  }
  const counts = { ...(r.metadata?.vulnerabilities ?? {}) };
  const blocking = [];
  for (const [name, vuln] of Object.entries(r.vulnerabilities)) {
    if (!BLOCKING.includes(vuln?.severity)) continue;
    // `via` mixes advisories (objects) with names of vulnerable dependencies (strings); only the former say why.
    const advisories = (Array.isArray(vuln.via) ? vuln.via : []).filter((v) => v && typeof v === 'object');
    if (advisories.length === 0) {
      blocking.push({ name, severity: vuln.severity, title: `depends on vulnerable ${[vuln.via].flat().join(', ')}`, url: '' });
    }
    for (const a of advisories) {
      blocking.push({ name, severity: a.severity ?? vuln.severity, title: a.title ?? '', url: a.url ?? '' });
    }
  }
  return { kind: 'report', counts, blocking };
}
