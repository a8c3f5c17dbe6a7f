import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/helpers/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    restoreMocks: true,
    // Powertools Logger writes straight to stdout; tests that care about logs read them another way.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  },
});
