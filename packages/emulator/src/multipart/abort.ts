import { type OperationContext, requireKey } from '../operations/context.js';

/**
 * AbortMultipartUpload (`DELETE /key?uploadId=ID`): 204, and every part is freed (OSS doc "AbortMultipartUpload").
 *
 * @example
 * ```ts
 * await abortMultipartUpload(context);
 * ```
 */
export async function abortMultipartUpload(context: OperationContext): Promise<void> {
  const upload = context.uploads.require(context.bucket, requireKey(context), context.request.query.get('uploadId'));
  await context.uploads.remove(upload.uploadId);
  await context.store.release([...upload.parts.values()].map((part) => part.ref));
  context.res.writeHead(204);
  context.res.end();
}
