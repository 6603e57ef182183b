import { build } from 'esbuild';
for (const entry of ['index', 'http', 'upload', 'upload-node', 'signer']) {
  const r = await build({ entryPoints: [`/work/wt-i11a/packages/core/src/${entry}.ts`], bundle: true, format: 'esm', platform: 'node', write: false, metafile: true, logLevel: 'silent', external: ['@noble/*'] });
  const names = Object.values(r.metafile.outputs)[0].exports;
  console.log(entry, names.length, names.sort().join(' '));
}
