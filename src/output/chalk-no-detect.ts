/**
 * Stands in for chalk's `#supports-color` in the bundle (see scripts/build.mjs). gdeks always builds its
 * own `new Chalk({ level })` from --no-color, NO_COLOR, FORCE_COLOR and isTTY (src/output/color.ts), so
 * chalk's import-time terminal detection is never used; skipping it keeps node:tty and node:os out of
 * start-up.
 */
const supportsColor = { stdout: false as const, stderr: false as const };
export default supportsColor;
