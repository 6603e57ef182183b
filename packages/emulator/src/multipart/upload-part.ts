import { MAX_PARTS } from '@oss-presign/core/signer';
import { EC, OssServiceError } from '../http/errors.js';
import { sendBody } from '../http/respond.js';
import { requireBodyLength } from '../operations/body-length.js';
import { type OperationContext, requireKey } from '../operations/context.js';
import { expectedMd5 } from '../operations/object-meta.js';
import { md5ETag } from '../store/digest.js';
import { ingestBody } from '../store/ingest.js';
import type { IngestResult } from '../store/ingest.js';
import type { PartRecord } from './registry.js';

const PART_NUMBER = /^\d{1,5}$/;

/**
 * Reads partNumber: an integer from 1 to 10000 (OSS doc "UploadPart").
 *
 * @example
 * ```ts
 * readPartNumber('3'); // 3
 * ```
 */
export function readPartNumber(text: string | undefined): number {
  const value = text !== undefined && PART_NUMBER.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= MAX_PARTS)) {
    throw new OssServiceError('InvalidArgument', {
      message: 'Part number must be an integer between 1 and 10000, inclusive.',
      details: { ArgumentName: 'partNumber', ArgumentValue: text ?? '' },
    });
  }
  return value;
}

/**
 * UploadPart (`PUT /key?partNumber=N&uploadId=ID`): streams the part into a blob, checks
 * Content-MD5, and replaces any earlier part with that number. Part size is not checked here, only
 * at Complete (UploadPart.md). If the upload was aborted or completed meanwhile, the part is thrown
 * away and the answer is NoSuchUpload.
 *
 * @example
 * ```ts
 * await uploadPart(context);
 * ```
 */
export async function uploadPart(context: OperationContext): Promise<void> {
  const key = requireKey(context);
  const { query, headers } = context.request;
  const uploadId = query.get('uploadId');
  context.uploads.require(context.bucket, key, uploadId, EC.noSuchUploadOnUploadPart);
  const partNumber = readPartNumber(query.get('partNumber'));
  const declaredLength = requireBodyLength(context.req, context.maxObjectSize);
  const md5 = expectedMd5(headers);

  const body = await ingestBody(context.req, context.store.blobs.begin(), {
    maxBytes: context.maxObjectSize,
    declaredLength,
    hashOffload: context.hashOffload,
  });
  const part = await storePart(context, key, uploadId, partNumber, body, EC.noSuchUploadOnUploadPart, () => {
    if (md5 && !md5.equals(body.md5)) throw new OssServiceError('InvalidDigest');
  });
  sendBody(context.res, 200, undefined, {
    ETag: part.etag,
    'Content-MD5': body.md5.toString('base64'),
    'x-oss-hash-crc64ecma': body.crc64.toString(),
  });
}

/**
 * Makes stored bytes a part of an upload (UploadPart and UploadPartCopy alike): checks the upload
 * exists and `check` passes, else frees the bytes and throws; records the part through the
 * registry (so with dataDir it is persisted) and frees the part it replaces.
 *
 * @example
 * ```ts
 * const part = await storePart(context, key, uploadId, 3, body, EC.noSuchUploadOnUploadPart);
 * ```
 */
export async function storePart(
  context: OperationContext,
  key: string,
  uploadId: string | undefined,
  partNumber: number,
  body: IngestResult,
  ec: string,
  check?: () => void,
): Promise<PartRecord> {
  let upload: ReturnType<typeof context.uploads.require>;
  try {
    check?.();
    upload = context.uploads.require(context.bucket, key, uploadId, ec);
  } catch (error) {
    await context.store.release([body.ref]);
    throw error;
  }
  const part: PartRecord = {
    partNumber,
    ref: body.ref,
    size: body.ref.size,
    etag: md5ETag(body.md5),
    md5: body.md5,
    crc64: body.crc64,
    lastModified: context.now(),
  };
  const replaced = await context.uploads.setPart(upload, part);
  if (replaced) await context.store.release([replaced.ref]);
  return part;
}
