/**
 * Reading a failed OSS answer into an {@link OssUploadError}. Apart from ./errors.ts because it
 * needs the OSS error reader (oss/classify.ts, oss/error-xml.ts), which a page loads only with the
 * upload engine, not with `createUploader`.
 */

import { type OssFailure, type OssFailureKind, readOssFailure } from '../oss/classify.js';
import { type SignatureDiagnosis, type SignatureDiagnosisInput, diagnoseSignatureMismatch } from './hint.js';
import { OssUploadError, type OssUploadErrorCode } from './errors.js';

/**
 * Classifies a non-2xx OSS answer into an {@link OssUploadError}: retryable for 5xx, 429 and
 * RequestTimeTooSkewed, never for other 4xx. What the answer means is decided in oss/classify.ts.
 *
 * @example
 * ```ts
 * const error = errorFromResponse(403, xmlBody, { 'x-oss-request-id': '5C06…' });
 * error.code; // 'SIGNATURE_MISMATCH'
 * // With the diagnosis computed first (./hint.ts), the error is complete when created:
 * errorFromResponse(403, xmlBody, headers, { partNumber: 2, diagnosis });
 * ```
 */
export function errorFromResponse(
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
  extra: ErrorExtra = {},
): OssUploadError {
  return errorFromFailure(readOssFailure(status, body, headers), extra);
}

/** What the engine knows about a failed answer besides the answer itself. */
export interface ErrorExtra {
  readonly partNumber?: number | undefined;
  /** The SignatureDoesNotMatch diagnosis, computed before the error (./hint.ts). */
  readonly diagnosis?: SignatureDiagnosis | undefined;
}

/**
 * Whether a failed answer is about the signature (mismatch, expired, not yet valid, skewed clock,
 * wrong region: EC 0002-00000226/228), so the diagnosis of ./hint.ts applies.
 *
 * @example
 * ```ts
 * if (isSigningFailure(failure)) diagnosis = diagnoseSignatureMismatch({ ...sent, oss: failure.details });
 * ```
 */
export function isSigningFailure(failure: OssFailure): boolean {
  return (
    failure.kind === 'signature-mismatch' ||
    failure.kind === 'url-expired' ||
    failure.kind === 'clock-skew' ||
    failure.kind === 'not-yet-valid' ||
    failure.ec === '0002-00000226' ||
    failure.ec === '0002-00000228'
  );
}

/**
 * {@link errorFromResponse} for an answer already read (oss/classify.ts).
 *
 * @example
 * ```ts
 * const failure = readOssFailure(status, body, headers);
 * throw errorFromFailure(failure, { partNumber: 2 });
 * ```
 */
export function errorFromFailure(failure: OssFailure, extra: ErrorExtra = {}): OssUploadError {
  const status = failure.status;
  const oss = failure.details;
  const said = `OSS answered ${status}${failure.ossCode ? ` ${failure.ossCode}` : ''}${oss?.message ? `: ${oss.message}` : ''}`;
  // The diagnosis is the message's last line too, so a log of `message` alone names the cause.
  const what = extra.diagnosis ? `${said}\nHint: ${extra.diagnosis.hint}` : said;
  const base = { status, oss, requestId: failure.requestId, partNumber: extra.partNumber, hint: extra.diagnosis?.hint, hintCause: extra.diagnosis?.cause };
  if (failure.kind === 'callback-failed') return new OssUploadError('OSS_CALLBACK_FAILED', `${what} (the object was stored; the upload callback failed)`, base);
  if (failure.kind === 'clock-skew') return new OssUploadError('CLOCK_SKEW', what, { ...base, retryable: true });
  if (failure.kind === 'not-yet-valid') return new OssUploadError('CLOCK_SKEW', what, { ...base, retryable: false });
  return new OssUploadError(CODE_BY_KIND[failure.kind], what, base);
}

// How the uploader names each kind of OSS failure (clock skew and the callback are decided above).
const CODE_BY_KIND: Readonly<Record<OssFailureKind, OssUploadErrorCode>> = {
  'callback-failed': 'OSS_CALLBACK_FAILED',
  'signature-mismatch': 'SIGNATURE_MISMATCH',
  'clock-skew': 'CLOCK_SKEW',
  'not-yet-valid': 'CLOCK_SKEW',
  'url-expired': 'URL_EXPIRED',
  'bad-digest': 'CHECKSUM_MISMATCH',
  'no-such-upload': 'NO_SUCH_UPLOAD',
  'invalid-part': 'HTTP_ERROR',
  'object-exists': 'HTTP_ERROR',
  'access-denied': 'ACCESS_DENIED',
  'not-found': 'NOT_FOUND',
  throttled: 'THROTTLED',
  'server-error': 'SERVER_ERROR',
  other: 'HTTP_ERROR',
};


/**
 * The error for a failed answer to a presigned request, complete when created: for a signing
 * failure the SignatureDoesNotMatch diagnosis (./hint.ts) is computed first and passed in. The
 * diagnosis comes in the engine's chunk: a chunk of its own would cost more bytes in all (its own
 * gzip window, and the redaction and date helpers it shares split into chunks of their own) than
 * it saves the pages that never see a SignatureDoesNotMatch.
 *
 * @example
 * ```ts
 * throw await diagnosedError(response, { target, sent: { url, headers }, now: Date.now() }, 3);
 * ```
 */
export async function diagnosedError(
  response: { readonly status: number; readonly body: string; readonly headers: Readonly<Record<string, string>> },
  request: Omit<SignatureDiagnosisInput, 'oss' | 'responseHeaders'>,
  partNumber?: number,
): Promise<OssUploadError> {
  const failure = readOssFailure(response.status, response.body, response.headers);
  const diagnosis = isSigningFailure(failure)
    ? diagnoseSignatureMismatch({ ...request, oss: failure.details, responseHeaders: response.headers })
    : undefined;
  return errorFromFailure(failure, { partNumber, diagnosis });
}
