import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

/**
 * The same tests on React 18: imports of react and react-dom go to the `react18` / `react-dom18`
 * npm aliases, and test/react18-require.ts sends the require() calls of externalized packages
 * (react-dom itself, @testing-library/react) there too.
 */
export default defineConfig({
  ...sharedConfig,
  resolve: {
    ...sharedConfig.resolve,
    alias: [{ find: /^(react|react-dom)(\/.*)?$/, replacement: '$118$2' }],
  },
  test: {
    ...sharedConfig.test,
    environment: 'happy-dom',
    setupFiles: ['./test/react18-require.ts'],
    env: { REACT_MAJOR: '18' },
    reporters: ['default', ['json', { outputFile: '.vitest-results/results-react18.json' }]],
  },
});
