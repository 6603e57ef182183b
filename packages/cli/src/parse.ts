/** Small pure parsers for flag values: durations, byte sizes, oss:// URLs, k=v metadata. */

import { CliError } from './errors.js';

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * Parses an expiry: whole seconds (`600`) or a number with a unit s, m, h, d (`10m`, `2h`, `7d`).
 *
 * @example
 * ```ts
 * parseDuration('10m'); // 600
 * ```
 */
export function parseDuration(text: string, flag = '--expires'): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * (DURATION_UNITS[match[2] || 's'] ?? 1) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) throw new CliError('USAGE', `${flag} must look like 600, 10m, 2h or 7d; got "${text}"`);
  return seconds;
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/**
 * Parses a byte size: bytes (`1048576`) or a number with a binary unit (`100KiB`, `8MiB`, `1G`).
 *
 * @example
 * ```ts
 * parseSize('8MiB'); // 8388608
 * ```
 */
export function parseSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? SIZE_UNITS[(match[2] ?? '').toLowerCase()] : undefined;
  const bytes = match && unit !== undefined ? Math.round(Number(match[1]) * unit) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new CliError('USAGE', `${flag} must be a size like 1048576, 100KiB or 8MiB; got "${text}"`);
  return bytes;
}

/**
 * Parses a whole number flag within `min..max`.
 *
 * @example
 * ```ts
 * parseWhole('4', '--concurrency', 1, 64); // 4
 * ```
 */
export function parseWhole(text: string, flag: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new CliError('USAGE', `${flag} must be a whole number within ${min}..${max}; got "${text}"`);
  return value;
}

/** A bucket and a key (or key prefix), from `oss://bucket/key`. */
export interface OssLocation {
  readonly bucket: string;
  readonly key: string;
}

/**
 * Parses `oss://bucket/key` (the form ossutil uses). The key may be empty or end with `/` (a prefix).
 *
 * @example
 * ```ts
 * parseOssUrl('oss://demo/photos/a.jpg'); // { bucket: 'demo', key: 'photos/a.jpg' }
 * ```
 */
export function parseOssUrl(text: string): OssLocation {
  const match = /^oss:\/\/([^/]+)(?:\/(.*))?$/.exec(text);
  if (!match?.[1]) throw new CliError('USAGE', `Expected oss://bucket/key, got "${text}"`);
  return { bucket: match[1], key: match[2] ?? '' };
}

/**
 * Collects repeated `--meta k=v` flags into an object (commander calls this once per flag).
 *
 * @example
 * ```ts
 * collectMeta('owner=ann', {}); // { owner: 'ann' }
 * ```
 */
export function collectMeta(pair: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = pair.indexOf('=');
  if (at <= 0) throw new CliError('USAGE', `--meta must be name=value; got "${pair}"`);
  return { ...previous, [pair.slice(0, at).trim().toLowerCase()]: pair.slice(at + 1) };
}

// RFC 9110 "token": the characters a field name may hold.
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Collects repeated `--header 'Name: value'` flags into an object with lower-case names (commander
 * calls this once per flag). A value may be a secret (a session cookie, a bearer token): no error
 * quotes it.
 *
 * @example
 * ```ts
 * collectHeader('Authorization: Bearer abc', {}); // { authorization: 'Bearer abc' }
 * ```
 */
export function collectHeader(pair: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = pair.indexOf(':');
  const name = pair.slice(0, Math.max(at, 0)).trim();
  if (at <= 0 || !FIELD_NAME.test(name)) throw new CliError('USAGE', "--header must look like 'Name: value' (a header name, a colon, then the value)");
  const key = name.toLowerCase();
  if (key in previous) throw new CliError('USAGE', `--header ${name} is given twice: give each header once`);
  return { ...previous, [key]: pair.slice(at + 1).trim() };
}

/**
 * The pieces of header values to mask in what the CLI prints: each whole value, and the parts of it
 * a server might quote alone (a bearer token after its scheme, a cookie's value after `name=`).
 *
 * @example
 * ```ts
 * headerSecrets({ cookie: 'sid=0123456789abcdef; theme=dark' }); // ['sid=0123456789abcdef; theme=dark', 'sid=0123456789abcdef', '0123456789abcdef', …]
 * ```
 */
export function headerSecrets(headers: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const value of Object.values(headers)) {
    out.push(value);
    for (const piece of value.split(/[;,\s]+/)) out.push(piece, piece.slice(piece.indexOf('=') + 1));
  }
  return [...new Set(out)].filter((piece) => piece.length > 0);
}

/**
 * Formats bytes for people: `1.5 MiB`.
 *
 * @example
 * ```ts
 * formatBytes(1536); // '1.5 KiB'
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
