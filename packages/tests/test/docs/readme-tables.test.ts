// Each package README's errors table lists exactly the codes of its error union, each with the
// status the code's own table gives it, and its options table lists exactly the options of its
// main entry point, as read from the source: a new code or option without a README row fails here.
import { EXIT_CODES } from '@oss-presign/cli';
import { HTTP_STATUS_BY_CODE } from '@oss-presign/core/http';
import { OSS_ERRORS } from '@oss-presign/emulator';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmePaths, readReadme, repoRoot } from './readme-blocks.js';
import { interfaceKeys, type MarkdownTable, markdownTables, namesIn, tablesWithHeader, unionMembers } from './readme-tables.js';

const HTTP_TABLE = ['code', 'http', 'what to do'];
const UPLOAD_TABLE = ['code', "http (oss's answer)", 'what to do'];
const EXIT_TABLE = ['exit code', 'code', 'when', 'what to do'];
const OPTIONS_TABLE = ['option', 'type', 'default', 'unit', 'meaning'];

const presignStatuses: Record<string, number> = { ...HTTP_STATUS_BY_CODE };
const ossStatuses: Record<string, number> = Object.fromEntries(Object.entries(OSS_ERRORS).map(([code, spec]) => [code, spec.status]));
const exitCodes: Record<string, number> = { ...EXIT_CODES };
const uploadCodes = unionMembers('packages/core/src/upload/errors.ts', 'OssUploadErrorCode');

interface ErrorsSpec {
  readonly readme: string;
  readonly header: readonly string[];
  /** Every code of the union, with its number when the table must show it (status or exit code). */
  readonly codes: Readonly<Record<string, number | undefined>>;
  /** Which column holds the codes, and which that number. */
  readonly codeColumn: number;
  readonly numberColumn?: number;
}

const withoutNumbers = (codes: readonly string[]) => Object.fromEntries(codes.map((code) => [code, undefined]));
const errorsSpecs: ErrorsSpec[] = [
  { readme: 'packages/core/README.md', header: HTTP_TABLE, codes: presignStatuses, codeColumn: 0, numberColumn: 1 },
  { readme: 'packages/core/README.md', header: UPLOAD_TABLE, codes: withoutNumbers(uploadCodes), codeColumn: 0 },
  { readme: 'packages/express/README.md', header: HTTP_TABLE, codes: presignStatuses, codeColumn: 0, numberColumn: 1 },
  { readme: 'packages/koa/README.md', header: HTTP_TABLE, codes: presignStatuses, codeColumn: 0, numberColumn: 1 },
  { readme: 'packages/nestjs/README.md', header: HTTP_TABLE, codes: presignStatuses, codeColumn: 0, numberColumn: 1 },
  { readme: 'packages/react-hook/README.md', header: UPLOAD_TABLE, codes: withoutNumbers(uploadCodes), codeColumn: 0 },
  { readme: 'packages/emulator/README.md', header: HTTP_TABLE, codes: ossStatuses, codeColumn: 0, numberColumn: 1 },
  { readme: 'packages/cli/README.md', header: EXIT_TABLE, codes: exitCodes, codeColumn: 1, numberColumn: 0 },
];

/** The one table of a README with this header; a README with none or two is a failure. */
function onlyTable(readme: string, header: readonly string[]): MarkdownTable {
  const tables = tablesWithHeader(readReadme(readme), header);
  expect(tables.length, `${readme}: one table headed | ${header.join(' | ')} |`).toBe(1);
  return tables[0] as MarkdownTable;
}

describe('README errors tables', () => {
  it.each(errorsSpecs.map((spec) => [`${spec.readme} (| ${spec.header.join(' | ')} |)`, spec] as const))(
    '%s lists every code of the union once, with its status',
    (_, spec) => {
      const table = onlyTable(spec.readme, spec.header);
      const listed = table.rows.flatMap((row) => namesIn(row[spec.codeColumn] ?? ''));
      expect([...listed].sort(), 'each code in one row').toEqual([...new Set(listed)].sort());
      expect([...listed].sort()).toEqual(Object.keys(spec.codes).sort());
      const column = spec.numberColumn;
      if (column === undefined) return;
      const wrong = table.rows.flatMap((row) =>
        namesIn(row[spec.codeColumn] ?? '')
          .filter((code) => String(spec.codes[code]) !== row[column])
          .map((code) => `${code}: the README says ${row[column]}, the code ${spec.codes[code]}`),
      );
      expect(wrong).toEqual([]);
    },
  );
});

interface OptionsSpec {
  readonly readme: string;
  /** Which options table of the README (in order of appearance), 0 by default. */
  readonly index?: number;
  readonly sources: readonly (readonly [path: string, name: string])[];
  readonly omit?: readonly string[];
  readonly add?: readonly string[];
}

const handler = ['packages/core/src/handler/options.ts', 'PresignHandlerOptions'] as const;
const optionsSpecs: OptionsSpec[] = [
  {
    readme: 'packages/core/README.md',
    sources: [
      ['packages/core/src/presigner/create-presigner.ts', 'PresignerOptions'],
      ['packages/core/src/presigner/endpoint.ts', 'EndpointOptions'],
    ],
  },
  { readme: 'packages/core/README.md', index: 1, sources: [handler] },
  { readme: 'packages/express/README.md', sources: [handler] },
  { readme: 'packages/koa/README.md', sources: [handler] },
  {
    readme: 'packages/nestjs/README.md',
    sources: [handler, ['packages/nestjs/src/options.ts', 'OssPresignModuleOptions'], ['packages/nestjs/src/options.ts', 'OssPresignModuleExtras']],
    omit: ['basePath'],
  },
  {
    readme: 'packages/react-hook/README.md',
    sources: [
      ['packages/core/src/upload/store/options.ts', 'CreateUploaderOptions'],
      ['packages/react-hook/src/use-oss-upload.ts', 'UseOssUploadOptions'],
    ],
  },
  { readme: 'packages/emulator/README.md', sources: [['packages/emulator/src/options.ts', 'EmulatorOptions']] },
];

