import { percentEncode } from './encode.js';

/** A query parameter: `null` (or `''`) is a valueless sub-resource such as `uploads`. */
export type QueryValue = string | null;

/** One encoded query pair; `value` is `''` for a valueless parameter. */
export interface EncodedQueryPair {
  readonly name: string;
  readonly value: string;
}

/**
 * Encodes query names and values separately with the RFC 3986 unreserved set (`/` becomes `%2F`)
 * and sorts them by encoded name in byte order, never `localeCompare` (oss-signing.md 1.3, 7.1).
 *
 * @example
 * ```ts
 * encodeQuery({ uploads: null, b: 'x y' }); // [{ name: 'b', value: 'x%20y' }, { name: 'uploads', value: '' }]
 * ```
 */
export function encodeQuery(query: Readonly<Record<string, QueryValue>>): EncodedQueryPair[] {
  const pairs: EncodedQueryPair[] = [];
  for (const name in query) {
    const value = query[name];
    pairs.push({ name: percentEncode(name), value: value ? percentEncode(value) : '' });
  }
  return pairs.sort(compareByName);
}

function compareByName(a: EncodedQueryPair, b: EncodedQueryPair): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Joins encoded pairs as the canonical query: `name=value`, or the bare `name` when the value is
 * empty (`?uploads`, `?acl`), separated by `&`.
 *
 * @example
 * ```ts
 * canonicalQueryString([{ name: 'acl', value: '' }]); // 'acl'
 * ```
 */
export function canonicalQueryString(pairs: readonly EncodedQueryPair[]): string {
  let out = '';
  for (const pair of pairs) {
    if (out) out += '&';
    out += pair.value ? `${pair.name}=${pair.value}` : pair.name;
  }
  return out;
}
