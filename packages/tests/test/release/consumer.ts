// A user's project, built from our packed tarballs: `pnpm pack` every public package, then
// `npm install` one package's tarballs into an empty folder, as a user installs from the registry
// (npm adds the peers). One folder per package, so each is checked with only what its user installs.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = new URL('../../../../', import.meta.url).pathname;
const cacheDir = join(repoRoot, 'packages/tests/.cache');

export interface PublicPackage {
  readonly name: string;
  readonly dir: string;
  readonly pkg: Record<string, any>;
}

/** Every packages/* folder whose package.json is not private: new packages are covered the day they land. */
export function publicPackages(): PublicPackage[] {
  const packagesDir = join(repoRoot, 'packages');
  return readdirSync(packagesDir)
    .sort()
    .map((folder) => join(packagesDir, folder))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => pkg.private !== true)
    .map(({ dir, pkg }) => ({ name: pkg.name as string, dir, pkg }));
}

/** The import specifiers a package exports: `name` for ".", `name/sub` for "./sub"; not package.json. */
export function entrySpecifiers(p: PublicPackage): string[] {
  const exportsField = p.pkg.exports as Record<string, unknown> | undefined;
  if (!exportsField) return [p.name];
  return Object.keys(exportsField)
    .filter((key) => key !== './package.json' && !key.includes('*'))
    .map((key) => (key === '.' ? p.name : `${p.name}${key.slice(1)}`));
}

/** True when some export answers `require` with its own build. */
export function hasCommonJsEntry(p: PublicPackage): boolean {
  const visit = (value: unknown): boolean =>
    value !== null && typeof value === 'object' && Object.entries(value).some(([key, inner]) => key === 'require' || visit(inner));
  return visit(p.pkg.exports ?? {});
}

export interface Consumer {
  /** The user's project folder (package.json "type": "module", node_modules from npm). */
  readonly dir: string;
  /** Tarball path per package name. */
  readonly tarballs: ReadonlyMap<string, string>;
}

/** Packs every public package into .cache/packs with `pnpm pack` (which rewrites workspace: ranges). */
export async function packAll(packages: PublicPackage[]): Promise<Map<string, string>> {
  const packsDir = join(cacheDir, 'packs');
  await rm(packsDir, { recursive: true, force: true });
  await mkdir(packsDir, { recursive: true });
  const tarballs = new Map<string, string>();
  for (const p of packages) {
    const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', packsDir], { cwd: p.dir });
    const filename = (JSON.parse(stdout) as { filename: string }).filename;
    tarballs.set(p.name, filename.startsWith('/') ? filename : join(packsDir, filename));
  }
  return tarballs;
}

/** The tarballs a user of `p` installs: `p` and the @oss-presign packages it depends on, transitively. */
export function closure(p: PublicPackage, all: PublicPackage[]): PublicPackage[] {
  const byName = new Map(all.map((entry) => [entry.name, entry]));
  const seen = new Map<string, PublicPackage>();
  const visit = (entry: PublicPackage) => {
    if (seen.has(entry.name)) return;
    seen.set(entry.name, entry);
    for (const dep of Object.keys({ ...entry.pkg.dependencies, ...entry.pkg.peerDependencies })) {
      const inner = byName.get(dep);
      if (inner) visit(inner);
    }
  };
  visit(p);
  return [...seen.values()];
}

/** The TypeScript users type-check with (5.x, not our native 7), installed into each consumer like theirs. */
export const userTypeScript = 'typescript@5.9.3';

/** What decides the third-party tree: the installed packages' dependency fields, npm's and Node's versions. */
function treeKey(packages: PublicPackage[], npmVersion: string): string {
  const fields = packages.map(({ name, pkg }) => [name, pkg.dependencies, pkg.peerDependencies, pkg.peerDependenciesMeta]);
  return createHash('sha256').update(JSON.stringify([npmVersion, process.version.split('.')[0], userTypeScript, fields])).digest('hex');
}

/**
 * A user's project that installed `packages` (tarballs from packAll), in <tmpdir>/oss-presign-consumers/<repo>/<folder>.
 * First run, or any change to a dependency field: an empty folder and `npm install <tarballs>`.
 * Otherwise the third-party tree npm resolved for these exact dependency fields is kept, and our
 * packages are replaced by the fresh tarballs' contents, which is what npm's reify step does with
 * an unchanged tree (bins aside: no test runs them from here).
 */
export async function installConsumer(folder: string, packages: PublicPackage[], tarballs: Map<string, string>): Promise<Consumer> {
  // Outside the repository: TypeScript and Node look for packages and @types in every parent
  // folder, so a consumer inside the repo would quietly use the repo's own node_modules.
  const dir = join(tmpdir(), 'oss-presign-consumers', createHash('sha256').update(repoRoot).digest('hex').slice(0, 12), folder);
  const npmVersion = (await run('npm', ['--version'])).stdout.trim();
  const key = treeKey(packages, npmVersion);
  const keyFile = join(dir, '.tree-key');
  const mine = new Map(packages.map((p) => [p.name, tarballs.get(p.name) as string]));
  if (existsSync(keyFile) && (await readFile(keyFile, 'utf8')) === key) {
    for (const [name, tarball] of mine) {
      const target = join(dir, 'node_modules', name);
      await rm(target, { recursive: true, force: true });
      await mkdir(target, { recursive: true });
      await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
    }
    return { dir, tarballs: mine };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: `consumer-${folder}`, private: true, type: 'module' }, null, 2)}\n`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error', ...mine.values(), userTypeScript], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  await writeFile(keyFile, key);
  return { dir, tarballs: mine };
}

/** Files inside a tarball, without the leading "package/". */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ''));
}

/** One file's text inside a tarball. */
export async function tarballText(tarball: string, file: string): Promise<string> {
  return (await run('tar', ['-xOzf', tarball, `package/${file}`], { maxBuffer: 16 * 1024 * 1024 })).stdout;
}

/** Every file path an exports map names (all conditions), relative to the package root. */
export function exportTargets(p: PublicPackage): string[] {
  const targets = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') for (const inner of Object.values(value)) visit(inner);
  };
  visit(p.pkg.exports ?? {});
  for (const field of ['main', 'module', 'types']) if (typeof p.pkg[field] === 'string') targets.add(p.pkg[field].replace(/^\.\//, ''));
  if (typeof p.pkg.bin === 'string') targets.add(p.pkg.bin.replace(/^\.\//, ''));
  else if (p.pkg.bin) for (const bin of Object.values(p.pkg.bin as Record<string, string>)) targets.add(bin.replace(/^\.\//, ''));
  return [...targets];
}

export { run };
