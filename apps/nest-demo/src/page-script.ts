import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const packageRoot = new URL('../', import.meta.url);

/**
 * The page's script: the bundle `pnpm build` wrote (dist/public/upload.js); when running from
 * source without a build (`pnpm dev`, tests), esbuild bundles src/browser/upload-page.ts in memory.
 */
export async function loadPageScript(): Promise<string> {
  try {
    return await readFile(fileURLToPath(new URL('dist/public/upload.js', packageRoot)), 'utf8');
  } catch {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [fileURLToPath(new URL('src/browser/upload-page.ts', packageRoot))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['@oss-presign/source'],
      write: false,
    });
    return result.outputFiles[0]?.text ?? '';
  }
}

/** The HTML page, from src/public (copied to dist/public by the build). */
export async function loadPageHtml(): Promise<string> {
  const built = new URL('dist/public/index.html', packageRoot);
  const source = new URL('src/public/index.html', packageRoot);
  return readFile(fileURLToPath(built), 'utf8').catch(() => readFile(fileURLToPath(source), 'utf8'));
}
