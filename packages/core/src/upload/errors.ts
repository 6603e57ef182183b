/**
 * The uploader's one error class. Every failure of `@oss-presign/core/upload` (a network error, an
 * OSS error answer, a checksum mismatch, a bad option, an abort) is an {@link OssUploadError} whose
 * `code` says what happened and whether retrying can help.
 */

import type { OssErrorDetails } from '../oss/error-xml.js';
import { redactError, redactText, redactValues } from '../oss/redact.js';
import type { SignatureHintCause } from './hint.js';

// This file is what a page loads with `createUploader`: the class and the few helpers the store
// needs. Reading an OSS answer into an error (./error-from-response.ts) and adding what the retry
// loop knows to one (./retry-loop.ts) come with the engine.

/** What went wrong, from the uploader's point of view. */
export type OssUploadErrorCode =
  /** The caller's AbortSignal fired. */
  | 'ABORTED'
  /** The connection failed or was reset before OSS answered. Retried. */
  | 'NETWORK_ERROR'
  /** No byte moved for `timeoutMs`. Retried. */
  | 'TIMEOUT'
  /** 403 SignatureDoesNotMatch; `hint` says which of the usual causes it is. */
  | 'SIGNATURE_MISMATCH'
  /** 403 "Request has expired": the presigned URL outlived x-oss-date + x-oss-expires. */
  | 'URL_EXPIRED'
  /** 403 RequestTimeTooSkewed (retried), or a URL signed in the future (not retried). */
  | 'CLOCK_SKEW'
  /** Any other 403. */
  | 'ACCESS_DENIED'
  /** 404 NoSuchBucket / NoSuchKey. */
  | 'NOT_FOUND'
  /** 404 NoSuchUpload: the multipart upload was aborted, completed or never existed. */
  | 'NO_SUCH_UPLOAD'
  /** 429. Retried. */
  | 'THROTTLED'
  /** 5xx. Retried. */
  | 'SERVER_ERROR'
  /** Any other non-2xx answer. */
  | 'HTTP_ERROR'
  /** 203 CallbackFailed: OSS stored the object but the app server's upload callback failed. */
  | 'OSS_CALLBACK_FAILED'
  /** The CRC-64 (or Content-MD5, 400 InvalidDigest) OSS computed differs from the bytes sent. */
  | 'CHECKSUM_MISMATCH'
  /** `crc64: 'require'` and OSS did not report x-oss-hash-crc64ecma (in browsers: not exposed by CORS). */
  | 'CHECKSUM_MISSING'
  /** A part answered 200 without a readable ETag (in browsers: CORS ExposeHeaders lacks ETag). */
  | 'ETAG_MISSING'
  /** The body is not something the uploader can send (unknown type, stream without size, wrong length). */
  | 'INVALID_BODY'
  /** An option is out of range or inconsistent. */
  | 'INVALID_OPTIONS'
  /** The presign handler's policy (`GET /config`) does not allow the file's type; refused before any presign. */
  | 'CONTENT_TYPE_NOT_ALLOWED'
  /** The file is smaller than the policy's `minSize`; refused before any presign. */
  | 'FILE_TOO_SMALL'
  /** The file is larger than the policy's `maxSize`; refused before any presign. */
  | 'FILE_TOO_LARGE'
  /**
   * The app's presign endpoint (`createUploader({ endpoint })`, `createPresignClient`) refused or
   * could not be reached: `status` is its HTTP status, `cause` its OssPresignError with the
   * server's code (UNAUTHORIZED, CONTENT_TYPE_NOT_ALLOWED, …). Retried for 5xx, 429 and network errors.
   */
  | 'PRESIGN_FAILED'
  /** A caller-supplied callback (target, initiate, presignParts, complete, abort, listParts) failed. */
  | 'CALLBACK_ERROR';

