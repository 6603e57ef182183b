/**
 * A failure of the app's presign endpoint, as the uploader reports it. The built-in presign client
 * (protocol/presign-calls.ts) throws OssPresignError with the server's code and names the endpoint
 * it called in `details.endpoint`; the uploader turns that into PRESIGN_FAILED, apart from
 * CALLBACK_ERROR (a caller's own callback failed) and OSS_CALLBACK_FAILED (OSS's upload callback).
 * With the engine, not with the page: only a running upload meets one.
 */

import type { OssPresignError } from '../errors/oss-presign-error.js';
import { OssUploadError, callbackError } from './errors.js';

/**
 * The error for a failed callback: PRESIGN_FAILED when the built-in presign client's endpoint
 * refused or could not be reached (`status` its HTTP status, `cause` the OssPresignError, retried
 * for 5xx, 429 and network failures), else CALLBACK_ERROR (./errors.ts `callbackError`). An
 * OssUploadError passes through.
 *
 * @example
 * ```ts
 * callbackFailure('target', new OssPresignError('UNAUTHORIZED', 'Sign in to upload', { details: { status: 401, endpoint: '/api/oss/upload' } })).message;
 * // 'The presign endpoint answered 401 UNAUTHORIZED: Sign in to upload'
 * ```
 */
export function callbackFailure(name: string, raw: unknown): OssUploadError {
  // Recognised by its shape, not `instanceof`: importing the class (and its status table) would put
  // it into every bundle of the engine, even one that never uses the presign client.
  const error = raw as OssPresignError | undefined;
  if (error?.name !== 'OssPresignError' || typeof error.details?.endpoint !== 'string') return callbackError(name, raw);
  const status = typeof error.details.status === 'number' ? error.details.status : undefined;
  // An answer the endpoint gave as JSON quotes its code and message; an unreachable endpoint or a
  // non-JSON answer (with a cause) is already said in the presign client's own words.
  const message = status !== undefined && error.cause === undefined ? `The presign endpoint answered ${status} ${error.code}: ${error.message}` : error.message;
  return new OssUploadError('PRESIGN_FAILED', message, {
    status,
    cause: error,
    retryable: status === undefined || status >= 500 || status === 429,
  });
}
