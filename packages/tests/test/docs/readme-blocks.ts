// The README code-block rule, in one place: which READMEs are read, which fenced blocks are
// TypeScript, and how each becomes a module that the TypeScript compiler checks on its own.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = new URL('../../../../', import.meta.url).pathname;

/** Info strings whose blocks are type-checked; every other fenced block is text to the checker. */
export const TS_TAGS: ReadonlySet<string> = new Set(['ts', 'typescript', 'tsx']);

/** One fenced code block of a README. */
export interface CodeBlock {
  /** The fence's info string, lower-cased (`ts`, `sh`, `text`, `` when untagged). */
  readonly lang: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
}

/** README.md at the root and in every packages/* and apps/* folder: a new package is covered the day it lands. */
export function readmePaths(): string[] {
  const inFolders = ['packages', 'apps'].flatMap((parent) =>
    readdirSync(join(repoRoot, parent))
      .sort()
      .map((folder) => `${parent}/${folder}/README.md`),
  );
  return ['README.md', ...inFolders].filter((path) => existsSync(join(repoRoot, path)));
}

/** The fenced blocks of a Markdown text (CommonMark fences: three or more backticks or tildes). */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i] as string);
    if (!open) continue;
    const fence = open[1] as string;
    const body: string[] = [];
    let j = i + 1;
    const closes = (text: string) => new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(text);
    while (j < lines.length && !closes(lines[j] as string)) body.push(lines[j++] as string);
    blocks.push({ lang: (open[2] as string).toLowerCase(), line: i + 1, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

/** A block written out as a module, and where its diagnostics point back to. */
export interface BlockModule {
  readonly readme: string;
  readonly line: number;
  /** Path of the written module, relative to the check folder. */
  readonly file: string;
  readonly code: string;
}

const stem = (readme: string) => readme.replace(/\/README\.md$|\.md$/, '').replace(/[^\w-]+/g, '_');

/**
 * The TypeScript blocks of a README as modules: `{stem}/L{line}.ts` (`.tsx` for tsx). A block
 * without import or export gets `export {}`, so every block is its own module (top-level await
 * and names local to it), as a user's file would be.
 */
export function blockModules(readme: string, markdown: string): BlockModule[] {
  return codeBlocks(markdown)
    .filter((block) => TS_TAGS.has(block.lang))
    .map((block) => {
      const isModule = /^\s*(import|export)\s/m.test(block.code);
      const code = isModule ? `${block.code}\n` : `${block.code}\nexport {};\n`;
      return { readme, line: block.line, file: `${stem(readme)}/L${block.line}.${block.lang === 'tsx' ? 'tsx' : 'ts'}`, code };
    });
}

/**
 * The compiler options every block is checked under: the repository's tsconfig.base.json (strict,
 * noUncheckedIndexedAccess, NodeNext, verbatimModuleSyntax, the `@oss-presign/source` condition, so
 * `@oss-presign/*` resolves through each package's exports to the code of this commit), plus what a
 * user of a browser package or of NestJS turns on (DOM, JSX, decorators), no emit, and lib checking on.
 */
export const checkOptions = {
  noEmit: true,
  skipLibCheck: false,
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  jsx: 'react-jsx',
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  declaration: false,
  declarationMap: false,
  sourceMap: false,
  incremental: true,
};

/** One compiler diagnostic, mapped back to its README line. */
export interface BlockDiagnostic {
  readonly readme: string;
  /** The README line the diagnostic points at. */
  readonly line: number;
  /** The line of the block's opening fence. */
  readonly blockLine: number;
  readonly text: string;
}

/**
 * Writes the modules into `dir` (inside packages/tests, so imports resolve as from a project that
 * installed our packages and their peers) and runs tsc on them once. Diagnostics in a block are
 * mapped to README lines; any other diagnostic (in a package a block reached) is kept as is.
 */
export async function checkBlocks(dir: string, modules: readonly BlockModule[]): Promise<{ diagnostics: BlockDiagnostic[]; other: string[] }> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const module of modules) {
    await mkdir(join(dir, module.file, '..'), { recursive: true });
    await writeFile(join(dir, module.file), module.code);
  }
  const tsconfig = {
    extends: relative(dir, join(repoRoot, 'tsconfig.base.json')),
    compilerOptions: { ...checkOptions, rootDir: '.', tsBuildInfoFile: `../${basename(dir)}.tsbuildinfo` },
    files: modules.map((module) => module.file),
  };
  await writeFile(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  let output = '';
  try {
    await run(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    output = `${failure.stdout ?? ''}${failure.stderr ?? ''}`.trim() || failure.message;
  }
  const byFile = new Map(modules.map((module) => [module.file, module]));
  const diagnostics: BlockDiagnostic[] = [];
  const other: string[] = [];
  // tsc --pretty false: "file(line,col): error TSxxxx: message", continuation lines indented.
  for (const entry of output.split(/\n(?=\S)/).filter((text) => text.trim() !== '')) {
    const at = /^(.+?)\((\d+),(\d+)\): (.*)$/s.exec(entry);
    const module = at ? byFile.get((at[1] as string).replace(/\\/g, '/')) : undefined;
    if (!at || !module) {
      other.push(entry);
      continue;
    }
    const line = module.line + Number(at[2]);
    diagnostics.push({ readme: module.readme, line, blockLine: module.line, text: `${module.readme}:${line} (block at line ${module.line}): ${at[4]}` });
  }
  diagnostics.sort((a, b) => a.readme.localeCompare(b.readme) || a.line - b.line);
  return { diagnostics, other };
}

/** Reads a README of the repository. */
export function readReadme(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}
