// Every README's TypeScript blocks (```ts, ```typescript, ```tsx) compile, each as its own module,
// under the repository's strict compiler options, importing @oss-presign/* as a user does: a
// documented example can never drift from the API. The rule is in CONTRIBUTING.md.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BlockDiagnostic, blockModules, checkBlocks, codeBlocks, readmePaths, readReadme, repoRoot, TS_TAGS } from './readme-blocks.js';

const readmes = readmePaths();
const cache = join(repoRoot, 'packages/tests/.cache');
let result: { diagnostics: BlockDiagnostic[]; other: string[] };

beforeAll(async () => {
  const modules = readmes.flatMap((readme) => blockModules(readme, readReadme(readme)));
  result = await checkBlocks(join(cache, 'readme-blocks'), modules);
}, 300_000);

describe('README code blocks', () => {
  it('are found in the root README and in every package and app README', () => {
    expect(readmes).toContain('README.md');
    expect(readmes).toContain('packages/core/README.md');
    expect(readmes.filter((path) => path.startsWith('apps/')).length).toBeGreaterThan(0);
  });

  it.each(readmes)('%s: every fenced block names its language, and every TypeScript block compiles on its own', (readme) => {
    const blocks = codeBlocks(readReadme(readme));
    const untagged = blocks.filter((block) => block.lang === '').map((block) => `${readme}:${block.line}`);
    expect(untagged, 'tag each fence: ts/tsx (type-checked), sh, text, json, ...').toEqual([]);
    const silenced = blocks.filter((block) => TS_TAGS.has(block.lang) && /@ts-(ignore|expect-error|nocheck)/.test(block.code)).map((block) => `${readme}:${block.line}`);
    expect(silenced, 'a README block must compile, not silence the compiler').toEqual([]);
    expect(result.diagnostics.filter((d) => d.readme === readme).map((d) => d.text)).toEqual([]);
  });

  it('reach no compiler error outside the blocks (in the packages they import)', () => {
    expect(result.other).toEqual([]);
  });
});

describe('the README check itself', () => {
  it('fails on a broken block and names the README, the line and the diagnostic', async () => {
    const markdown = [
      '# demo', // 1
      '', // 2
      '```ts', // 3
      "import { createPresigner } from '@oss-presign/core';", // 4
      "const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'b', credentials: { accessKeyId: 'a', accessKeySecret: 's' } });", // 5
      "await presigner.presign({ operation: 'PutObject', key: 'k', contentTyp: 'text/plain' });", // 6: misspelt option
      '```', // 7
      '', // 8
      '```sh', // 9
      'not typescript at all', // 10
      '```', // 11
      '', // 12
      '```tsx', // 13
      'const n: number = "one";', // 14
      'export const el = <div>{n}</div>;', // 15
      '```', // 16
    ].join('\n');
    const modules = blockModules('packages/demo/README.md', markdown);
    expect(modules.map((m) => m.line)).toEqual([3, 13]);
    const { diagnostics, other } = await checkBlocks(join(cache, 'readme-blocks-selftest'), modules);
    expect(other).toEqual([]);
    expect(diagnostics.map((d) => [d.line, d.blockLine])).toEqual([
      [6, 3],
      [14, 13],
    ]);
    expect(diagnostics[0]?.text).toMatch(/^packages\/demo\/README\.md:6 \(block at line 3\): error TS2561: .*contentTyp/);
    expect(diagnostics[1]?.text).toMatch(/^packages\/demo\/README\.md:14 \(block at line 13\): error TS2322: /);
  });

  it('passes the same blocks once they are fixed', async () => {
    const markdown = [
      '```typescript',
      "import { createPresigner } from '@oss-presign/core';",
      "const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'b', credentials: { accessKeyId: 'a', accessKeySecret: 's' } });",
      "await presigner.presign({ operation: 'PutObject', key: 'k', contentType: 'text/plain' });",
      '```',
    ].join('\n');
    const { diagnostics, other } = await checkBlocks(join(cache, 'readme-blocks-selftest'), blockModules('README.md', markdown));
    expect([...diagnostics, ...other]).toEqual([]);
  });
});
