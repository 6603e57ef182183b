import { configDefaults, defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

/**
 * The same tests on NestJS 11 (CommonJS): `@nestjs/*` imports go to the `nest11-*` npm aliases, and
 * test/nest11-require.ts sends Nest 11's own `require('@nestjs/...')` calls there too (pnpm links
 * their peers to the workspace's Nest 12).
 */
export default defineConfig({
  ...sharedConfig,
  resolve: {
    ...sharedConfig.resolve,
    alias: [{ find: /^@nestjs\/(common|core|testing|platform-express|platform-fastify)(\/.*)?$/, replacement: 'nest11-$1$2' }],
  },
  test: {
    ...sharedConfig.test,
    setupFiles: ['./test/nest11-require.ts'],
    // module-format.test.ts already runs the built package on both majors, in child processes.
    exclude: [...configDefaults.exclude, 'test/module-format.test.ts'],
    env: { NEST_MAJOR: '11' },
    reporters: ['default', ['json', { outputFile: '.vitest-results/results-nest11.json' }]],
  },
});
