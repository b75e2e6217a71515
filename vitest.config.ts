import { defineConfig } from 'vitest/config';

// One runner for the whole monorepo: each workspace is a project so `vitest run`
// from the root runs every unit and integration test once.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'db',
          root: './prisma',
          include: ['src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'exchange',
          root: './exchange',
          include: ['src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'api',
          root: './api',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'web',
          root: './web',
          include: ['src/**/*.test.ts'],
        },
      },
    ],
  },
});
