import { OssPresignError, type OssPresignErrorCode } from '../errors/oss-presign-error.js';
import { type OssFailureKind, readOssFailure } from '../oss/classify.js';

// Failures the app's end user caused (a missing part, an existing object) keep a 4xx code; every
// other OSS failure is the server's (UPSTREAM_ERROR, 502).
const CODE_BY_KIND: Partial<Readonly<Record<OssFailureKind, OssPresignErrorCode>>> = {
  'no-such-upload': 'NO_SUCH_UPLOAD',
  'invalid-part': 'INVALID_PART',
  'object-exists': 'OBJECT_EXISTS',
  'callback-failed': 'CALLBACK_FAILED',
};

/**
 * Turns a failed OSS answer into an OssPresignError, keeping OSS's Code, Message, RequestId and EC
 * in `details` for the logs. What the answer means is read by oss/classify.ts, as the uploader reads it.
 *
 * @example
 * ```ts
 * throw ossResponseError(404, '<Error><Code>NoSuchUpload</Code>…</Error>', 'CompleteMultipartUpload');
 * ```
 */
export function ossResponseError(status: number, text: string, operation: string): OssPresignError {
  const failure = readOssFailure(status, text);
  const code = CODE_BY_KIND[failure.kind] ?? 'UPSTREAM_ERROR';
  const ossMessage = failure.details?.message ?? `HTTP ${status}`;
  return new OssPresignError(code, `${operation} failed: ${failure.ossCode ?? 'Error'}: ${ossMessage}`, {
    details: { operation, status, ossCode: failure.ossCode, requestId: failure.requestId, ec: failure.ec },
  });
}
