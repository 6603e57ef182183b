/** The uploader store's options, and their one-time validation. */

import type { PresignClient, PresignClientOptions } from '../../protocol/presign-client.js';
import { OssUploadError } from '../errors.js';
import { MAX_PART_SIZE, MIN_PART_SIZE } from '../part-plan.js';
import type { ResumeStore } from '../resume-store.js';
import { type RetryOptions, resolveRetryOptions } from '../retry.js';
import type { Transport } from '../transport.js';

/**
 * The presign calls the store makes: what `createPresignClient` returns, or any object with the
 * same methods (a CLI passes one that signs locally with a presigner).
 */
export interface UploaderClient {
  readonly target: PresignClient['target'];
  readonly initiate: PresignClient['initiate'];
  readonly presignParts: PresignClient['presignParts'];
  readonly complete: PresignClient['complete'];
  readonly abort: PresignClient['abort'];
  /** Needed only to resume (with `resume`). */
  readonly listParts?: PresignClient['listParts'] | undefined;
  /** The handler's upload policy; without it, files are not checked before presigning. */
  readonly config?: PresignClient['config'] | undefined;
}

/** What `validate` is told about a file before anything is presigned. */
export interface FileDescription {
  readonly name: string;
  /** Bytes, when known before reading (always, except a stream without a declared size). */
  readonly size: number | undefined;
  readonly contentType: string | undefined;
}

