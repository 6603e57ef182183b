import { percentEncode } from '@oss-presign/core/signer';
import { OssServiceError } from '../http/errors.js';
import { sendBody } from '../http/respond.js';
import type { OperationContext } from './context.js';
import { requireStoredObject } from './find-object.js';

/**
 * GetSymlink (`GET /key?symlink`): the link's target in x-oss-symlink-target (URL-encoded), with
 * its ETag and Last-Modified; NoSuchKey when absent, 400 NotSymlink for any other object
 * (GetSymlink.md).
 *
 * @example
 * ```ts
 * await getSymlink(context);
 * ```
 */
export async function getSymlink(context: OperationContext): Promise<void> {
  const link = requireStoredObject(context);
  if (link.objectType !== 'Symlink' || link.symlinkTarget === undefined) throw new OssServiceError('NotSymlink');
  const headers: Record<string, string> = {
    'x-oss-symlink-target': percentEncode(link.symlinkTarget),
    ETag: link.etag,
    'Last-Modified': link.lastModified.toUTCString(),
    'Content-Type': link.meta.contentType,
  };
  for (const name in link.meta.userMeta) headers[name] = link.meta.userMeta[name] as string;
  sendBody(context.res, 200, undefined, headers);
}
