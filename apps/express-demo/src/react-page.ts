import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the built React demo (apps/react-demo, `vite build`) is: its package's dist folder. The
 * workspace dependency makes turbo build it before this app builds, tests or starts.
 */
export function reactDemoDist(): string {
  return join(dirname(createRequire(import.meta.url).resolve('react-demo/package.json')), 'dist');
}
