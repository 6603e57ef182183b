import type { IncomingMessage } from 'node:http';
import { OssServiceError, type OssErrorCode } from './errors.js';

/**
 * Reads and discards whatever is left of the request body, so that an early error answer does not
 * race the client still sending (a keep-alive socket stays usable). Never rejects.
 *
 * @example
 * ```ts
 * await drainBody(req);
 * sendError(res, context, error);
 * ```
 */
export function drainBody(req: IncomingMessage): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      req.off('end', done);
      req.off('close', done);
      req.off('error', done);
      resolve();
    };
    req.on('end', done);
    req.on('close', done);
    req.on('error', done);
    req.resume();
  });
}

/**
 * Reads a small request body (e.g. the CompleteMultipartUpload XML) as UTF-8, refusing more than
 * `limit` bytes with the given error code.
 *
 * @example
 * ```ts
 * const xml = await readSmallBody(req, 4 * 1024 * 1024, 'MalformedXML');
 * ```
 */
export async function readSmallBody(req: IncomingMessage, limit: number, tooLarge: OssErrorCode): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      await drainBody(req);
      throw new OssServiceError(tooLarge, { message: `The request body is larger than ${limit} bytes.` });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
