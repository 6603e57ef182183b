import { encodePath } from './encode.js';

/**
 * Builds the canonical URI from the logical bucket and key, whatever the URL style
 * (virtual-hosted, path-style or CNAME): `/bucket/key`, `/bucket/` or `/` (oss-signing.md 1.2).
 *
 * @example
 * ```ts
 * canonicalUri('bucket', '1234+-/123/1.txt'); // '/bucket/1234%2B-/123/1.txt'
 * ```
 */
export function canonicalUri(bucket: string | undefined, key: string | undefined): string {
  if (!bucket) return '/';
  return encodePath(`/${bucket}/${key ?? ''}`);
}