export interface OssUploadErrorOptions {
  readonly status?: number | undefined;
  readonly oss?: OssErrorDetails | undefined;
  readonly requestId?: string | undefined;
  readonly retryable?: boolean | undefined;
  readonly partNumber?: number | undefined;
  readonly hint?: string | undefined;
  readonly hintCause?: SignatureHintCause | undefined;
  /** How many attempts were made before giving up (the retry loop sets it). */
  readonly attempts?: number | undefined;
  readonly cause?: unknown;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<OssUploadErrorCode> = new Set(['NETWORK_ERROR', 'TIMEOUT', 'THROTTLED', 'SERVER_ERROR']);

/**
 * The error every uploader function throws.
 *
 * @example
 * ```ts
 * try {
 *   await uploadObject({ target, body: file });
 * } catch (error) {
 *   if (error instanceof OssUploadError && error.code === 'SIGNATURE_MISMATCH') console.warn(error.hint);
 * }
 * ```
 */
export class OssUploadError extends Error {
  override readonly name = 'OssUploadError';
  readonly code: OssUploadErrorCode;
  /** HTTP status of OSS's answer, when there was one. */
  readonly status: number | undefined;
  /** The parsed OSS `<Error>` XML, when OSS sent one. */
  readonly oss: OssErrorDetails | undefined;
  /** x-oss-request-id (from the XML or the response header): quote it to Alibaba Cloud support. */
  readonly requestId: string | undefined;
  /** Whether another attempt of the same request may succeed. */
  readonly retryable: boolean;
  /** The multipart part this error belongs to. */
  readonly partNumber: number | undefined;
  /** Plain-language diagnosis (SignatureDoesNotMatch and the other signing errors). */
  readonly hint: string | undefined;
  /** Which diagnosis `hint` is. */
  readonly hintCause: SignatureHintCause | undefined;
  /** How many attempts were made before giving up (the retry loop says). */
  readonly attempts: number | undefined;

  constructor(code: OssUploadErrorCode, message: string, options: OssUploadErrorOptions = {}) {
    // A presigned URL is a bearer token: whatever text reaches this error (a runtime's message with
    // the URL in it, OSS's canonical request with the STS token in its query) is masked here, once.
    super(redactText(message), options.cause === undefined ? undefined : { cause: redactError(options.cause) });
    this.code = code;
    this.status = options.status;
    this.oss = options.oss && redactValues(options.oss);
    this.requestId = options.requestId ?? options.oss?.requestId;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.partNumber = options.partNumber;
    this.hint = options.hint === undefined ? undefined : redactText(options.hint);
    this.hintCause = options.hintCause;
    this.attempts = options.attempts;
  }
}

/**
 * Whether an error from a request or from a caller's callback is worth another attempt: an
 * {@link OssUploadError} says so itself; other errors are retried when they look like a network
 * failure (fetch's TypeError) or carry a 5xx/429 `status`.
 *
 * @example
 * ```ts
 * isRetryableError(new TypeError('Failed to fetch')); // true
 * ```
 */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof OssUploadError) return error.retryable;
  if (error instanceof TypeError) return true;
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && (status >= 500 || status === 429);
}

/**
 * The AbortError-shaped reason of an aborted signal, as an {@link OssUploadError}.
 *
 * @example
 * ```ts
 * if (signal.aborted) throw abortError(signal);
 * ```
 */
export function abortError(signal?: AbortSignal): OssUploadError {
  return new OssUploadError('ABORTED', 'The upload was aborted', { cause: signal?.reason, retryable: false });
}

function describeThrown(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    // A thrown value with no string form (Object.create(null), a throwing toString).
    return 'a value that cannot be shown';
  }
}

/**
 * Wraps a caller callback's failure as CALLBACK_ERROR (an OssUploadError passes through).
 * `retryable` overrides the guess from the error (a notification callback's own bug never is).
 *
 * @example
 * ```ts
 * const result = await initiate(input).catch((e) => { throw callbackError('initiate', e); });
 * ```
 */
export function callbackError(name: string, error: unknown, retryable?: boolean): OssUploadError {
  if (error instanceof OssUploadError) return error;
  let status: unknown;
  let guessed = false;
  try {
    // Keep an HTTP status the callback's error carries (an app server's 404 means "no such upload").
    status = (error as { status?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
    guessed = isRetryableError(error);
  } catch {
    // A thrown object whose getters throw: no status, not retryable.
  }
  return new OssUploadError('CALLBACK_ERROR', `The ${name} callback failed: ${describeThrown(error)}`, {
    cause: error,
    status: typeof status === 'number' ? status : undefined,
    retryable: retryable ?? guessed,
  });
}
