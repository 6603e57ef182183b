// The release gate: build every package, then run publint and @arethetypeswrong/cli on each public
// package's packed tarball. Exits non-zero on any error or warning from either tool.
//   pnpm release:check
// attw profiles: "node16" for dual packages (node10 resolution, i.e. TypeScript's deprecated
// `moduleResolution: node`, cannot see subpath exports and is out of scope); "esm-only" for
// packages without a CommonJS build (Node >= 20.19, our engines floor, require()s them).
import { spawnSync } from 'node:child_process';
import { hasCommonJsEntry, publicPackages, repoRoot } from './public-packages.mjs';

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  return result.status === 0;
}

if (!process.argv.includes('--no-build')) {
  if (!run('pnpm', ['build'], repoRoot)) process.exit(1);
}

const failures = [];
for (const { name, dir, pkg } of publicPackages()) {
  console.log(`\n=== ${name}`);
  if (!run('pnpm', ['exec', 'publint', '--strict', '--pack', 'pnpm', '.'], dir)) failures.push(`${name}: publint`);
  const profile = hasCommonJsEntry(pkg) ? 'node16' : 'esm-only';
  if (!run('pnpm', ['exec', 'attw', '--pack', '.', '--profile', profile, '--format', 'table-flipped'], dir)) {
    failures.push(`${name}: attw`);
  }
}

console.log(failures.length === 0 ? '\nrelease check: publint and attw clean on every public package' : `\nrelease check failed:\n  ${failures.join('\n  ')}`);
process.exit(failures.length === 0 ? 0 : 1);
