import { defineConfig } from 'vitest/config';

// Server tests: rules, services and routes. The browser journeys have their own config in e2e/.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['tests/support/web-build.ts'],
  },
});
