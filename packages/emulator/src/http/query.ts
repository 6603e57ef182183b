import { OssServiceError } from './errors.js';

const PLUS = /\+/g;

/** Decoded query parameters, in arrival order; a valueless parameter (`?uploads`) maps to `''`. */
export type QueryParams = ReadonlyMap<string, string>;

function decodeComponent(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  try {
    // A `+` in a query string is a space (as OSS's Go SDK v2 signer reads RawQuery: `+` -> `%20`).
    return decodeURIComponent(text.replace(PLUS, ' '));
  } catch {
    throw new OssServiceError('InvalidArgument', { message: 'The query string is not validly percent-encoded.' });
  }
}

/**
 * Parses a raw query string (without `?`). A repeated name keeps its last value, as Go's signer does
 * with a map (OSS doc "Signature Version 4 (recommended)").
 *
 * @example
 * ```ts
 * parseQuery('uploads&x-oss-credential=ak%2F20240101').get('uploads'); // ''
 * ```
 */
export function parseQuery(raw: string): QueryParams {
  const params = new Map<string, string>();
  if (!raw) return params;
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = decodeComponent(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decodeComponent(part.slice(eq + 1));
    params.set(name, value);
  }
  return params;
}
