import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-line.ts'],
    // End-to-end tests spawn the built binary and local servers; give them room on a shared 2-core machine.
    testTimeout: 30_000,
    // Most files mostly wait (servers, timers, child processes), so two at once even on 2 cores, where vitest's
    // default (cores - 1) would run them one after another.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    hookTimeout: 60_000,
    restoreMocks: true,
    // The tests' own SDK clients (reading state back from moto) must not print the Node 20 support warning either.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
