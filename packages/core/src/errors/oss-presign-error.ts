/**
 * Every failure the server side of `@oss-presign/core` reports: signer, presigner,
 * credentials, endpoints and the presign handler. One class with a `code` union, so
 * callers switch on `error.code` and adapters map it to HTTP with {@link httpStatusOf}.
 */

import { redactError, redactText, redactValues } from '../oss/redact.js';

export type OssPresignErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_CONFIG'
  | 'INVALID_BUCKET'
  | 'INVALID_KEY'
  | 'INVALID_HEADER'
  | 'INVALID_EXPIRY'
  | 'INVALID_STORAGE_CLASS'
  | 'INVALID_ACL'
  | 'MISSING_CREDENTIALS'
  | 'CREDENTIALS_FETCH_FAILED'
  | 'CREDENTIALS_EXPIRED'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'CONTENT_TYPE_NOT_ALLOWED'
  | 'FILE_TOO_LARGE'
  | 'FILE_TOO_SMALL'
  | 'METADATA_NOT_ALLOWED'
  | 'CALLBACK_INVALID'
  | 'UPSTREAM_ERROR'
  | 'INTERNAL_ERROR'
  | 'INVALID_FILE_NAME'
  | 'KEY_OUTSIDE_PREFIX'
  | 'INVALID_PART'
  | 'UPLOAD_TOKEN_INVALID'
  | 'NO_SUCH_UPLOAD'
  | 'PARTS_MISMATCH'
  | 'OBJECT_EXISTS'
  | 'CALLBACK_FAILED'
  | 'CALLBACK_SIGNATURE_INVALID'
  | 'CALLBACK_PUBLIC_KEY_URL_NOT_ALLOWED'
  | 'CALLBACK_PUBLIC_KEY_FETCH_FAILED';

/** The one table that turns an error code into an HTTP status. Adapters never choose a status. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<OssPresignErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  INVALID_CONFIG: 500,
  INVALID_BUCKET: 400,
  INVALID_KEY: 400,
  INVALID_HEADER: 400,
  INVALID_EXPIRY: 400,
  INVALID_STORAGE_CLASS: 400,
  INVALID_ACL: 400,
  MISSING_CREDENTIALS: 500,
  CREDENTIALS_FETCH_FAILED: 502,
  // The credentials the server signs with have run out: its configuration, not the client, must change.
  CREDENTIALS_EXPIRED: 500,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_TIMEOUT: 408,
  CONTENT_TYPE_NOT_ALLOWED: 400,
  FILE_TOO_LARGE: 400,
  FILE_TOO_SMALL: 400,
  METADATA_NOT_ALLOWED: 400,
  CALLBACK_INVALID: 400,
  UPSTREAM_ERROR: 502,
  INTERNAL_ERROR: 500,
  INVALID_FILE_NAME: 400,
  KEY_OUTSIDE_PREFIX: 403,
  INVALID_PART: 400,
  UPLOAD_TOKEN_INVALID: 403,
  NO_SUCH_UPLOAD: 404,
  // The parts OSS holds are not the declared upload (missing or of another size); the upload is
  // kept, so the client can send what is missing and complete again.
  PARTS_MISMATCH: 409,
  OBJECT_EXISTS: 409,
  // The object is stored but the app's callback failed: retrying Complete cannot help (RFC 4918 424).
  CALLBACK_FAILED: 424,
  CALLBACK_SIGNATURE_INVALID: 403,
  CALLBACK_PUBLIC_KEY_URL_NOT_ALLOWED: 403,
  CALLBACK_PUBLIC_KEY_FETCH_FAILED: 502,
};

export interface OssPresignErrorOptions {
  /** The underlying failure, kept for logs. */
  cause?: unknown;
  /** Structured details (the offending field, a limit) for logs and clients. */
  details?: Record<string, unknown>;
}

/**
 * The typed error thrown by the signer, the presigner and the presign handler.
 *
 * @example
 * ```ts
 * try {
 *   await presigner.presign({ operation: 'PutObject', key: '../x' });
 * } catch (error) {
 *   if (error instanceof OssPresignError && error.code === 'INVALID_KEY') console.warn(error.message);
 * }
 * ```
 */
export class OssPresignError extends Error {
  override readonly name = 'OssPresignError';
  readonly code: OssPresignErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: OssPresignErrorCode, message: string, options: OssPresignErrorOptions = {}) {
    // Messages, causes and details are logged and sent to clients: no signature, token or secret
    // leaves here, whatever text reached the error (oss/redact.ts).
    super(redactText(message), options.cause === undefined ? undefined : { cause: redactError(options.cause) });
    this.code = code;
    this.details = options.details && redactValues(options.details);
  }

  /** The HTTP status this error maps to (from {@link HTTP_STATUS_BY_CODE}). */
  get status(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }
}

/**
 * The HTTP status for an error code.
 *
 * @example
 * ```ts
 * httpStatusOf('UNAUTHORIZED'); // 401
 * ```
 */
export function httpStatusOf(code: OssPresignErrorCode): number {
  return HTTP_STATUS_BY_CODE[code];
}

/**
 * Returns `error` when it already is an {@link OssPresignError}; otherwise wraps it as INTERNAL_ERROR.
 *
 * @example
 * ```ts
 * const typed = toOssPresignError(caught);
 * ```
 */
export function toOssPresignError(error: unknown): OssPresignError {
  if (error instanceof OssPresignError) return error;
  return new OssPresignError('INTERNAL_ERROR', 'Internal error', { cause: error });
}
