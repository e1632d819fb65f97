import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Colour is decided once per stream: off with --no-color or NO_COLOR (any value), forced by FORCE_COLOR,
 * otherwise on only when the stream is a terminal (so pipes and CI logs get plain text).
 */
export function makeChalk(stream: { isTTY?: boolean }, noColorFlag: boolean, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return new Chalk({ level: 0 });
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    const n = force === 'true' ? 1 : Number.parseInt(force, 10);
    if (n === 0 || force === 'false') return new Chalk({ level: 0 });
    return new Chalk({ level: n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1 });
  }
  return new Chalk({ level: stream.isTTY ? 2 : 0 });
}
