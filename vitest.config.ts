import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages export dist/ JavaScript to plain node and their TypeScript source under the
// "@sentinel/source" condition: tests run the source, so they need no build.
const conditions = ['@sentinel/source', ...defaultServerConditions];
const resolve = { conditions };
const ssr = { resolve: { conditions } };

// One runner for the whole monorepo: each workspace is a project so `vitest run`
// from the root runs every unit and integration test once.
export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'db',
          root: './prisma',
          include: ['src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'exchange',
          root: './exchange',
          include: ['src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'api',
          root: './api',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'web',
          root: './web',
          include: ['src/**/*.test.ts'],
        },
      },
    ],
  },
});
