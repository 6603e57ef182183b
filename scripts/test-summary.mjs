// Sums the Vitest JSON reports of every workspace package into one closing line,
// "N passed, N failed", the line CI reads. Exits non-zero when a test failed or no test ran.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    // results.json, plus results-<variant>.json when a package runs its tests twice (e.g. on two framework majors).
    const dir = join(root, group, name, '.vitest-results');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((entry) => /^results(-[\w.-]+)?\.json$/.test(entry)).sort()) {
      const result = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      passed += result.numPassedTests;
      failed += result.numFailedTests + (result.numTotalTestSuites > 0 && result.success === false && result.numFailedTests === 0 ? 1 : 0);
      skipped += result.numPendingTests + result.numTodoTests;
      const variant = file === 'results.json' ? '' : ` (${file.slice('results-'.length, -'.json'.length)})`;
      console.log(`${`${group}/${name}${variant}`.padEnd(32)} ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
