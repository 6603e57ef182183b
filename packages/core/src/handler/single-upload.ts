import { OssPresignError } from '../errors/oss-presign-error.js';
import { expirationText } from './expiration-text.js';
import { clampExpires } from './limits.js';
import { chooseKey, checkFile } from './describe-file.js';
import { buildCallback } from './build-callback.js';
import type { HandlerRequest } from './options.js';
import { readInteger, type JsonObject } from './read-fields.js';
import type { Policy } from './resolve-policy.js';
import type { PresignUploadResponse } from '../protocol/wire.js';

/**
 * `POST /upload`: checks the file against the policy, picks the key and presigns one PUT with
 * Content-Type, Content-Length (so OSS refuses any other size), x-oss-forbid-overwrite, metadata
 * and, when configured, the upload callback.
 *
 * @example
 * ```ts
 * const answer = await presignUpload({ fileName: 'a.png', contentType: 'image/png', size: 10 }, policy, context, request);
 * ```
 */
export async function presignUpload<Context, Native>(
  body: JsonObject,
  policy: Policy<Context, Native>,
  context: Context,
  request: HandlerRequest<Native>,
): Promise<PresignUploadResponse> {
  const file = checkFile(body, policy as Policy<unknown, unknown>, 'single');
  const expires = clampExpires(readInteger(body, 'expires', { min: 1, optional: true }), policy);
  const contentMd5 = body.contentMd5;
  // Content-MD5 is the Base64 of 16 bytes (RFC 1864); OSS then refuses a body with another digest.
  if (contentMd5 !== undefined && (typeof contentMd5 !== 'string' || !/^[A-Za-z0-9+/]{22}==$/.test(contentMd5))) {
    throw new OssPresignError('INVALID_ARGUMENT', 'contentMd5 must be the Base64 MD5 of the body', { details: { field: 'contentMd5' } });
  }
  const key = await chooseKey(file, policy, context, request);
  await policy.options.onBeforePresign?.({ action: 'upload', key, ...file, context, request });
  const callback = await buildCallback(policy.options.callback, key, context);
  const signed = await policy.presigner.presign(
    {
      operation: 'PutObject',
      key,
      contentType: file.contentType,
      contentLength: file.size,
      contentMd5: contentMd5 as string | undefined,
      metadata: file.metadata,
      forbidOverwrite: policy.forbidOverwrite,
      ...callback,
    },
    { expires },
  );
  return {
    bucket: policy.bucket,
    key,
    method: signed.method,
    url: signed.url,
    signedHeaders: signed.signedHeaders,
    expiration: expirationText(signed.expiration),
  };
}
