import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The CLI tests spawn processes and the browser tests start Chromium: keep CI's 2 cores calm.
    maxWorkers: 2,
  },
});
