import { spawn, spawnSync } from 'node:child_process';
import { BIN, binEnv } from './bin.js';

/** Why terminal tests are skipped here, or undefined when python3 (whose pty module gives a real terminal) runs. */
export function terminalUnavailable(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import pty, termios, fcntl'], { encoding: 'utf8' });
  if (probe.error) return 'python3 is not on PATH (it provides the pseudo-terminal)';
  return probe.status === 0 ? undefined : 'python3 has no pty/termios module';
}

// The child sets its terminal's size on its own side before exec, so the CLI sees it from its first instruction.
const PTY_RUNNER = `
import fcntl, os, pty, struct, sys, termios
cols = int(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack('HHHH', 40, cols, 0, 0))
    os.execvp(sys.argv[2], sys.argv[2:])
out = b''
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
sys.stdout.buffer.write(out)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else status >> 8)
`;

export interface TerminalResult {
  code: number | null;
  /** stdout and stderr as the terminal showed them (interleaved), with \r\n turned back into \n. */
  screen: string;
  /** With `stdoutToPipe`: what went to stdout, a pipe (the screen then shows stderr alone). */
  stdout?: string;
}

// As PTY_RUNNER, but stdout is a pipe and only stderr is the terminal: `gdeks ... -o csv > file` at a terminal.
const PTY_PIPE_RUNNER = `
import fcntl, json, os, pty, select, struct, sys, termios
cols = int(sys.argv[1])
r, w = os.pipe()
pid, fd = pty.fork()
if pid == 0:
    os.close(r)
    fcntl.ioctl(2, termios.TIOCSWINSZ, struct.pack('HHHH', 40, cols, 0, 0))
    os.dup2(w, 1)
    os.close(w)
    os.execvp(sys.argv[2], sys.argv[2:])
os.close(w)
out = {fd: b'', r: b''}
open_fds = [fd, r]
while open_fds:
    ready, _, _ = select.select(open_fds, [], [])
    for f in ready:
        try:
            chunk = os.read(f, 65536)
        except OSError:
            chunk = b''
        if not chunk:
            open_fds.remove(f)
        else:
            out[f] += chunk
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else status >> 8
sys.stdout.write(json.dumps({'screen': out[fd].decode('utf8', 'replace'), 'stdout': out[r].decode('utf8', 'replace'), 'code': code}))
`;

/** Runs `bin/gdeks.js` with stdout and stderr on a pseudo-terminal `columns` wide, as in an interactive shell. */
export function runInTerminal(args: string[], options: { columns: number; env?: Record<string, string>; stdoutToPipe?: boolean }): Promise<TerminalResult> {
  return new Promise((resolve, reject) => {
    const runner = options.stdoutToPipe ? PTY_PIPE_RUNNER : PTY_RUNNER;
    const child = spawn('python3', ['-c', runner, String(options.columns), process.execPath, BIN, ...args], {
      env: { ...binEnv(options.env), TERM: 'xterm-256color' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (!options.stdoutToPipe) return resolve({ code, screen: screen.replace(/\r\n/g, '\n') });
      try {
        const r = JSON.parse(screen) as { screen: string; stdout: string; code: number };
        resolve({ code: r.code, screen: r.screen.replace(/\r\n/g, '\n'), stdout: r.stdout });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}
