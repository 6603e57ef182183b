// Marks a tsc CommonJS output folder as CommonJS, so Node does not read it as ESM
// through the package's "type": "module".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: write-cjs-marker.mjs <dir>');
writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
