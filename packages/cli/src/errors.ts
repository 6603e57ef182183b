/**
 * The CLI's one error class and the one table that maps its codes to exit codes. Every failure the
 * commands meet (core's OssPresignError and OssUploadError, commander's usage errors, Node's file
 * and socket errors) is classified here into a CliError, so each exit code has one meaning.
 */

import { OssPresignError } from '@oss-presign/core';
import { OssUploadError } from '@oss-presign/core/upload/node';

/** What went wrong, as a script calling the CLI needs to tell it apart. */
export type CliErrorCode =
  /** A bug or something unforeseen. */
  | 'INTERNAL'
  /** Bad flags or arguments, a missing region or bucket, a malformed oss:// URL or duration. */
  | 'USAGE'
  /** No credentials, or OSS (or the presign endpoint) refused them: signature, expiry, access denied, clock. */
  | 'AUTH'
  /** OSS or the presign endpoint could not be reached, or the connection broke. */
  | 'NETWORK'
  /** OSS (or the presign endpoint) answered with an error that is not about credentials. */
  | 'REFUSED'
  /** A local file is missing, unreadable, not a file, or changed while uploading. */
  | 'LOCAL_FILE'
  /** The CRC-64 or MD5 that OSS computed differs from the bytes sent. */
  | 'INTEGRITY'
  /** Ctrl-C (SIGINT) or SIGTERM. */
  | 'INTERRUPTED';

/** The exit code of each error code; the README's table is this one. */
export const EXIT_CODES: Readonly<Record<CliErrorCode, number>> = {
  INTERNAL: 1,
  USAGE: 2,
  AUTH: 3,
  NETWORK: 4,
  REFUSED: 5,
  LOCAL_FILE: 6,
  INTEGRITY: 7,
  INTERRUPTED: 130,
};

/**
 * A failure the CLI reports: a message fit for stderr (no signature, token or secret) and a code.
 *
 * @example
 * ```ts
 * throw new CliError('USAGE', '--expires must look like 600, 10m, 2h or 7d');
 * ```
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: CliErrorCode;
  readonly exitCode: number;
  /** A second line of advice, printed after the message. */
  readonly hint: string | undefined;

  constructor(code: CliErrorCode, message: string, options: { readonly hint?: string | undefined; readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = EXIT_CODES[code];
    this.hint = options.hint;
  }
}

const UPLOAD_CODES: Readonly<Record<OssUploadError['code'], CliErrorCode | undefined>> = {
  ABORTED: 'INTERRUPTED',
  NETWORK_ERROR: 'NETWORK',
  TIMEOUT: 'NETWORK',
  SIGNATURE_MISMATCH: 'AUTH',
  URL_EXPIRED: 'AUTH',
  CLOCK_SKEW: 'AUTH',
  ACCESS_DENIED: 'AUTH',
  NOT_FOUND: 'REFUSED',
  NO_SUCH_UPLOAD: 'REFUSED',
  THROTTLED: 'REFUSED',
  SERVER_ERROR: 'REFUSED',
  HTTP_ERROR: 'REFUSED',
  OSS_CALLBACK_FAILED: 'REFUSED',
  CHECKSUM_MISMATCH: 'INTEGRITY',
  CHECKSUM_MISSING: 'INTEGRITY',
  ETAG_MISSING: 'INTEGRITY',
  INVALID_BODY: 'LOCAL_FILE',
  INVALID_OPTIONS: 'USAGE',
  // The server's policy (GET {basePath}/config) forbids the file: refused before any presign.
  CONTENT_TYPE_NOT_ALLOWED: 'REFUSED',
  FILE_TOO_LARGE: 'REFUSED',
  FILE_TOO_SMALL: 'REFUSED',
  // The app's presign endpoint (--endpoint) refused or failed, or a presign callback failed:
  // classified by the cause below (UNAUTHORIZED/FORBIDDEN auth, CONTENT_TYPE_NOT_ALLOWED refused, …).
  PRESIGN_FAILED: undefined,
  CALLBACK_ERROR: undefined,
};

const PRESIGN_AUTH: ReadonlySet<string> = new Set(['MISSING_CREDENTIALS', 'CREDENTIALS_EXPIRED', 'CREDENTIALS_FETCH_FAILED', 'UNAUTHORIZED', 'FORBIDDEN']);
const PRESIGN_USAGE: ReadonlySet<string> = new Set([
  'INVALID_ARGUMENT',
  'INVALID_CONFIG',
  'INVALID_BUCKET',
  'INVALID_KEY',
  'INVALID_HEADER',
  'INVALID_EXPIRY',
  'INVALID_STORAGE_CLASS',
  'INVALID_ACL',
]);
const FILE_ERRNOS: ReadonlySet<string> = new Set(['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EPERM', 'EMFILE']);
const NETWORK_ERRNOS: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

function presignCode(error: OssPresignError): CliErrorCode {
  if (PRESIGN_AUTH.has(error.code)) return 'AUTH';
  if (PRESIGN_USAGE.has(error.code)) return 'USAGE';
  // UPSTREAM_ERROR with a cause: the presign endpoint could not be reached at all.
  if (error.code === 'UPSTREAM_ERROR' && error.cause !== undefined) return 'NETWORK';
  return 'REFUSED';
}

function withHint(error: OssUploadError): string | undefined {
  const lines = [error.hint, error.requestId ? `OSS request id: ${error.requestId}` : undefined].filter(Boolean);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/**
 * Classifies anything thrown into a CliError (a CliError passes through).
 *
 * @example
 * ```ts
 * toCliError(new OssPresignError('MISSING_CREDENTIALS', 'no key')).exitCode; // 3
 * ```
 */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof OssUploadError) {
    const code = UPLOAD_CODES[error.code];
    if (code) return new CliError(code, error.message, { hint: withHint(error), cause: error });
    const inner = error.cause === undefined ? undefined : toCliError(error.cause);
    if (inner && inner.code !== 'INTERNAL') return new CliError(inner.code, error.message, { hint: inner.hint, cause: error });
    const status = error.status;
    return new CliError(status === undefined ? 'INTERNAL' : status === 401 || status === 403 ? 'AUTH' : 'REFUSED', error.message, { cause: error });
  }
  if (error instanceof OssPresignError) return new CliError(presignCode(error), error.message, { cause: error });
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof errno === 'string' && FILE_ERRNOS.has(errno)) return new CliError('LOCAL_FILE', message, { cause: error });
  if (typeof errno === 'string' && NETWORK_ERRNOS.has(errno)) return new CliError('NETWORK', message, { cause: error });
  if (error instanceof TypeError && message === 'fetch failed') {
    const cause = (error.cause as Error | undefined)?.message;
    return new CliError('NETWORK', cause ? `${message}: ${cause}` : message, { cause: error });
  }
  return new CliError('INTERNAL', message, { cause: error });
}
