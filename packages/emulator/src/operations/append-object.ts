import { createHash } from 'node:crypto';
import { combineCrc64 } from '@oss-presign/core/signer';
import { EC, OssServiceError } from '../http/errors.js';
import { sendBody } from '../http/respond.js';
import { ingestBody } from '../store/ingest.js';
import type { StoredObject } from '../store/types.js';
import { requireBodyLength } from './body-length.js';
import { type OperationContext, requireKey } from './context.js';
import { encryptionHeaders } from './encryption.js';
import { expectedMd5, metaFromHeaders } from './object-meta.js';

const DIGITS = /^\d+$/;

function readPosition(text: string | undefined): number {
  if (text === undefined || text === '') {
    throw new OssServiceError('MissingArgument', {
      message: 'AppendObject requires the position parameter.',
      ec: EC.appendPositionMissing,
      details: { ArgumentName: 'position' },
    });
  }
  if (!DIGITS.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new OssServiceError('InvalidArgument', {
      message: 'position must be a non-negative integer.',
      details: { ArgumentName: 'position', ArgumentValue: text },
    });
  }
  return Number(text);
}

// Refuses an append at `position` to `current`: not appendable, or not at its end.
function checkAppendable(current: StoredObject | undefined, position: number): void {
  if (current && current.objectType !== 'Appendable') throw new OssServiceError('ObjectNotAppendable');
  const length = current ? current.size : 0;
  if (position !== length) {
    throw new OssServiceError('PositionNotEqualToLength', {
      headers: { 'x-oss-next-append-position': String(length), ...(current ? { 'x-oss-hash-crc64ecma': current.crc64 } : {}) },
    });
  }
}

// An appendable object's ETag is opaque (not the MD5 of the body): chained over the appends.
function appendETag(previous: StoredObject | undefined, chunkMd5: Buffer): string {
  const hash = createHash('md5');
  if (previous) hash.update(previous.etag);
  return `"${hash.update(chunkMd5).digest('hex').toUpperCase()}"`;
}

/**
 * AppendObject (`POST /key?append&position=P`): creates an Appendable object at position 0 or adds
 * the body at its end. A position other than the current length is 409 PositionNotEqualToLength
 * (with x-oss-next-append-position), a Normal or Multipart object 409 ObjectNotAppendable; both are
 * checked before the body and again, atomically, before the append becomes visible. Metadata, ACL,
 * tags and encryption headers count on the creating append only. Answers x-oss-next-append-position
 * and the whole object's x-oss-hash-crc64ecma (AppendObject.md).
 *
 * @example
 * ```ts
 * await appendObject(context);
 * ```
 */
export async function appendObject(context: OperationContext): Promise<void> {
  const { request, store, bucket } = context;
  const key = requireKey(context);
  const position = readPosition(request.query.get('position'));
  const declaredLength = requireBodyLength(context.req, context.maxObjectSize);
  const meta = metaFromHeaders(request.headers);
  const md5 = expectedMd5(request.headers);
  checkAppendable(store.get(bucket, key), position);
  if (declaredLength !== undefined && position + declaredLength > context.maxObjectSize) {
    throw new OssServiceError('EntityTooLarge', { details: { MaxSizeAllowed: String(context.maxObjectSize) } });
  }

  const body = await ingestBody(context.req, store.blobs.begin(), {
    maxBytes: context.maxObjectSize - position,
    declaredLength,
    hashOffload: context.hashOffload,
  });
  let object: StoredObject;
  try {
    if (md5 && !md5.equals(body.md5)) throw new OssServiceError('InvalidDigest');
    object = await store.update(bucket, key, (current) => {
      checkAppendable(current, position);
      return {
        bucket,
        key,
        size: position + body.ref.size,
        etag: appendETag(current, body.md5),
        crc64: (current ? combineCrc64(BigInt(current.crc64), body.crc64, body.ref.size) : body.crc64).toString(),
        lastModified: context.now(),
        objectType: 'Appendable',
        meta: current ? current.meta : meta,
        segments: current ? [...current.segments, body.ref] : [body.ref],
      };
    });
  } catch (error) {
    await store.release([body.ref]);
    throw error;
  }
  sendBody(context.res, 200, undefined, {
    ETag: object.etag,
    'x-oss-next-append-position': String(object.size),
    'x-oss-hash-crc64ecma': object.crc64,
    ...encryptionHeaders(object.meta.encryption),
  });
}
