/** The uploader store's options, and their one-time validation. */

import type { PresignClient, PresignClientOptions } from '../../protocol/presign-client.js';
import { OssUploadError } from '../errors.js';
import { CRC64_MODES, MAX_CONCURRENCY, MAX_PART_SIZE, MIN_PART_SIZE } from '../defaults.js';
import type { ResumeStore } from '../resume-store.js';
import { type RetryOptions, resolveRetryOptions } from '../retry-options.js';
import type { Transport } from '../transport.js';
import type { PresignedTarget } from '../types.js';

/**
 * The presign calls the store makes: what `createPresignClient` returns, or any object with the
 * same methods (a CLI passes one that signs locally with a presigner).
 */
export interface UploaderClient {
  /**
   * Like the presign client's `target`; the target may also be a bare URL (no `signedHeaders`, as
   * for a URL the user pasted), and its `key`, when given, is the object key shown in the result.
   */
  readonly target: (
    file?: Parameters<PresignClient['target']>[0],
  ) => (
    request: Parameters<ReturnType<PresignClient['target']>>[0],
    options?: Parameters<ReturnType<PresignClient['target']>>[1],
  ) => Promise<PresignedTarget & { readonly key?: string | undefined }>;
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
export interface SelectedFile {
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
  /** Files larger than this go multipart, in bytes. Default: the served policy's, else 100 MiB. */
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
  /**
   * CRC-64 check against OSS: `verify`, `require` or `off`. Default: `verify`, except for a Blob or
   * File in a browser (`off`: the check would read the file a second time, at about half the
   * throughput); pass `verify` to check those too.
   */
  readonly crc64?: 'verify' | 'require' | 'off' | undefined;
  /** The transport for requests to OSS. Default: XHR in browsers, fetch elsewhere; node:http in the Node entry. */
  readonly transport?: Transport | undefined;
  /**
   * Checks a file before anything is presigned: return (or resolve) a message, or throw, to refuse
   * it (the file ends in `error` with code INVALID_BODY); return undefined to accept it.
   */
  readonly validate?: ((file: SelectedFile) => string | undefined | Promise<string | undefined>) | undefined;
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

const fail = (message: string): never => {
  throw new OssUploadError('INVALID_OPTIONS', `createUploader: ${message}`);
};

function wholeNumber(options: CreateUploaderOptions, name: 'multipartThreshold' | 'partSize' | 'concurrency' | 'fileConcurrency', min: number, max: number): void {
  const value = options[name];
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= min && value <= max)) fail(`${name} must be a whole number within ${min}..${max}; got ${value}`);
}

function oneOf(name: string, value: unknown, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) fail(`\`${name}\` must be one of ${allowed.join(', ')}`);
}

function isFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') fail(`\`${name}\` must be a function`);
}

/**
 * Checks the options once, when the store is created, throwing INVALID_OPTIONS with what is wrong.
 *
 * @example
 * ```ts
 * validateUploaderOptions({ endpoint: '/api/oss', concurrency: 0 }); // throws: concurrency must be a whole number within 1..64
 * ```
 */
export function validateUploaderOptions(options: CreateUploaderOptions): void {
  if (!options || typeof options !== 'object') fail('pass { endpoint } or { client }');
  const { endpoint, client, headers } = options;
  if ((endpoint === undefined) === (client === undefined)) fail('pass exactly one of `endpoint` and `client`');
  if (endpoint !== undefined && (typeof endpoint !== 'string' || endpoint.trim() === '')) fail('`endpoint` must be a non-empty string');
  if (client !== undefined) {
    const missing = CLIENT_METHODS.filter((name) => typeof (client as unknown as Record<string, unknown>)?.[name] !== 'function');
    if (missing.length > 0) fail(`\`client\` lacks ${missing.join(', ')}`);
    isFunction('client.listParts', client.listParts);
    if (headers !== undefined || options.credentials !== undefined || options.fetch !== undefined) {
      fail('`headers`, `credentials` and `fetch` go with `endpoint`, not `client`');
    }
  }
  if (headers !== undefined && typeof headers !== 'function' && (typeof headers !== 'object' || headers === null)) fail('`headers` must be an object or a function');
  oneOf('credentials', options.credentials, ['omit', 'same-origin', 'include']);
  oneOf('crc64', options.crc64, CRC64_MODES);
  wholeNumber(options, 'multipartThreshold', 0, Number.MAX_SAFE_INTEGER);
  wholeNumber(options, 'partSize', MIN_PART_SIZE, MAX_PART_SIZE);
  wholeNumber(options, 'concurrency', 1, MAX_CONCURRENCY);
  wholeNumber(options, 'fileConcurrency', 1, MAX_CONCURRENCY);
  if (options.retry !== undefined) resolveRetryOptions(options.retry);
  const resume = options.resume;
  if (resume !== undefined && !(['get', 'set', 'delete'] as const).every((name) => typeof resume?.[name] === 'function')) {
    fail('`resume` must be a resume store ({ get, set, delete })');
  }
  if (options.transport !== undefined) isFunction('transport.send', options.transport?.send ?? null);
  for (const name of ['fetch', 'validate', 'now'] as const) isFunction(name, options[name]);
  if (options.policy !== undefined && typeof options.policy !== 'boolean') fail('`policy` must be true or false');
  if (client?.config !== undefined) isFunction('client.config', client.config);
}
