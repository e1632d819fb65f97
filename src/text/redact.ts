/**
 * Last line of defence for text that came back from AWS or the SDK (error messages can echo parts of a
 * request): access key ids, session tokens and signatures never reach the terminal or a CI log.
 */
const PATTERNS: Array<[RegExp, string]> = [
  // A whole SigV4 Authorization value (scope, signed headers, signature), as a proxy echoing the request shows it.
  [/AWS4-HMAC-SHA256\s+Credential=[^\s,"']*(?:,?\s*SignedHeaders=[^\s,"']*)?(?:,?\s*Signature=[0-9a-f]*)?/gi, 'AWS4-HMAC-SHA256 (redacted)'],
  [/\b(AKIA|ASIA|AIDA|AROA|ANPA|AGPA|AIPA)[A-Z0-9]{12,}\b/g, '$1…(redacted)'],
  [/(Signature=)[0-9a-f]{16,}/gi, '$1(redacted)'],
  // Also quoted, as in request headers echoed as JSON: "x-amz-security-token":"...".
  [/(x-amz-security-token["']?\s*[=:]\s*["']?)[^\s&,;"']+/gi, '$1(redacted)'],
  [/(aws_secret_access_key\s*[=:]\s*)\S+/gi, '$1(redacted)'],
  [/(Credential=)[^/\s,]+/g, '$1(redacted)'],
  // The password of a URL's user:password@ (an --endpoint-url or proxy URL, echoed by an error message).
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:)[^\s/]*@/gi, '$1(redacted)@'],
];

/** The credentials in the environment are known exactly: redacted wherever they appear, in whatever context. */
const KNOWN = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];

/**
 * What to look for of one known secret: the value itself, and each run of 8+ letters and digits in it with
 * whatever letters and digits follow its first 16. A message quoting a file or a URL can show a secret cut at
 * a `/` or `+` (an unquoted word in a features file), or truncated: the full value alone would not match then.
 */
const compiled = new Map<string, RegExp[]>();
function knownPatterns(value: string): RegExp[] {
  const cached = compiled.get(value);
  if (cached) return cached;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const runs = (value.match(/[A-Za-z0-9]{8,}/g) ?? []).map((run) => new RegExp(`${escape(run.slice(0, 16))}[A-Za-z0-9]*`, 'g'));
  const patterns = [new RegExp(escape(value), 'g'), ...runs];
  compiled.set(value, patterns);
  return patterns;
}

export function redact(text: string): string {
  let out = text;
  for (const name of KNOWN) {
    const value = process.env[name];
    if (value && value.length >= 8) for (const pattern of knownPatterns(value)) out = out.replace(pattern, '(redacted)');
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
