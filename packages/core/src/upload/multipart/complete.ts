/**
 * CompleteMultipartUpload and the whole-object check: the part CRCs combined must equal the
 * x-oss-hash-crc64ecma OSS reports for the object (OSS doc "CompleteMultipartUpload").
 */

import { combineCrc64 } from '../../integrity/crc64.js';
import type { EngineContext } from '../engine-context.js';
import { OssUploadError } from '../errors.js';
import type { ResumePart } from '../resume-store.js';
import { callCallback } from '../retry-loop.js';
import type { CompleteResult, MultipartCallbacks, UploadRef } from './types.js';

/**
 * The CRC-64 of the whole object from the part CRCs, in part order (OSS's Complete value).
 *
 * @example
 * ```ts
 * combinePartCrcs([{ crc64: '123', size: 10 }, { crc64: '456', size: 5 }]);
 * ```
 */
export function combinePartCrcs(parts: readonly { readonly crc64?: string | undefined; readonly size: number }[]): bigint | undefined {
  let combined: bigint | undefined;
  for (const part of parts) {
    if (part.crc64 === undefined) return undefined;
    const crc = BigInt(part.crc64);
    combined = combined === undefined ? crc : combineCrc64(combined, crc, part.size);
  }
  return combined;
}

/**
 * Calls `complete` (retried like any callback) with every part in order. A retry that finds the
 * upload gone is reported as such: Complete consumes the upload id, so an earlier attempt may
 * have worked.
 *
 * @example
 * ```ts
 * const completion = await completeParts(context, options, ref, parts);
 * ```
 */
export function completeParts(
  context: EngineContext,
  callbacks: Pick<MultipartCallbacks, 'complete'>,
  ref: UploadRef,
  parts: readonly ResumePart[],
): Promise<CompleteResult> {
  let earlierFailure: unknown;
  return callCallback(context, 'complete', async (ctx) => {
    try {
      return await callbacks.complete({ ...ref, parts: parts.map((part) => ({ partNumber: part.partNumber, etag: part.etag })) }, ctx);
    } catch (error) {
      const gone = (error as OssUploadError).code === 'NO_SUCH_UPLOAD' || (error as OssUploadError).status === 404;
      if (earlierFailure !== undefined && gone) {
        throw new OssUploadError('NO_SUCH_UPLOAD', 'CompleteMultipartUpload was retried and the upload no longer exists', {
          cause: earlierFailure,
          retryable: false,
          hint: `The earlier attempt failed (${(earlierFailure as Error).message}) but may have completed the upload on OSS; check whether the object exists before uploading again.`,
        });
      }
      earlierFailure ??= error;
      throw error;
    }
  });
}

/**
 * Compares the combined part CRCs with the object's CRC from `complete`; returns whether the
 * object was verified. Throws CHECKSUM_MISMATCH, or CHECKSUM_MISSING when `crc64` is `require`.
 *
 * @example
 * ```ts
 * const verified = verifyObjectCrc(context, combinePartCrcs(parts), completion);
 * ```
 */
export function verifyObjectCrc(context: EngineContext, combined: bigint | undefined, completion: CompleteResult | undefined): boolean {
  if (context.crc64 === 'off') return false;
  if (completion?.crc64 === undefined) {
    if (context.crc64 === 'require') {
      throw new OssUploadError('CHECKSUM_MISSING', 'complete did not report the object\'s x-oss-hash-crc64ecma, and integrity.crc64 is "require"', {
        retryable: false,
        hint: 'Return crc64 (the x-oss-hash-crc64ecma header of CompleteMultipartUpload) from the complete callback.',
      });
    }
    return false;
  }
  if (combined === undefined) return false;
  if (BigInt(completion.crc64) !== combined) {
    throw new OssUploadError('CHECKSUM_MISMATCH', `CRC-64 mismatch on the completed object: parts combine to ${combined}, OSS reports ${completion.crc64}`, {
      retryable: false,
      hint: 'OSS completed the object with bytes that differ from the body: upload it again (that replaces it) or delete it.',
    });
  }
  return true;
}
