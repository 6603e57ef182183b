/**
 * The root README's "Point your own presigner at the emulator" block, run as written: it is cut
 * from README.md, written into this package (so its imports resolve as in a project that installed
 * our packages, ali-oss and their types) and run with tsx in a child process. Every
 * `console.log(...); // expected` line of the block must print exactly its comment, in order.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = new URL('../../', import.meta.url).pathname;
const readmePath = new URL('../../../../README.md', import.meta.url).pathname;
const workDir = join(packageDir, '.cache/readme-emulator-snippet');

/** The ```ts blocks of a Markdown text. */
function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);
}

/** The comment of every `console.log(...); // expected` line, in order. */
function expectedOutput(code: string): string[] {
  return code
    .split('\n')
    .filter((line) => /^\s*console\.log\(/.test(line))
    .map((line) => {
      const comment = /;\s*\/\/ (.*)$/.exec(line);
      if (!comment) throw new Error(`README block: console.log line without an expected-output comment: ${line}`);
      return comment[1] as string;
    });
}

afterAll(() => rm(workDir, { recursive: true, force: true }));

describe('root README: pointing core and ali-oss at the emulator', () => {
  it('runs as written and prints what its comments say', async () => {
    const blocks = tsBlocks(await readFile(readmePath, 'utf8')).filter(
      (code) => code.includes("from '@oss-presign/emulator'") && code.includes("from 'ali-oss'"),
    );
    expect(blocks).toHaveLength(1);
    const code = blocks[0] as string;
    const expected = expectedOutput(code);
    expect(expected.length).toBeGreaterThanOrEqual(4);

    await mkdir(workDir, { recursive: true });
    const file = join(workDir, 'snippet.ts');
    await writeFile(file, code);
    const tsx = join(packageDir, 'node_modules/.bin/tsx');
    const { stdout } = await run(tsx, ['--conditions=@oss-presign/source', file], { cwd: packageDir, timeout: 60_000 });
    expect(stdout.trimEnd().split('\n')).toEqual(expected);
  }, 90_000);
});
