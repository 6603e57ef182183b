// Reading the tables of a README, and the names they must list from the source, so a test can hold
// each README's options and errors tables to the code they describe.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './readme-blocks.js';

/** A Markdown table: its header cells (lower-cased) and its rows' cells. */
export interface MarkdownTable {
  readonly header: string[];
  readonly rows: string[][];
  /** 1-based line of the header row. */
  readonly line: number;
}

const cellsOf = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());

/** Every pipe table of a Markdown text (outside fenced code blocks). */
export function markdownTables(markdown: string): MarkdownTable[] {
  const lines = markdown.split('\n');
  const tables: MarkdownTable[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^ {0,3}(`{3,}|~{3,})/.test(line)) fenced = !fenced;
    if (fenced || !line.trim().startsWith('|') || !/^\s*\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) continue;
    const rows: string[][] = [];
    let j = i + 2;
    while (j < lines.length && (lines[j] as string).trim().startsWith('|')) rows.push(cellsOf(lines[j++] as string));
    tables.push({ header: cellsOf(line).map((cell) => cell.toLowerCase()), rows, line: i + 1 });
    i = j - 1;
  }
  return tables;
}

/** The tables whose header starts with these cells (lower case). */
export function tablesWithHeader(markdown: string, header: readonly string[]): MarkdownTable[] {
  return markdownTables(markdown).filter((table) => header.every((cell, i) => table.header[i] === cell));
}

/** The names in a cell: every `code span` that is a bare identifier (`INVALID_KEY`, `maxSize`, `--port`). */
export function namesIn(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string).filter((name) => /^(--)?[A-Za-z_][\w-]*$/.test(name));
}

const source = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** The string literals of a union type alias in a source file: `export type Name = | 'A' | 'B';`. */
export function unionMembers(path: string, name: string): string[] {
  // Comments go first: JSDoc on a member may quote other codes, or hold a semicolon.
  const text = source(path).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const start = text.indexOf(`export type ${name} =`);
  if (start < 0) throw new Error(`${path} has no "export type ${name} ="`);
  const body = text.slice(start, text.indexOf(';', start));
  return [...body.matchAll(/'([^']+)'/g)].map((match) => match[1] as string);
}

/**
 * The property names of an interface declared in a source file (its own members, not inherited
 * ones): the lines at depth one of `export interface Name ... {`.
 */
export function interfaceKeys(path: string, name: string): string[] {
  const text = source(path);
  const start = new RegExp(`export interface ${name}\\b[^{]*\\{`).exec(text);
  if (!start) throw new Error(`${path} has no "export interface ${name}"`);
  const keys: string[] = [];
  let depth = 1;
  const body = text.slice(start.index + start[0].length).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  for (const line of body.split('\n')) {
    if (depth === 1) {
      const key = /^\s*(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*[:(]/.exec(line);
      if (key) keys.push(key[1] as string);
    }
    for (const char of line) {
      if (char === '{' || char === '(' || char === '[') depth++;
      if (char === '}' || char === ')' || char === ']') depth--;
    }
    if (depth <= 0) break;
  }
  return keys;
}
