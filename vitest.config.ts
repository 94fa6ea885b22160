import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**'],
    // Brings the engine up (installing it if needed), seeds the base images, and stops an
    // engine it started when the run ends, pass or fail.
    globalSetup: ['test/setup/engine.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
