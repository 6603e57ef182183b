// The public packages of this repository: every packages/* folder whose package.json is not private.
// The release check and the install test both read this list, so a new package is covered the day it lands.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = new URL('..', import.meta.url).pathname;

/**
 * @returns {{ name: string, dir: string, pkg: Record<string, any> }[]} sorted by folder name
 */
export function publicPackages() {
  const packagesDir = join(repoRoot, 'packages');
  return readdirSync(packagesDir)
    .sort()
    .map((folder) => join(packagesDir, folder))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => pkg.private !== true)
    .map(({ dir, pkg }) => ({ name: pkg.name, dir, pkg }));
}

/**
 * True when some export (or `main`) answers a `require`: the package ships a CommonJS build.
 * An ESM-only package (no require condition) is checked with attw's esm-only profile, since
 * Node >= 20.19 loads it with require() too.
 */
export function hasCommonJsEntry(pkg) {
  const visit = (value) =>
    value !== null && typeof value === 'object' && Object.entries(value).some(([key, inner]) => key === 'require' || visit(inner));
  return visit(pkg.exports ?? {});
}
