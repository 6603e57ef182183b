// Bundles the upload page's script with esbuild and copies the HTML next to it (dist/public).
import { copyFile, mkdir } from 'node:fs/promises';
import { build } from 'esbuild';

await mkdir('dist/public', { recursive: true });
await build({
  entryPoints: ['src/browser/upload-page.ts'],
  outfile: 'dist/public/upload.js',
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
});
await copyFile('src/public/index.html', 'dist/public/index.html');
