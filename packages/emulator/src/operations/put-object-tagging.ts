import { readSmallBody } from '../http/body.js';
import { OssServiceError } from '../http/errors.js';
import { sendBody } from '../http/respond.js';
import { type OperationContext, requireKey } from './context.js';
import { requireStoredObject } from './find-object.js';
import { tagsFromXml } from './tagging.js';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * PutObjectTagging (`PUT /key?tagging`): replaces the object's tags with the body's TagSet (at most
 * 10; MalformedXML or InvalidArgument otherwise). Last-Modified does not change
 * (PutObjectTagging.md). A symlink's own tags are set, not its target's.
 *
 * @example
 * ```ts
 * await putObjectTagging(context);
 * ```
 */
export async function putObjectTagging(context: OperationContext): Promise<void> {
  const key = requireKey(context);
  requireStoredObject(context);
  const tags = tagsFromXml(await readSmallBody(context.req, MAX_BODY_BYTES, 'MalformedXML'));
  await context.store.update(context.bucket, key, (current) => {
    if (!current) throw new OssServiceError('NoSuchKey', { details: { Key: key } });
    return { ...current, meta: { ...current.meta, tags } };
  });
  sendBody(context.res, 200, undefined);
}
