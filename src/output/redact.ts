/**
 * Last line of defence for text that came back from AWS or the SDK (error messages can echo parts of a
 * request): access key ids, session tokens and signatures never reach the terminal or a CI log.
 */
const PATTERNS: Array<[RegExp, string]> = [
  [/\b(AKIA|ASIA|AIDA|AROA|ANPA|AGPA|AIPA)[A-Z0-9]{12,}\b/g, '$1…(redacted)'],
  [/(Signature=)[0-9a-f]{16,}/gi, '$1(redacted)'],
  [/(x-amz-security-token[=:]\s*)[^\s&,;]+/gi, '$1(redacted)'],
  [/(aws_secret_access_key\s*[=:]\s*)\S+/gi, '$1(redacted)'],
  [/(Credential=)[^/\s,]+/g, '$1(redacted)'],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
