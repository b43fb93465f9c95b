import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace package (shared/*, patterns/*, infra, scripts).
export default defineConfig({
  test: {
    include: ['{shared,patterns}/*/test/**/*.test.ts', 'infra/test/**/*.test.ts', 'scripts/test/**/*.test.ts'],
    setupFiles: ['./shared/runtime/test/setup/no-network.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
