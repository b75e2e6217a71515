import { defineConfig } from 'vitest/config';

// Browser tests: the real API in-process serving the built SPA (web/build), driven by
// Chromium through playwright-core. Build first: `npm run build -w @sentinel/web`.
export default defineConfig({
  test: {
    name: 'browser',
    include: ['web/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
