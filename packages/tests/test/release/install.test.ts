// Our packages as a user gets them: packed with `pnpm pack`, each installed with npm into its own
// empty folder together with the @oss-presign packages it needs (npm adds the peers), then imported
// from ESM and from CommonJS, and type-checked by the TypeScript users run (5.9, not our native 7)
// with `skipLibCheck: false` under `moduleResolution: nodenext` (ESM and CommonJS files) and
// `bundler`. Every public package under packages/* is covered without a list to update.
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Consumer,
  closure,
  entrySpecifiers,
  exportTargets,
  installConsumer,
  packAll,
  publicPackages,
  repoRoot,
  run,
  tarballFiles,
  tarballText,
} from './consumer.js';

const packages = publicPackages();
const consumers = new Map<string, Consumer>();
const fileStem = (name: string) => name.replace(/^@/, '').replace(/\//g, '__');

beforeAll(async () => {
  const tarballs = await packAll(packages);
  const installed = await Promise.all(packages.map((p) => installConsumer(fileStem(p.name), closure(p, packages), tarballs)));
  for (const [i, p] of packages.entries()) consumers.set(p.name, installed[i] as Consumer);
}, 600_000);

/** Runs node in a consumer folder; resolves with stdout, rejects with stderr in the message. */
async function node(cwd: string, args: string[]): Promise<string> {
  try {
    return (await run(process.execPath, args, { cwd, maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    throw new Error(`node ${args.join(' ')} failed:\n${failure.stderr ?? failure.message}`);
  }
}

/** The consumer's own tsc (5.9) on a tsconfig written into its folder; resolves with its diagnostics ('' when clean). */
async function typeCheck(cwd: string, config: string, tsconfig: object): Promise<string> {
  await writeFile(join(cwd, config), `${JSON.stringify(tsconfig, null, 2)}\n`);
  try {
    await run(process.execPath, [join(cwd, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd, maxBuffer: 16 * 1024 * 1024 });
    return '';
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    return `${failure.stdout ?? ''}${failure.stderr ?? failure.message}`.trim() || 'tsc failed';
  }
}

const names = (keys: string[] | undefined) => (keys ?? []).filter((key) => key !== 'default' && key !== '__esModule' && key !== 'module.exports').sort();
// incremental: tsc keeps each program's results in the consumer folder (.cache, between runs) and
// rechecks only what changed, i.e. our declarations, rather than all of @types/node every time.
const strict = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', esModuleInterop: true, incremental: true };
const tsBuildInfo = (config: string) => ({ tsBuildInfoFile: `.tsbuildinfo/${config}` });

describe('the public packages', () => {
  it('are found under packages/*, and each is a devDependency of @oss-presign/tests so turbo builds it before these tests', () => {
    expect(packages.map((p) => p.name)).toContain('@oss-presign/core');
    const tests = JSON.parse(readFileSync(join(repoRoot, 'packages/tests/package.json'), 'utf8'));
    const missing = packages.filter((p) => !tests.devDependencies?.[p.name]).map((p) => p.name);
    expect(missing, 'add these as "workspace:*" devDependencies of packages/tests').toEqual([]);
  });

  it('are all in the one fixed changeset group', () => {
    const config = JSON.parse(readFileSync(join(repoRoot, '.changeset/config.json'), 'utf8')) as { fixed: string[][] };
    const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    expect(config.fixed).toHaveLength(1);
    const group = config.fixed[0] ?? [];
    for (const p of packages) expect(group.some((pattern) => glob(pattern).test(p.name)), p.name).toBe(true);
  });
});

describe.each(packages.map((p) => [p.name, p] as const))('%s, packed and installed with npm', (name, p) => {
  const consumer = () => consumers.get(name) as Consumer;

  it('carries the MIT LICENSE, the README and every file its package.json names', async () => {
    const tarball = consumer().tarballs.get(name) as string;
    const files = new Set(await tarballFiles(tarball));
    expect(files.has('README.md')).toBe(true);
    expect(await tarballText(tarball, 'LICENSE')).toBe(readFileSync(join(repoRoot, 'LICENSE'), 'utf8'));
    expect(exportTargets(p).filter((target) => !files.has(target))).toEqual([]);
    const manifest = JSON.parse(await tarballText(tarball, 'package.json'));
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    expect(manifest.license).toBe('MIT');
  });

  it('imports every entry from ESM and from CommonJS, with the same named exports', { timeout: 180_000 }, async () => {
    const specs = entrySpecifiers(p);
    const collect = (load: string) => `const out = {}; for (const s of ${JSON.stringify(specs)}) out[s] = Object.keys(${load}); console.log(JSON.stringify(out));`;
    const esm = JSON.parse(await node(consumer().dir, ['--input-type=module', '-e', collect('await import(s)')])) as Record<string, string[]>;
    const cjs = JSON.parse(await node(consumer().dir, ['--input-type=commonjs', '--no-warnings', '-e', collect('require(s)')])) as Record<string, string[]>;
    for (const spec of specs) {
      expect(names(esm[spec]).length, `${spec} exports nothing`).toBeGreaterThan(0);
      expect(names(cjs[spec]), spec).toEqual(names(esm[spec]));
    }
  });

  it('type-checks with skipLibCheck: false under nodenext (ESM and CommonJS files) and bundler', async () => {
    // One small file per format importing every entry: with skipLibCheck off, tsc checks each
    // declaration file those entries reach, and the framework types they import.
    const { dir } = consumer();
    const specs = entrySpecifiers(p);
    const use = `export const entries: Record<string, object> = { ${specs.map((spec, i) => `'${spec}': entry${i}`).join(', ')} };\n`;
    await rm(join(dir, 'checks'), { recursive: true, force: true });
    await mkdir(join(dir, 'checks'), { recursive: true });
    await writeFile(join(dir, 'checks/esm.ts'), `${specs.map((spec, i) => `import * as entry${i} from '${spec}';`).join('\n')}\n${use}`);
    await writeFile(join(dir, 'checks/cjs.cts'), `${specs.map((spec, i) => `import entry${i} = require('${spec}');`).join('\n')}\n${use}`);
    const nodenext = { ...strict, ...tsBuildInfo('nodenext'), module: 'NodeNext', moduleResolution: 'NodeNext' };
    const bundler = { ...strict, ...tsBuildInfo('bundler'), module: 'ESNext', moduleResolution: 'Bundler' };
    const nodenextErrors = await typeCheck(dir, 'tsconfig.nodenext.json', { compilerOptions: nodenext, files: ['checks/esm.ts', 'checks/cjs.cts'] });
    const bundlerErrors = await typeCheck(dir, 'tsconfig.bundler.json', { compilerOptions: bundler, files: ['checks/esm.ts'] });
    expect(nodenextErrors, 'nodenext').toBe('');
    expect(bundlerErrors, 'bundler').toBe('');
  }, 600_000);
});

describe('@oss-presign/core/upload in a browser project', () => {
  it('type-checks with only the DOM lib, no Node types, skipLibCheck: false', { timeout: 600_000 }, async () => {
    const { dir } = consumers.get('@oss-presign/core') as Consumer;
    await mkdir(join(dir, 'browser'), { recursive: true });
    await writeFile(
      join(dir, 'browser/upload.ts'),
      "import { createUploader } from '@oss-presign/core/upload';\nexport const uploader: ReturnType<typeof createUploader> = createUploader({ endpoint: '/api/oss' });\n",
    );
    const browser = { ...strict, ...tsBuildInfo('browser'), module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [] };
    expect(await typeCheck(dir, 'tsconfig.browser.json', { compilerOptions: browser, files: ['browser/upload.ts'] })).toBe('');
  });
});
