// @vitest-environment node
/**
 * What `import { useOssUpload } from '@oss-presign/react-hook'` costs a browser app: esbuild,
 * minified, ESM with code splitting, React external, gzip level 9. Prints the initial chunk (the
 * entry plus the chunks it imports statically) beside UploadThing's React client.
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const KIB = 1024;
/** The budget for the initial chunk. */
const BUDGET = 6 * KIB;
/** UploadThing's whole React client, min+gzip, as the comparison point. */
const UPLOADTHING_REACT = 12.4 * KIB;

async function initialChunk(entry: string): Promise<{ gzip: number; lazy: number; code: string }> {
  const result = await build({
    stdin: { contents: entry, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    splitting: true,
    outdir: '/virtual',
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['react', 'react-dom'],
    conditions: ['@oss-presign/source'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const text = new Map(result.outputFiles.map((file) => [file.path.slice(file.path.lastIndexOf('/') + 1), file.text]));
  const outputs = result.metafile.outputs;
  const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const entryPath = Object.keys(outputs).find((path) => outputs[path]?.entryPoint === '<stdin>') as string;
  // The entry and every chunk reachable from it through static imports load with the page.
  const initial = new Set<string>();
  const visit = (path: string): void => {
    if (initial.has(path) || !outputs[path]) return;
    initial.add(path);
    for (const imported of outputs[path].imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entryPath);
  const gz = (paths: Iterable<string>) => [...paths].reduce((sum, path) => sum + gzipSync(text.get(nameOf(path)) ?? '', { level: 9 }).length, 0);
  const lazy = Object.keys(outputs).filter((path) => !initial.has(path) && path.endsWith('.js'));
  return { gzip: gz(initial), lazy: gz(lazy), code: [...initial].map((path) => text.get(nameOf(path))).join('\n') };
}

describe('bundle size of useOssUpload', () => {
  it('prints the initial chunk next to UploadThing; within its 6 KiB budget, the hook adds at most 1.5 KiB to the store it subscribes to', async () => {
    const hook = await initialChunk("export { useOssUpload } from '@oss-presign/react-hook';");
    const store = await initialChunk("export { createUploader } from '@oss-presign/core/upload';");
    const kib = (bytes: number) => `${(bytes / KIB).toFixed(1)} KiB`;
    console.log(
      `useOssUpload, min+gzip, React external: initial chunk ${kib(hook.gzip)} (budget ${kib(BUDGET)}), lazy chunks ${kib(hook.lazy)}; ` +
        `createUploader alone ${kib(store.gzip)}; UploadThing's React client ${kib(UPLOADTHING_REACT)}`,
    );
    expect(hook.code).not.toMatch(/["']node:|aliyun_v4|createHmac/);
    expect(hook.gzip - store.gzip).toBeLessThanOrEqual(1.5 * KIB);
    // Core's engine (multipart, retries, checksums, the store's reducer) is a lazily loaded chunk,
    // so the page carries the store, its option checks and the hook: within the budget.
    expect(hook.gzip).toBeLessThanOrEqual(BUDGET);
  });

  it("keeps 'use client' at the top of every built file (pnpm build runs before the tests)", async () => {
    for (const file of ['index.js', 'use-oss-upload.js', 'cjs/index.js', 'cjs/use-oss-upload.js']) {
      const text = await readFile(new URL(`../dist/${file}`, import.meta.url), 'utf8');
      // ESM: the first statement; CommonJS: in the directive prologue right after "use strict".
      expect(text.replace(/^"use strict";\s*/, '').startsWith("'use client';"), file).toBe(true);
    }
  });
});
