import { percentEncode } from './encode.js';
import { insertInOrder } from './insert-in-order.js';

/** A query parameter: `null` (or `''`) is a valueless sub-resource such as `uploads`. */
export type QueryValue = string | null;

/** One encoded query pair; `value` is `''` for a valueless parameter. */
export interface EncodedQueryPair {
  readonly name: string;
  readonly value: string;
}

const pairName = (pair: EncodedQueryPair) => pair.name;

/**
 * Encodes query names and values separately with the RFC 3986 unreserved set (`/` becomes `%2F`)
 * and sorts them by encoded name in byte order, never `localeCompare` (doc "Include a V4 signature in the Authorization header").
 *
 * @example
 * ```ts
 * encodeQuery({ uploads: null, b: 'x y' }); // [{ name: 'b', value: 'x%20y' }, { name: 'uploads', value: '' }]
 * ```
 */
export function encodeQuery(query: Readonly<Record<string, QueryValue>> | undefined): EncodedQueryPair[] {
  const pairs: EncodedQueryPair[] = [];
  for (const name in query) {
    const value = query[name];
    insertInOrder(pairs, { name: percentEncode(name), value: value ? percentEncode(value) : '' }, pairName);
  }
  return pairs;
}

/**
 * Merges two lists that are each sorted by encoded name into one sorted list; on equal names the
 * second list wins (the signer's own x-oss-* parameters override a caller's).
 *
 * @example
 * ```ts
 * mergeSortedQuery([{ name: 'a', value: '' }], [{ name: 'b', value: '1' }]); // a, b
 * ```
 */
export function mergeSortedQuery(
  first: readonly EncodedQueryPair[],
  second: readonly EncodedQueryPair[],
): EncodedQueryPair[] {
  if (first.length === 0) return second as EncodedQueryPair[];
  const merged: EncodedQueryPair[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length && j < second.length) {
    const a = first[i] as EncodedQueryPair;
    const b = second[j] as EncodedQueryPair;
    if (a.name < b.name) {
      merged.push(a);
      i++;
    } else {
      if (a.name === b.name) i++;
      merged.push(b);
      j++;
    }
  }
  while (i < first.length) merged.push(first[i++] as EncodedQueryPair);
  while (j < second.length) merged.push(second[j++] as EncodedQueryPair);
  return merged;
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
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as EncodedQueryPair;
    if (i > 0) out += '&';
    out += pair.value ? `${pair.name}=${pair.value}` : pair.name;
  }
  return out;
}
