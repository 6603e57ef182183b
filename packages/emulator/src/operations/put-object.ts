import { parseCallback } from '../callback/parse-callback.js';
import { runCallback } from '../callback/run-callback.js';
import { OssServiceError } from '../http/errors.js';
import { sendBody } from '../http/respond.js';
import { md5ETag } from '../store/digest.js';
import { ingestBody } from '../store/ingest.js';
import type { StoredObject } from '../store/types.js';
import { requireBodyLength } from './body-length.js';
import { type OperationContext, requireKey } from './context.js';
import { encryptionHeaders } from './encryption.js';
import { expectedMd5, forbidOverwrite, metaFromHeaders } from './object-meta.js';

/**
 * PutObject: validates everything that can be checked before the body (length, metadata,
 * Content-MD5 form, callback, forbid-overwrite), streams the body into a blob while hashing it,
 * compares Content-MD5 (InvalidDigest), then commits atomically. Answers the quoted upper-case MD5
 * ETag, Content-MD5 and x-oss-hash-crc64ecma (OSS doc "PutObject"), or the callback's JSON.
 *
 * @example
 * ```ts
 * await putObject(context);
 * ```
 */
export async function putObject(context: OperationContext): Promise<void> {
  const { request, store, bucket } = context;
  const key = requireKey(context);
  const declaredLength = requireBodyLength(context.req, context.maxObjectSize);
  const meta = metaFromHeaders(request.headers);
  const md5 = expectedMd5(request.headers);
  const forbid = forbidOverwrite(request.headers);
  const callback = parseCallback(request.headers, request.query);
  if (forbid && store.get(bucket, key)) throw new OssServiceError('FileAlreadyExists');

  const body = await ingestBody(context.req, store.blobs.begin(), {
    maxBytes: context.maxObjectSize,
    declaredLength,
    hashOffload: context.hashOffload,
  });
  const etag = md5ETag(body.md5);
  const object: StoredObject = {
    bucket,
    key,
    size: body.ref.size,
    etag,
    contentMd5: body.md5.toString('base64'),
    crc64: body.crc64.toString(),
    lastModified: context.now(),
    objectType: 'Normal',
    meta,
    segments: [body.ref],
  };
  try {
    if (md5 && !md5.equals(body.md5)) throw new OssServiceError('InvalidDigest');
    await store.commit(object, { forbidOverwrite: forbid });
  } catch (error) {
    await store.release(object.segments);
    throw error;
  }

  const headers = {
    ETag: etag,
    'Content-MD5': object.contentMd5 as string,
    'x-oss-hash-crc64ecma': object.crc64,
    ...encryptionHeaders(meta.encryption),
  };
  if (!callback) {
    sendBody(context.res, 200, undefined, headers);
    return;
  }
  const json = await runCallback(
    callback,
    {
      bucket,
      object: key,
      etag: etag.slice(1, -1),
      size: object.size,
      mimeType: meta.contentType,
      crc64: object.crc64,
      contentMd5: object.contentMd5 as string,
      reqId: request.requestId,
      operation: 'PutObject',
      clientIp: context.req.socket.remoteAddress ?? '',
    },
    context.callbacks,
    context.now(),
    headers,
  );
  sendBody(context.res, 200, json, { ...headers, 'Content-Type': 'application/json' });
}