describe('README options tables', () => {
  it.each(optionsSpecs.map((spec) => [`${spec.readme} (table ${spec.index ?? 0})`, spec] as const))(
    '%s lists every option of the entry point once, with type, default, unit and meaning',
    (_, spec) => {
      const tables = tablesWithHeader(readReadme(spec.readme), OPTIONS_TABLE);
      const table = tables[spec.index ?? 0];
      expect(table, `${spec.readme}: a table headed | ${OPTIONS_TABLE.join(' | ')} |`).toBeDefined();
      const listed = (table as MarkdownTable).rows.flatMap((row) => namesIn(row[0] ?? ''));
      const expected = new Set(spec.sources.flatMap(([path, name]) => interfaceKeys(path, name)));
      for (const name of spec.omit ?? []) expected.delete(name);
      for (const name of spec.add ?? []) expected.add(name);
      expect([...listed].sort(), 'each option in one row').toEqual([...new Set(listed)].sort());
      expect([...listed].sort()).toEqual([...expected].sort());
      const empty = (table as MarkdownTable).rows.filter((row) => (row[1] ?? '') === '' || (row[4] ?? '') === '').map((row) => row[0]);
      expect(empty, 'rows without a type or a meaning').toEqual([]);
    },
  );
});

const packageReadmes = readmePaths().filter((path) => path.startsWith('packages/') && path !== 'packages/tests/README.md');

describe('package READMEs', () => {
  it.each(packageReadmes)('%s starts with Install, Example, Options and Errors, in that order', (readme) => {
    const headings = [...readReadme(readme).matchAll(/^## (.*)$/gm)].map((match) => match[1] as string);
    const at = (pattern: RegExp) => headings.findIndex((heading) => pattern.test(heading));
    const order = [at(/^Install/), at(/^Example/), at(/^Options/), at(/^(Errors|Exit codes)/)];
    expect(order.every((index) => index >= 0), `headings: ${headings.join(' / ')}`).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it.each(packageReadmes)('%s links only within itself or to absolute URLs (npm shows a README alone)', (readme) => {
    const links = [...readReadme(readme).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string);
    expect(links.filter((link) => !/^(#|https?:\/\/)/.test(link))).toEqual([]);
    // GitHub's and npm's heading anchors: lower case, punctuation dropped, spaces to hyphens.
    const slug = (heading: string) => heading.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
    const anchors = new Set([...readReadme(readme).matchAll(/^#{1,6} (.*)$/gm)].map((match) => slug(match[1] as string)));
    expect(links.filter((link) => link.startsWith('#') && !anchors.has(link.slice(1)))).toEqual([]);
  });
});

describe('the CLI README', () => {
  it('names every flag the sign and upload commands define, and its options table only flags that exist', () => {
    const dir = join(repoRoot, 'packages/cli/src/commands');
    const defined = new Set(
      readdirSync(dir).flatMap((file) =>
        [...readFileSync(join(dir, file), 'utf8').matchAll(/(?:option|Option)\(\s*'(--[a-z0-9-]+)/g)].map((match) => match[1] as string),
      ),
    );
    expect(defined.size).toBeGreaterThan(20);
    const readme = readReadme('packages/cli/README.md');
    const named = new Set([...readme.matchAll(/(?<![\w-])(--[a-z0-9-]+)/g)].map((match) => match[1] as string));
    expect([...defined].filter((flag) => !named.has(flag))).toEqual([]);
    const [table] = tablesWithHeader(readme, ['option', 'commands', 'type', 'default', 'unit', 'meaning']);
    const listed = (table?.rows ?? []).map((row) => /`(--[a-z0-9-]+)/.exec(row[0] ?? '')?.[1]);
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.filter((flag) => flag === undefined || !defined.has(flag))).toEqual([]);
  });
});

describe('the root README\'s SignatureDoesNotMatch table', () => {
  it('explains every hint cause the uploader can report, once', () => {
    const table = onlyTable('README.md', ['`hintcause`', 'what it means', 'what to do']);
    const listed = table.rows.map((row) => namesIn(row[0] ?? '')[0]);
    expect(listed.filter((cause) => cause !== undefined).sort()).toEqual(unionMembers('packages/core/src/upload/hint.ts', 'SignatureHintCause').sort());
  });
});

describe('the table readers', () => {
  it('read interface keys (not nested ones), union members (not those quoted in comments) and table cells', () => {
    expect(interfaceKeys('packages/core/src/presigner/endpoint.ts', 'EndpointOptions')).toEqual(['region', 'endpoint', 'cname', 'internal', 'accelerate', 'secure', 'pathStyle']);
    const handlerKeys = interfaceKeys(...handler);
    expect(handlerKeys).toContain('multipart');
    expect(handlerKeys).not.toContain('defaultPartSize');
    expect(uploadCodes).toContain('ABORTED');
    expect(uploadCodes).toHaveLength(new Set(uploadCodes).size);
    const [table] = markdownTables('| code | HTTP |\n| --- | --- |\n| `A`, `B` | 400 |\n| `a \\| b` | x |\n\n```md\n| not | a |\n| --- | --- |\n```');
    expect(table?.rows).toEqual([
      ['`A`, `B`', '400'],
      ['`a \\| b`', 'x'],
    ]);
    expect(namesIn('`A`, `B`, `a | b`, `--port`')).toEqual(['A', 'B', '--port']);
  });
});
