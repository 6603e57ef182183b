import { defineConfig } from 'vitest/config';

/**
 * Shared Vitest settings: resolve workspace packages to their TypeScript source through the
 * "@oss-presign/source" export condition, so tests need no build; write a JSON report per package
 * that .ci/run sums into one "N passed, N failed" line.
 */
export const sourceConditions = ['@oss-presign/source'];

export const sharedConfig = defineConfig({
  resolve: { conditions: [...sourceConditions, 'module', 'node', 'import', 'default'] },
  // No "import" here: Vitest applies these to Node's require() too, and CommonJS dependencies of dual
  // packages (Express 5's router and is-promise) would load their ESM builds and break.
  ssr: { resolve: { conditions: [...sourceConditions, 'node', 'default'], externalConditions: sourceConditions } },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: '.vitest-results/results.json' }]],
  },
});
