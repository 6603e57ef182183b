import { OssServiceError } from '../http/errors.js';
import { type OperationContext, requireKey } from './context.js';
import { requireStoredObject } from './find-object.js';

/**
 * DeleteObjectTagging (`DELETE /key?tagging`): removes every tag; 204 (DeleteObjectTagging.md).
 *
 * @example
 * ```ts
 * await deleteObjectTagging(context);
 * ```
 */
export async function deleteObjectTagging(context: OperationContext): Promise<void> {
  const key = requireKey(context);
  requireStoredObject(context);
  await context.store.update(context.bucket, key, (current) => {
    if (!current) throw new OssServiceError('NoSuchKey', { details: { Key: key } });
    return { ...current, meta: { ...current.meta, tags: undefined } };
  });
  context.res.writeHead(204);
  context.res.end();
}
