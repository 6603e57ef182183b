import { OssServiceError } from '../http/errors.js';
import { sendBody } from '../http/respond.js';
import { type OperationContext, requireKey } from './context.js';
import { requireStoredObject } from './find-object.js';
import { objectAcl } from './object-meta.js';

/**
 * PutObjectACL (`PUT /key?acl` with x-oss-object-acl: default, private, public-read or
 * public-read-write): stores the ACL, returned by GetObjectACL. It is not enforced: every request
 * must be signed by one of the emulator's credentials whatever the ACL (PutObjectACL.md).
 *
 * @example
 * ```ts
 * await putObjectAcl(context);
 * ```
 */
export async function putObjectAcl(context: OperationContext): Promise<void> {
  const key = requireKey(context);
  const acl = objectAcl(context.request.headers);
  if (acl === undefined) {
    throw new OssServiceError('MissingArgument', {
      message: 'PutObjectACL requires the x-oss-object-acl header.',
      details: { ArgumentName: 'x-oss-object-acl' },
    });
  }
  requireStoredObject(context);
  await context.store.update(context.bucket, key, (current) => {
    if (!current) throw new OssServiceError('NoSuchKey', { details: { Key: key } });
    return { ...current, meta: { ...current.meta, acl } };
  });
  sendBody(context.res, 200, undefined);
}
