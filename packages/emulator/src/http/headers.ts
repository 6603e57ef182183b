import type { IncomingMessage } from 'node:http';

/**
 * The request headers with lower-case names; a repeated header is joined with `,` as Go's signer
 * joins it (oss-signing.md 1.4). Node's `req.headers` would drop duplicates of some names.
 *
 * @example
 * ```ts
 * const headers = flattenHeaders(req); // { 'content-type': 'text/plain', 'x-oss-meta-a': '1,2' }
 * ```
 */
export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const flat: Record<string, string> = {};
  const distinct = req.headersDistinct;
  for (const name in distinct) {
    const values = distinct[name];
    if (values) flat[name] = values.join(',');
  }
  return flat;
}
