import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/helpers/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    restoreMocks: true,
    // Powertools Logger writes straight to stdout; tests that care about logs read them another way.
    // The SDK's nine-line "Node 20 is unsupported after January 2027" warning, once per process: the local tools
    // say Node 22 (package.json engines, README); the tests still run on an older Node without it filling the output.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
