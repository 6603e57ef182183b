import type { IncomingMessage } from 'node:http';
import { OssServiceError } from './errors.js';

/**
 * The request headers with lower-case names; a repeated header is joined with `,` as Go's signer
 * joins it (OSS doc "Signature Version 4 (recommended)"). Node's `req.headers` would drop duplicates of some names.
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

// Field values may hold visible characters, spaces, tabs and obs-text (RFC 9110 5.5), nothing else.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/**
 * Refuses a header value with control characters, which Node's strict parser would have refused
 * before the handler: the server runs its parser leniently only so that Transfer-Encoding may come
 * with Content-Length (see server.ts).
 *
 * @example
 * ```ts
 * checkHeaderValues(req.rawHeaders); // throws InvalidArgument on 'X-A: a\x01b'
 * ```
 */
export function checkHeaderValues(rawHeaders: readonly string[]): void {
  for (let i = 1; i < rawHeaders.length; i += 2) {
    if (CONTROL.test(rawHeaders[i] as string)) {
      throw new OssServiceError('InvalidArgument', {
        message: `The value of header "${rawHeaders[i - 1]}" contains control characters.`,
      });
    }
  }
}
