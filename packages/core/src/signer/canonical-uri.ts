import { encodePath } from './encode.js';

let lastBucket = '';
let lastEncodedBucket = '';

/**
 * Builds the canonical URI from the logical bucket and key, whatever the URL style
 * (virtual-hosted, path-style or CNAME): `/bucket/key`, `/bucket/` or `/` (doc "Include a V4 signature in the Authorization header").
 *
 * @example
 * ```ts
 * canonicalUri('bucket', '1234+-/123/1.txt'); // '/bucket/1234%2B-/123/1.txt'
 * ```
 */
export function canonicalUri(bucket: string | undefined, key: string | undefined): string {
  return bucket ? canonicalUriForEncodedKey(bucket, key ? encodePath(key) : '') : '/';
}

/**
 * {@link canonicalUri} for a key already encoded with {@link encodePath}: the presigner encodes a
 * key once and builds both the signed path and the URL path from that one string.
 *
 * @example
 * ```ts
 * canonicalUriForEncodedKey('bucket', encodePath('a b.txt')); // '/bucket/a%20b.txt'
 * ```
 */
export function canonicalUriForEncodedKey(bucket: string | undefined, encodedKey: string): string {
  if (!bucket) return '/';
  // A presigner signs for one bucket: keep its last encoding (2% of a presign).
  if (bucket !== lastBucket) {
    lastEncodedBucket = encodePath(bucket);
    lastBucket = bucket;
  }
  return `/${lastEncodedBucket}/${encodedKey}`;
}
