/**
 * The uploader's one error class. Every failure of `@oss-presign/core/upload` (a network error, an
 * OSS error answer, a checksum mismatch, a bad option, an abort) is an {@link OssUploadError} whose
 * `code` says what happened and whether retrying can help.
 */

import type { SignatureHintCause } from './hint.js';

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
  /** A caller-supplied callback (target, initiate, presignParts, complete, abort, listParts) failed. */
  | 'CALLBACK_ERROR';

/** The fields of an OSS `<Error>` document (oss-server.md 3.1), as strings. */
export interface OssErrorDetails {
  readonly code?: string | undefined;
  readonly message?: string | undefined;
  readonly requestId?: string | undefined;
  readonly hostId?: string | undefined;
  readonly ec?: string | undefined;
  readonly recommendDoc?: string | undefined;
  /** SignatureDoesNotMatch: the string OSS signed, built from the request it received. */
  readonly stringToSign?: string | undefined;
  /** SignatureDoesNotMatch: the canonical request OSS built from the request it received. */
  readonly canonicalRequest?: string | undefined;
  /** Present on some time-related errors. */
  readonly serverTime?: string | undefined;
}

export interface OssUploadErrorOptions {
  readonly status?: number | undefined;
  readonly oss?: OssErrorDetails | undefined;
  readonly requestId?: string | undefined;
  readonly retryable?: boolean | undefined;
  readonly partNumber?: number | undefined;
  readonly hint?: string | undefined;
  readonly hintCause?: SignatureHintCause | undefined;
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
  partNumber: number | undefined;
  /** Plain-language diagnosis (SignatureDoesNotMatch and the other signing errors). */
  hint: string | undefined;
  /** Which diagnosis `hint` is. */
  hintCause: SignatureHintCause | undefined;
  /** How many attempts were made before giving up (set by the retry loop). */
  attempts: number | undefined;

  constructor(code: OssUploadErrorCode, message: string, options: OssUploadErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.oss = options.oss;
    this.requestId = options.requestId ?? options.oss?.requestId;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.partNumber = options.partNumber;
    this.hint = options.hint;
    this.hintCause = options.hintCause;
    this.attempts = undefined;
  }
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes the five XML entities and numeric character references in element text.
 *
 * @example
 * ```ts
 * decodeXmlText('a &amp; b &#x41;'); // 'a & b A'
 * ```
 */
export function decodeXmlText(text: string): string {
  return text.replace(ENTITY, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return NAMED_ENTITIES[entity] ?? whole;
  });
}

/**
 * The text of the first `<tag>…</tag>` in `xml`, decoded, or undefined. OSS answers are flat, small,
 * machine-written documents, so a pattern per element is enough and keeps XML parsers out of the
 * browser bundle.
 *
 * @example
 * ```ts
 * xmlElementText('<R><UploadId>0004B9</UploadId></R>', 'UploadId'); // '0004B9'
 * ```
 */
export function xmlElementText(xml: string, tag: string): string | undefined {
  const open = `<${tag}>`;
  const start = xml.indexOf(open);
  if (start === -1) return xml.includes(`<${tag}/>`) ? '' : undefined;
  const end = xml.indexOf(`</${tag}>`, start + open.length);
  if (end === -1) return undefined;
  return decodeXmlText(xml.slice(start + open.length, end));
}

/**
 * Parses an OSS `<Error>` document (oss-server.md 3.1), or returns undefined when `xml` is not one.
 *
 * @example
 * ```ts
 * parseOssErrorXml('<Error><Code>NoSuchKey</Code><RequestId>5C06</RequestId></Error>');
 * // { code: 'NoSuchKey', requestId: '5C06', ... }
 * ```
 */
export function parseOssErrorXml(xml: string): OssErrorDetails | undefined {
  if (!/<Error[\s>]/.test(xml)) return undefined;
  return {
    code: xmlElementText(xml, 'Code'),
    message: xmlElementText(xml, 'Message'),
    requestId: xmlElementText(xml, 'RequestId'),
    hostId: xmlElementText(xml, 'HostId'),
    ec: xmlElementText(xml, 'EC'),
    recommendDoc: xmlElementText(xml, 'RecommendDoc'),
    stringToSign: xmlElementText(xml, 'StringToSign'),
    canonicalRequest: xmlElementText(xml, 'CanonicalRequest'),
    serverTime: xmlElementText(xml, 'ServerTime'),
  };
}

// EC values of oss-server.md 3.2 that decide a classification the Code alone cannot.
const EC_URL_EXPIRED = '0002-00000236';
const EC_URL_NOT_YET_VALID = '0002-00000235';

/**
 * Classifies a non-2xx OSS answer into an {@link OssUploadError}: retryable for 5xx, 429 and
 * RequestTimeTooSkewed, never for other 4xx (issue 4).
 *
 * @example
 * ```ts
 * const error = errorFromResponse(403, xmlBody, { 'x-oss-request-id': '5C06…' });
 * error.code; // 'SIGNATURE_MISMATCH'
 * ```
 */
export function errorFromResponse(status: number, body: string, headers: Readonly<Record<string, string>> = {}): OssUploadError {
  const oss = parseOssErrorXml(body);
  const ossCode = oss?.code ?? headers['x-oss-err-code'];
  const ec = oss?.ec ?? headers['x-oss-ec'];
  const requestId = oss?.requestId ?? headers['x-oss-request-id'];
  const what = `OSS answered ${status}${ossCode ? ` ${ossCode}` : ''}${oss?.message ? `: ${oss.message}` : ''}`;
  const base = { status, oss, requestId };
  if (status === 203) return new OssUploadError('OSS_CALLBACK_FAILED', `${what} (the object was stored; the upload callback failed)`, base);
  if (ossCode === 'SignatureDoesNotMatch') return new OssUploadError('SIGNATURE_MISMATCH', what, base);
  if (ossCode === 'RequestTimeTooSkewed') return new OssUploadError('CLOCK_SKEW', what, { ...base, retryable: true });
  if (ec === EC_URL_NOT_YET_VALID) return new OssUploadError('CLOCK_SKEW', what, { ...base, retryable: false });
  if (ec === EC_URL_EXPIRED || (status === 403 && /expired/i.test(oss?.message ?? ''))) {
    return new OssUploadError('URL_EXPIRED', what, base);
  }
  if (ossCode === 'InvalidDigest') return new OssUploadError('CHECKSUM_MISMATCH', what, base);
  if (ossCode === 'NoSuchUpload') return new OssUploadError('NO_SUCH_UPLOAD', what, base);
  if (status === 403) return new OssUploadError('ACCESS_DENIED', what, base);
  if (status === 404) return new OssUploadError('NOT_FOUND', what, base);
  if (status === 429) return new OssUploadError('THROTTLED', what, base);
  if (status >= 500) return new OssUploadError('SERVER_ERROR', what, base);
  return new OssUploadError('HTTP_ERROR', what, base);
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

/**
 * Wraps a caller callback's failure as CALLBACK_ERROR (an OssUploadError passes through).
 *
 * @example
 * ```ts
 * const result = await initiate(input).catch((e) => { throw callbackError('initiate', e); });
 * ```
 */
export function callbackError(name: string, error: unknown): OssUploadError {
  if (error instanceof OssUploadError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Keep an HTTP status the callback's error carries (an app server's 404 means "no such upload").
  const status = (error as { status?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return new OssUploadError('CALLBACK_ERROR', `The ${name} callback failed: ${message}`, {
    cause: error,
    status: typeof status === 'number' ? status : undefined,
    retryable: isRetryableError(error),
  });
}
