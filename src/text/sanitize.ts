/**
 * Strings from AWS (finding titles, cluster names, tags, error messages) can carry terminal escape
 * sequences; printing them raw would let an attacker who names a pod repaint the user's terminal.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function sanitize(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
