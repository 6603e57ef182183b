import { createHash } from 'node:crypto';
import { OssServiceError } from '../http/errors.js';
import { sendBody } from '../http/respond.js';
import type { StoredObject } from '../store/types.js';
import { type OperationContext, requireKey } from './context.js';
import { forbidOverwrite, metaFromHeaders } from './object-meta.js';

const MAX_KEY_BYTES = 1023;

function readTarget(value: string | undefined): string {
  if (value === undefined || value === '') {
    throw new OssServiceError('MissingArgument', {
      message: 'PutSymlink requires the x-oss-symlink-target header.',
      details: { ArgumentName: 'x-oss-symlink-target' },
    });
  }
  let target: string;
  try {
    target = decodeURIComponent(value);
  } catch {
    throw new OssServiceError('InvalidArgument', { details: { ArgumentName: 'x-oss-symlink-target', ArgumentValue: value } });
  }
  if (Buffer.byteLength(target) > MAX_KEY_BYTES) throw new OssServiceError('InvalidObjectName', { details: { SymlinkTarget: target } });
  return target;
}

/**
 * PutSymlink (`PUT /key?symlink` with x-oss-symlink-target, URL-encoded): creates a symlink to a key
 * of the same bucket, which need not exist yet, with the request's metadata, ACL, storage class and
 * tags; x-oss-forbid-overwrite applies (PutSymlink.md).
 *
 * @example
 * ```ts
 * await putSymlink(context);
 * ```
 */
export async function putSymlink(context: OperationContext): Promise<void> {
  const { request, bucket, store } = context;
  const key = requireKey(context);
  const symlinkTarget = readTarget(request.headers['x-oss-symlink-target']);
  const meta = metaFromHeaders(request.headers);
  const forbid = forbidOverwrite(request.headers);
  const link: StoredObject = {
    bucket,
    key,
    size: 0,
    // Opaque, as OSS's: the link has no bytes of its own.
    etag: `"${createHash('md5').update(symlinkTarget).digest('hex').toUpperCase()}"`,
    crc64: '0',
    lastModified: context.now(),
    objectType: 'Symlink',
    symlinkTarget,
    meta,
    segments: [],
  };
  await store.commit(link, { forbidOverwrite: forbid });
  sendBody(context.res, 200, undefined, { ETag: link.etag });
}
