/**
 * What a failed OSS answer means, decided once for the server's OSS client and the uploader. Each
 * layer turns the {@link OssFailureKind} into its own error code (OssPresignError's for the server,
 * OssUploadError's for the uploader); the reading of OSS's codes, EC values and statuses lives here.
 * Browser-safe.
 */

import { type OssErrorDetails, parseOssErrorXml } from './error-xml.js';

/** The meaning of a non-2xx (or 203) OSS answer. */
export type OssFailureKind =
  /** 203 CallbackFailed: the object is stored, the app's upload callback failed (doc "Callback"). */
  | 'callback-failed'
  /** 403 SignatureDoesNotMatch. */
  | 'signature-mismatch'
  /** 403 RequestTimeTooSkewed: the request's clock is off by more than 15 minutes; worth a retry. */
  | 'clock-skew'
  /** 403 with EC 0002-00000235: a presigned URL signed in the future. */
  | 'not-yet-valid'
  /** 403 with EC 0002-00000236 or "Request has expired": the URL outlived x-oss-date + x-oss-expires. */
  | 'url-expired'
  /** 400 InvalidDigest: Content-MD5 differs from the body. */
  | 'bad-digest'
  /** 404 NoSuchUpload: the multipart upload was aborted, completed or never existed. */
  | 'no-such-upload'
  /** 400 InvalidPart, InvalidPartOrder, EntityTooSmall, MalformedXML: the Complete list is wrong. */
  | 'invalid-part'
  /** 409 FileAlreadyExists: x-oss-forbid-overwrite and the key is taken. */
  | 'object-exists'
  /** Any other 403. */
  | 'access-denied'
  /** Any other 404 (NoSuchBucket, NoSuchKey). */
  | 'not-found'
  /** 429. */
  | 'throttled'
  /** 5xx. */
  | 'server-error'
  /** Anything else. */
  | 'other';

/** A failed OSS answer, read. */
export interface OssFailure {
  readonly kind: OssFailureKind;
  readonly status: number;
  /** OSS's Code (from the XML, or the x-oss-err-code header when the body is empty, as for HEAD). */
  readonly ossCode: string | undefined;
  readonly ec: string | undefined;
  readonly requestId: string | undefined;
  /** The parsed `<Error>` document, when there was one. */
  readonly details: OssErrorDetails | undefined;
}

// EC values that decide a classification the Code alone cannot (doc "Error responses", EC codes).
const EC_URL_EXPIRED = '0002-00000236';
const EC_URL_NOT_YET_VALID = '0002-00000235';

const KIND_BY_CODE: Readonly<Record<string, OssFailureKind>> = {
  CallbackFailed: 'callback-failed',
  SignatureDoesNotMatch: 'signature-mismatch',
  RequestTimeTooSkewed: 'clock-skew',
  InvalidDigest: 'bad-digest',
  NoSuchUpload: 'no-such-upload',
  InvalidPart: 'invalid-part',
  InvalidPartOrder: 'invalid-part',
  EntityTooSmall: 'invalid-part',
  MalformedXML: 'invalid-part',
  FileAlreadyExists: 'object-exists',
};

/**
 * Reads a failed OSS answer: its `<Error>` XML (or the x-oss-err-code / x-oss-ec / x-oss-request-id
 * headers when there is no body) and what it means.
 *
 * @example
 * ```ts
 * readOssFailure(404, '<Error><Code>NoSuchUpload</Code></Error>').kind; // 'no-such-upload'
 * ```
 */
export function readOssFailure(status: number, body: string, headers: Readonly<Record<string, string | undefined>> = {}): OssFailure {
  const details = parseOssErrorXml(body);
  const ossCode = details?.code ?? headers['x-oss-err-code'];
  const ec = details?.ec ?? headers['x-oss-ec'];
  const requestId = details?.requestId ?? headers['x-oss-request-id'];
  return { kind: kindOf(status, ossCode, ec, details?.message), status, ossCode, ec, requestId, details };
}

function kindOf(status: number, ossCode: string | undefined, ec: string | undefined, message: string | undefined): OssFailureKind {
  if (status === 203) return 'callback-failed';
  const byCode = ossCode === undefined ? undefined : KIND_BY_CODE[ossCode];
  if (byCode === 'signature-mismatch' || byCode === 'clock-skew') return byCode;
  if (ec === EC_URL_NOT_YET_VALID) return 'not-yet-valid';
  if (ec === EC_URL_EXPIRED || (status === 403 && /expired/i.test(message ?? ''))) return 'url-expired';
  if (byCode) return byCode;
  if (status === 403) return 'access-denied';
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server-error';
  return 'other';
}
