/**
 * The engine functions' option check (`upload`, `uploadObject`, `uploadMultipart`): run first,
 * before the body is opened, a request is sent or the caller's signal is touched, so a bad option
 * is an INVALID_OPTIONS error that leaves the caller's stream, file and signal as they were.
 * (`createUploader` checks its own options in ./store/options.ts, when the store is created.)
 */

import { isValidPartSize } from '../oss/part-size.js';
import { CRC64_MODES, MAX_CONCURRENCY, MAX_PART_SIZE, MIN_PART_SIZE } from './defaults.js';
import { OssUploadError } from './errors.js';
import type { UploadMultipartOptions } from './multipart/types.js';
import { resolveRetryOptions } from './retry-options.js';

/** Every option an engine function may be given: the multipart ones, and `upload`'s threshold. */
export type EngineOptions = Partial<Omit<UploadMultipartOptions<unknown>, 'body'>> & { readonly multipartThreshold?: number | undefined };

function fail(message: string): never {
  throw new OssUploadError('INVALID_OPTIONS', message);
}

function functionOrUndefined(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') fail(`${name} must be a function`);
}

function objectOrUndefined(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'object' || value === null)) fail(`${name} must be an object`);
}

/**
 * Throws INVALID_OPTIONS naming the first option that is wrong; returns nothing otherwise.
 *
 * @example
 * ```ts
 * checkEngineOptions({ partSize: 1024 }); // throws: partSize must be a whole number of bytes from 102400 ...
 * ```
 */
export function checkEngineOptions(options: EngineOptions): void {
  if (!options || typeof options !== 'object') fail('pass an options object');
  const { refreshBeforeMs, integrity, signal, transport, partSize, concurrency, multipartThreshold, resume } = options;
  if (refreshBeforeMs !== undefined && !(Number.isFinite(refreshBeforeMs) && refreshBeforeMs >= 0)) fail('refreshBeforeMs must be a number of milliseconds >= 0');
  resolveRetryOptions(options.retry);
  objectOrUndefined('integrity', integrity);
  if (integrity?.crc64 !== undefined && !CRC64_MODES.includes(integrity.crc64)) fail(`integrity.crc64 must be one of ${CRC64_MODES.join(', ')}`);
  if (integrity?.contentMd5 !== undefined && integrity.contentMd5 !== true && typeof integrity.contentMd5 !== 'function') {
    fail('integrity.contentMd5 must be true (the built-in MD5) or a digest factory');
  }
  const maybeSignal = signal as Partial<AbortSignal> | null | undefined;
  if (
    signal !== undefined &&
    !(typeof maybeSignal?.addEventListener === 'function' && typeof maybeSignal.removeEventListener === 'function' && typeof maybeSignal.aborted === 'boolean')
  ) {
    fail('signal must be an AbortSignal');
  }
  objectOrUndefined('transport', transport);
  if (transport !== undefined) functionOrUndefined('transport.send', transport.send ?? null);
  for (const name of ['onProgress', 'onRetry', 'onPartComplete', 'now', 'random', 'sleep'] as const) functionOrUndefined(name, options[name]);
  if (partSize !== undefined && !isValidPartSize(partSize)) {
    fail(`partSize must be a whole number of bytes from ${MIN_PART_SIZE} to ${MAX_PART_SIZE} (OSS's part limits); got ${partSize}`);
  }
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= MAX_CONCURRENCY)) {
    fail(`concurrency must be a whole number within 1..${MAX_CONCURRENCY}; got ${concurrency}`);
  }
  if (options.contentType !== undefined && typeof options.contentType !== 'string') fail('contentType must be a string');
  if (multipartThreshold !== undefined && !(Number.isSafeInteger(multipartThreshold) && multipartThreshold >= 0)) {
    fail(`multipartThreshold must be a whole number of bytes >= 0; got ${multipartThreshold}`);
  }
  objectOrUndefined('resume', resume);
  if (resume !== undefined && !(['get', 'set', 'delete'] as const).every((name) => typeof resume.store?.[name] === 'function')) {
    fail('resume.store must be a resume store ({ get, set, delete })');
  }
  if (resume?.id !== undefined && (typeof resume.id !== 'string' || resume.id === '')) fail('resume.id must be a non-empty string');
  if (resume?.keepOnAbort !== undefined && typeof resume.keepOnAbort !== 'boolean') fail('resume.keepOnAbort must be true or false');
}