/** Options of `createUploader`. Exactly one of `endpoint` and `client`. */
export interface CreateUploaderOptions {
  /** Where the presign handler is mounted: `/api/oss` or an absolute URL. The store builds its client. */
  readonly endpoint?: string | undefined;
  /** Instead of `endpoint`: any object with the presign client's methods. */
  readonly client?: UploaderClient | undefined;
  /** With `endpoint`: extra headers for every presign call (a CSRF token), or a function giving them. */
  readonly headers?: PresignClientOptions['headers'];
  /** With `endpoint`: cookie policy of the presign calls. Default `same-origin`. */
  readonly credentials?: PresignClientOptions['credentials'];
  /** With `endpoint`: the fetch for presign calls. Default the global one. */
  readonly fetch?: typeof fetch | undefined;
  /** Files larger than this go multipart, in bytes. Default 16 MiB. */
  readonly multipartThreshold?: number | undefined;
  /** Multipart part size, in bytes (100 KiB .. 5 GiB). Default 8 MiB, grown to stay within 10,000 parts. */
  readonly partSize?: number | undefined;
  /** Parts in flight per file. Default 4. */
  readonly concurrency?: number | undefined;
  /** Files uploading at once; the others wait, `queued`. Default 3. */
  readonly fileConcurrency?: number | undefined;
  readonly retry?: RetryOptions | undefined;
  /**
   * Keep multipart progress here, so `retry(id)` (or a later upload of the same file) sends only
   * the parts OSS does not hold. An abort still removes everything.
   */
  readonly resume?: ResumeStore | undefined;
  /** CRC-64 check against OSS: `verify` (default), `require` or `off`. */
  readonly crc64?: 'verify' | 'require' | 'off' | undefined;
  /** The transport for requests to OSS. Default: XHR in browsers, fetch elsewhere; node:http in the Node entry. */
  readonly transport?: Transport | undefined;
  /**
   * Checks a file before anything is presigned: return (or resolve) a message, or throw, to refuse
   * it (the file ends in `error` with code INVALID_BODY); return undefined to accept it.
   */
  readonly validate?: ((file: FileDescription) => string | undefined | Promise<string | undefined>) | undefined;
  /**
   * Fetch the presign handler's policy (`GET {endpoint}/config`) once, refuse a file it forbids
   * before presigning (CONTENT_TYPE_NOT_ALLOWED, FILE_TOO_SMALL, FILE_TOO_LARGE), and take its
   * multipart threshold and part size where these options are not set. Default true; when the
   * policy cannot be fetched, files go on unchecked (the server checks every request anyway).
   */
  readonly policy?: boolean | undefined;
  /** Clock for `bytesPerSecond`, ms since epoch. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

const CLIENT_METHODS = ['target', 'initiate', 'presignParts', 'complete', 'abort'] as const;

function invalid(message: string): OssUploadError {
  return new OssUploadError('INVALID_OPTIONS', `createUploader: ${message}`);
}

function checkWholeNumber(name: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw invalid(`${name} must be a whole number within ${min}..${max}; got ${value}`);
}

/**
 * Checks the options once, when the store is created, throwing INVALID_OPTIONS with what is wrong.
 *
 * @example
 * ```ts
 * validateUploaderOptions({ endpoint: '/api/oss', concurrency: 0 }); // throws: concurrency must be a whole number within 1..
 * ```
 */
export function validateUploaderOptions(options: CreateUploaderOptions): void {
  if (!options || typeof options !== 'object') throw invalid('pass an options object: { endpoint: "/api/oss" } or { client }');
  const { endpoint, client } = options;
  if ((endpoint === undefined) === (client === undefined)) throw invalid('pass exactly one of `endpoint` (where the presign handler is mounted) and `client`');
  if (endpoint !== undefined && (typeof endpoint !== 'string' || endpoint.trim() === '')) throw invalid('`endpoint` must be a non-empty string, like "/api/oss"');
  if (client !== undefined) {
    const missing = CLIENT_METHODS.filter((name) => typeof (client as unknown as Record<string, unknown>)?.[name] !== 'function');
    if (missing.length > 0) throw invalid(`\`client\` lacks ${missing.join(', ')}: pass createPresignClient(...) or an object with its methods`);
    if (client.listParts !== undefined && typeof client.listParts !== 'function') throw invalid('`client.listParts` must be a function');
    if (options.headers !== undefined || options.credentials !== undefined || options.fetch !== undefined) {
      throw invalid('`headers`, `credentials` and `fetch` configure the client built from `endpoint`; with `client`, configure that client');
    }
  }
  const headers = options.headers;
  if (headers !== undefined && typeof headers !== 'function' && (typeof headers !== 'object' || headers === null)) throw invalid('`headers` must be an object or a function');
  if (options.credentials !== undefined && !['omit', 'same-origin', 'include'].includes(options.credentials)) {
    throw invalid('`credentials` must be "omit", "same-origin" or "include"');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw invalid('`fetch` must be a function');
  checkWholeNumber('multipartThreshold', options.multipartThreshold, 0);
  checkWholeNumber('partSize', options.partSize, MIN_PART_SIZE, MAX_PART_SIZE);
  checkWholeNumber('concurrency', options.concurrency, 1, 64);
  checkWholeNumber('fileConcurrency', options.fileConcurrency, 1, 64);
  if (options.retry !== undefined) resolveRetryOptions(options.retry);
  const resume = options.resume;
  if (resume !== undefined && !(['get', 'set', 'delete'] as const).every((name) => typeof resume?.[name] === 'function')) {
    throw invalid('`resume` must be a resume store ({ get, set, delete }), like createLocalStorageStore()');
  }
  if (options.crc64 !== undefined && !['verify', 'require', 'off'].includes(options.crc64)) throw invalid('`crc64` must be "verify", "require" or "off"');
  if (options.transport !== undefined && typeof options.transport?.send !== 'function') throw invalid('`transport` must have a send function');
  if (options.validate !== undefined && typeof options.validate !== 'function') throw invalid('`validate` must be a function');
  if (options.now !== undefined && typeof options.now !== 'function') throw invalid('`now` must be a function');
  if (options.policy !== undefined && typeof options.policy !== 'boolean') throw invalid('`policy` must be true or false');
  if (client?.config !== undefined && typeof client.config !== 'function') throw invalid('`client.config` must be a function');
}
