/** Bundles the browser uploader entry the way an app's bundler would (esbuild, browser platform). */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BrowserBundle {
  readonly code: string;
  /** Modules that contributed code to the bundle. */
  readonly inputs: readonly string[];
  readonly minified: number;
  readonly gzip: number;
}

/**
 * Bundles `@oss-presign/core/upload` from source (the `@oss-presign/source` condition), minified,
 * ESM, for browsers. `entry` is the module text that imports from it.
 */
export async function bundleUploadEntry(entry = "export * from '@oss-presign/core/upload';", format: 'esm' | 'iife' = 'esm'): Promise<BrowserBundle> {
  const result = await build({
    stdin: { contents: entry, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    minify: true,
    format,
    globalName: format === 'iife' ? 'OssUpload' : undefined,
    platform: 'browser',
    target: 'es2022',
    conditions: ['@oss-presign/source'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  // Only the modules that left code in the output (the metafile's inputs also list tree-shaken ones).
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output?.inputs ?? {})
    .filter(([, info]) => info.bytesInOutput > 0)
    .map(([path]) => path);
  return {
    code,
    inputs,
    minified: Buffer.byteLength(code),
    gzip: gzipSync(code, { level: 9 }).length,
  };
}
