import { defineConfig } from 'vitest/config';

// Browser journeys: each file starts its own server, SMTP peer and Chromium, so they run one at a time.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    // Generous: a journey runs axe several times, and CI machines are small and busy.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
