import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// As vitest.config.ts: workspace packages resolve to their TypeScript source.
const conditions = ['@sentinel/source', ...defaultServerConditions];

// Browser tests: the real API in-process serving the built SPA (web/build), driven by
// Chromium through playwright-core. Build first: `npm run build -w @sentinel/web`.
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name: 'browser',
    include: ['web/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
