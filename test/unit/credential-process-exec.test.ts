import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exec, execBounded } from '../../src/aws/credential-process-exec.js';

describe('the exec the SDK runs credential_process with (bundled in place of child_process.exec)', () => {
  it('promisified as the SDK does, it resolves to the command\'s stdout and stderr', async () => {
    await expect(promisify(exec)('echo \'{"Version": 1}\'; echo warn >&2')).resolves.toEqual({ stdout: '{"Version": 1}\n', stderr: 'warn\n' });
  });

  it('a command that fails rejects as exec does', async () => {
    await expect(promisify(exec)('exit 3')).rejects.toMatchObject({ code: 3 });
  });

  it('a command that does not finish in time is stopped and rejected with a message naming it', async () => {
    await expect(execBounded('sleep 30', 300)).rejects.toThrow('credential_process did not finish within 0.3 s: sleep 30');
  });
});
