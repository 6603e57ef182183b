import type { OperationContext } from './context.js';
import { requireStoredObject } from './find-object.js';

/**
 * GetObjectMeta (`HEAD` or `GET /key?objectMeta`): the basic metadata only — ETag, size,
 * Last-Modified and CRC-64 — without a body (GetObjectMeta.md). A symlink's own are given.
 *
 * @example
 * ```ts
 * await getObjectMeta(context);
 * ```
 */
export async function getObjectMeta(context: OperationContext): Promise<void> {
  const object = requireStoredObject(context);
  const { res } = context;
  res.setHeader('ETag', object.etag);
  res.setHeader('Last-Modified', object.lastModified.toUTCString());
  res.setHeader('x-oss-hash-crc64ecma', object.crc64);
  // HEAD reports the object's size; a GET must not announce a body it does not send.
  res.setHeader('Content-Length', context.request.method === 'HEAD' ? object.size : 0);
  res.writeHead(200);
  res.end();
}
