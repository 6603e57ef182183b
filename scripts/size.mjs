#!/usr/bin/env node
// `pnpm size`: what `import { createUploader } from '@oss-presign/core/upload'` costs a browser
// page, min+gzip, bundled the way an app's bundler would (esbuild, code splitting, ESM, browser
// platform, minified). The initial chunk is the entry plus every chunk it imports statically; lazy
// chunks (dynamic import(): the engine with the multipart path and the SignatureDoesNotMatch
// diagnosis, MD5) load on demand. The same for `import { useOssUpload } from
// '@oss-presign/react-hook'` with React external: its initial chunk has a budget of its own. Fails
// over budget, and when a browser chunk holds the signer, @noble/hashes, an XML library or a node:
// module. packages/tests/test/upload/size.test.ts runs the same functions.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const KIB = 1024;

/** Budgets, in bytes of min+gzip: the store's page (initial chunk, everything) and the React hook's initial chunk. */
export const BUDGET = { initial: 5 * KIB, total: 13 * KIB, hookInitial: 6 * KIB };

/** The page that imports the React hook (React stays external: the app has it anyway). */
export const HOOK_PAGE = { entry: "export { useOssUpload } from '@oss-presign/react-hook';", resolveDir: join(ROOT, 'packages/react-hook'), external: ['react', 'react-dom'] };

/** Stated reference figures (min+gzip), for the printout only: not measured here. */
export const REFERENCES = [
  ['UploadThing React client', 12.4 * KIB],
  ['Uppy core + aws-s3', 23 * KIB],
  ['ali-oss browser build', 170 * KIB],
];

const FORBIDDEN = /(^|\/)(signer|presigner|credentials|oss-client)(\/|\.ts$)|@noble|fast-xml-parser|upload\/node|upload-node|^node:/;

/**
 * Bundles the page's import with splitting and measures each chunk.
 *
 * @returns {{ initial: number, total: number, chunks: { file: string, gzip: number, initial: boolean, inputs: string[] }[], forbidden: string[] }}
 */
export async function measureUploaderSize(
  entry = "export { createUploader } from '@oss-presign/core/upload';",
  { resolveDir = join(ROOT, 'packages/core'), external = [] } = {},
) {
  const outdir = await mkdtemp(join(tmpdir(), 'oss-presign-size-'));
  try {
    const result = await build({
      stdin: { contents: entry, resolveDir, loader: 'ts', sourcefile: 'page.ts' },
      external,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      conditions: ['@oss-presign/source'],
      outdir,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const byPath = new Map(result.outputFiles.map((file) => [relative(outdir, file.path), file.contents]));
    const outputs = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.js'));
    const rel = (path) => relative(outdir, join(process.cwd(), path));
    const chunks = outputs.map(([path, info]) => {
      const file = rel(path);
      return {
        file,
        gzip: gzipSync(byPath.get(file) ?? new Uint8Array(), { level: 9 }).length,
        entry: info.entryPoint?.endsWith('page.ts') === true,
        statics: info.imports.filter((item) => item.kind === 'import-statement').map((item) => rel(item.path)),
        inputs: Object.entries(info.inputs)
          .filter(([, input]) => input.bytesInOutput > 0)
          .map(([input]) => input),
        code: new TextDecoder().decode(byPath.get(file)),
      };
    });
    const initialFiles = new Set();
    const visit = (file) => {
      if (initialFiles.has(file)) return;
      initialFiles.add(file);
      for (const next of chunks.find((chunk) => chunk.file === file)?.statics ?? []) visit(next);
    };
    for (const chunk of chunks) if (chunk.entry) visit(chunk.file);
    const forbidden = chunks.flatMap((chunk) => chunk.inputs.filter((input) => FORBIDDEN.test(input)));
    for (const chunk of chunks) {
      if (/["']node:|process\.getBuiltinModule|aliyun_v4|createHmac/.test(chunk.code)) forbidden.push(`${chunk.file}: node or signer code`);
    }
    return {
      initial: chunks.filter((chunk) => initialFiles.has(chunk.file)).reduce((sum, chunk) => sum + chunk.gzip, 0),
      total: chunks.reduce((sum, chunk) => sum + chunk.gzip, 0),
      chunks: chunks.map(({ file, gzip, inputs }) => ({ file, gzip, initial: initialFiles.has(file), inputs })),
      forbidden,
    };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

const kib = (bytes) => `${(bytes / KIB).toFixed(1)} KiB`;

/** The hook's page, measured the same way. */
export function measureHookSize() {
  return measureUploaderSize(HOOK_PAGE.entry, HOOK_PAGE);
}

/** The printout of `pnpm size`. */
export function formatReport(size, hook) {
  const lines = [
    "import { createUploader } from '@oss-presign/core/upload' (esbuild, browser, ESM, splitting, min+gzip)",
    `  initial (entry + static chunks): ${kib(size.initial).padStart(9)}   budget ${kib(BUDGET.initial)}`,
    `  everything incl. lazy chunks:    ${kib(size.total).padStart(9)}   budget ${kib(BUDGET.total)}`,
    ...size.chunks.map((chunk) => `    ${chunk.initial ? 'initial' : 'lazy   '} ${kib(chunk.gzip).padStart(9)}  ${chunk.inputs.map((input) => input.replace(/^.*src\//, '')).join(', ') || '(re-exports only)'}`),
    ...(hook
      ? [
          "import { useOssUpload } from '@oss-presign/react-hook' (same build, React external)",
          `  initial (entry + static chunks): ${kib(hook.initial).padStart(9)}   budget ${kib(BUDGET.hookInitial)}`,
          `  everything incl. lazy chunks:    ${kib(hook.total).padStart(9)}`,
        ]
      : []),
    '  for reference (stated figures, min+gzip):',
    ...REFERENCES.map(([name, bytes]) => `    ${name.padEnd(28)} ${kib(bytes).padStart(9)}`),
  ];
  return lines.join('\n');
}

/** Why the figures fail, or an empty list. */
export function budgetProblems(size, hook) {
  const problems = [];
  if (hook && hook.initial > BUDGET.hookInitial) problems.push(`the hook's initial chunk ${kib(hook.initial)} is over ${kib(BUDGET.hookInitial)}`);
  for (const item of hook?.forbidden ?? []) problems.push(`not browser-safe (hook): ${item}`);
  if (size.initial > BUDGET.initial) problems.push(`initial chunk ${kib(size.initial)} is over ${kib(BUDGET.initial)}`);
  if (size.total > BUDGET.total) problems.push(`everything ${kib(size.total)} is over ${kib(BUDGET.total)}`);
  for (const item of size.forbidden) problems.push(`not browser-safe: ${item}`);
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const size = await measureUploaderSize();
  const hook = await measureHookSize();
  console.log(formatReport(size, hook));
  const problems = budgetProblems(size, hook);
  if (problems.length > 0) {
    console.error(`\nsize: ${problems.join('; ')}`);
    process.exit(1);
  }
}
