import type { IncomingMessage } from 'node:http';
import { OssServiceError } from '../http/errors.js';

const DIGITS = /^\d+$/;

/**
 * Checks the framing of an upload body before reading it: a Content-Length or chunked encoding is
 * required (411 MissingContentLength), and a declared length above the limit is refused at once.
 * Transfer-Encoding wins over Content-Length.
 *
 * @example
 * ```ts
 * const declaredLength = requireBodyLength(req, 5 * 1024 ** 3); // undefined when chunked
 * ```
 */
export function requireBodyLength(req: IncomingMessage, maxBytes: number): number | undefined {
  // With Transfer-Encoding the body is chunked whatever Content-Length says (RFC 9112 6.3); ali-oss
  // sends both for a stream, and OSS reads the chunks.
  if (req.headers['transfer-encoding'] !== undefined) return undefined;
  const declared = req.headers['content-length'];
  if (declared === undefined) throw new OssServiceError('MissingContentLength');
  if (!DIGITS.test(declared)) {
    throw new OssServiceError('InvalidArgument', { message: 'Content-Length is not a valid integer.', ec: '0017-00000103' });
  }
  if (Number(declared) > maxBytes) {
    throw new OssServiceError('EntityTooLarge', { details: { MaxSizeAllowed: String(maxBytes), ProposedSize: declared } });
  }
  return Number(declared);
}
