import { percentEncode } from '@oss-presign/core/signer';
import { OssServiceError } from '../http/errors.js';
import { sendXml } from '../http/respond.js';
import { type OperationContext, requireKey } from '../operations/context.js';
import { encryptionHeaders } from '../operations/encryption.js';
import { forbidOverwrite, metaFromHeaders } from '../operations/object-meta.js';

/**
 * InitiateMultipartUpload (`POST /key?uploads`): records the metadata the completed object will
 * carry and answers the upload id, echoing the server-side encryption headers it was sent
 * (InitiateMultipartUpload.md, response headers).
 *
 * @example
 * ```ts
 * await initiateMultipartUpload(context);
 * ```
 */
export async function initiateMultipartUpload(context: OperationContext): Promise<void> {
  const key = requireKey(context);
  const { headers, query } = context.request;
  const meta = metaFromHeaders(headers);
  const forbid = forbidOverwrite(headers);
  if (forbid && context.store.get(context.bucket, key)) throw new OssServiceError('FileAlreadyExists');
  const upload = await context.uploads.create(context.bucket, key, meta, forbid, context.now());
  const urlEncoded = query.get('encoding-type') === 'url';
  const result: Record<string, unknown> = {
    Bucket: context.bucket,
    Key: urlEncoded ? percentEncode(key) : key,
    UploadId: upload.uploadId,
  };
  if (urlEncoded) result.EncodingType = 'url';
  sendXml(context.res, 200, { InitiateMultipartUploadResult: result }, encryptionHeaders(meta.encryption));
}
