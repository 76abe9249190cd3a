import { defineConfig } from 'vitest/config';

// Black-box suites over HTTP, run once per database: features, security (by ASVS requirement) and faults.
const integration = ['test/integration/**/*.test.ts', 'test/security/**/*.test.ts', 'test/faults/**/*.test.ts'];
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    globalSetup: ['test/global-setup.ts'],
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      { extends: true, test: { name: 'sqlite', include: integration, env: { TEST_DIALECT: 'sqlite' } } },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: { name: 'postgres', include: integration, env: { TEST_DIALECT: 'postgres' } },
            },
          ]
        : []),
      { extends: true, test: { name: 'browser', include: ['test/e2e/**/*.test.ts'], fileParallelism: false } },
    ],
  },
});
