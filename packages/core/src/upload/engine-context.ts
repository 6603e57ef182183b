/**
 * The state one upload call shares between its requests: transport, clock, retry policy, and the
 * signal that stops everything (the caller's abort, or a part that failed for good).
 */

import type { BodySource } from './body.js';
import { checkEngineOptions } from './engine-options.js';
import { OssUploadError, abortError, callbackError } from './errors.js';
import type { Md5Factory } from './md5.js';
import type { UploadProgress } from './progress.js';
import { type RetryEvent, type Sleep, abortableSleep } from './retry.js';
import { type ResolvedRetryOptions, resolveRetryOptions } from './retry-options.js';
import type { Transport } from './transport.js';
import type { CommonUploadOptions } from './types.js';

export interface EngineContext {
  readonly transport: Transport;
  readonly now: () => number;
  readonly random: () => number;
  readonly sleep: Sleep;
  readonly retry: ResolvedRetryOptions;
  /** Fires on the caller's abort and on an internal stop (a part failed for good). */
  readonly signal: AbortSignal;
  readonly userSignal: AbortSignal | undefined;
  readonly stop: (reason?: unknown) => void;
  /** The caller's callbacks, wrapped by notifier: a throw stops the upload with CALLBACK_ERROR. */
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
  readonly onProgress: ((progress: UploadProgress) => void) | undefined;
  readonly crc64: 'verify' | 'require' | 'off';
  readonly md5: Md5Factory | true | undefined;
  readonly refreshBeforeMs: number;
  readonly stats: { retries: number };
  readonly dispose: () => void;
}

/**
 * The CRC-64 check when the caller chose none: `verify` wherever the bytes pass through JavaScript
 * on their way out (a transport that streams the body, bytes in memory, streams), where the CRC
 * costs only CPU; `off` for a Blob that a browser transport sends by itself. Checking that one
 * means reading the file a second time through the browser's Blob pipe, which in Chromium runs at
 * about the speed of the upload itself, so the check would roughly halve the throughput (see
 * `pnpm bench` in apps/express-demo). The caller turns it on with `integrity: { crc64: 'verify' }`
 * (`crc64: 'verify'` for createUploader).
 *
 * @example
 * ```ts
 * defaultCrc64(defaultWebTransport(), blobSource(file)); // 'off'
 * ```
 */
export function defaultCrc64(transport: Transport, source: BodySource): 'verify' | 'off' {
  return source.kind === 'random' && source.blob !== undefined && !transport.streamsBody ? 'off' : 'verify';
}

/**
 * Checks the caller's options and returns the function that builds the engine context once the
 * body is open (the body decides the default CRC-64 check, see defaultCrc64). Everything is checked
 * here, before the body is opened and before anything is attached to the caller's signal, so a bad
 * option leaves the caller's stream and signal as they were. Throws INVALID_OPTIONS.
 *
 * @example
 * ```ts
 * const contextFor = prepareEngineContext(options, defaultWebTransport);
 * const context = contextFor(await openSource(runtime, options.body, options.size));
 * ```
 */
export function prepareEngineContext(options: CommonUploadOptions, defaultTransport: () => Transport): (source: BodySource) => EngineContext {
  checkEngineOptions(options);
  const retry = resolveRetryOptions(options.retry);
  const crc64 = options.integrity?.crc64;
  const transport = options.transport ?? defaultTransport();
  return (source) => {
    const controller = new AbortController();
    const userSignal = options.signal;
    const onUserAbort = (): void => controller.abort(userSignal?.reason);
    if (userSignal?.aborted) controller.abort(userSignal.reason);
    else userSignal?.addEventListener('abort', onUserAbort, { once: true });
    const context = {
      transport,
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      sleep: options.sleep ?? abortableSleep,
      retry,
      signal: controller.signal,
      userSignal,
      stop: (reason?: unknown) => controller.abort(reason),
      crc64: crc64 ?? defaultCrc64(transport, source),
      md5: options.integrity?.contentMd5,
      refreshBeforeMs: options.refreshBeforeMs ?? 30_000,
      stats: { retries: 0 },
      dispose: () => userSignal?.removeEventListener('abort', onUserAbort),
    };
    return { ...context, onRetry: notifier(context, 'onRetry', options.onRetry), onProgress: notifier(context, 'onProgress', options.onProgress) };
  };
}

/**
 * Wraps a caller's notification callback (onProgress, onRetry, onPartComplete). They run inside
 * transport events, where a throw would escape as an uncaught exception and leave the upload
 * waiting forever; wrapped, a throw (or an async callback's rejection) stops the upload with
 * CALLBACK_ERROR instead, not retryable: it is the caller's own code that failed.
 *
 * @example
 * ```ts
 * const onPartComplete = notifier(context, 'onPartComplete', options.onPartComplete);
 * ```
 */
export function notifier<E>(context: Pick<EngineContext, 'signal' | 'stop'>, name: string, callback: ((event: E) => void) | undefined): ((event: E) => void) | undefined {
  if (!callback) return undefined;
  const fail = (error: unknown): void => {
    if (!context.signal.aborted) context.stop(callbackError(name, error, false));
  };
  return (event) => {
    try {
      // An async callback returns a promise: its rejection fails the upload the same way.
      const returned: unknown = callback(event);
      if (typeof (returned as PromiseLike<unknown> | null)?.then === 'function') (returned as PromiseLike<unknown>).then(undefined, fail);
    } catch (error) {
      fail(error);
    }
  };
}

/**
 * The error to throw when the context's signal fired: ABORTED for the caller's abort, or the
 * internal stop reason (the failure that stopped the other parts).
 *
 * @example
 * ```ts
 * if (context.signal.aborted) throw stoppedError(context);
 * ```
 */
export function stoppedError(context: EngineContext): OssUploadError {
  const reason: unknown = context.signal.reason;
  if (!context.userSignal?.aborted && reason instanceof OssUploadError) return reason;
  return abortError(context.userSignal ?? context.signal);
}

/**
 * After OSS stored the object: a caller callback that failed on the last progress event is
 * reported as a new CALLBACK_ERROR saying the object is stored (a late abort of the caller's is not:
 * the upload is done).
 *
 * @example
 * ```ts
 * tracker.phase('done');
 * throwIfCallbackFailedAfterStoring(context);
 * ```
 */
export function throwIfCallbackFailedAfterStoring(context: EngineContext): void {
  const reason: unknown = context.signal.reason;
  if (context.userSignal?.aborted || !(reason instanceof OssUploadError) || reason.code !== 'CALLBACK_ERROR') return;
  throw new OssUploadError('CALLBACK_ERROR', `${reason.message} (after OSS stored the object: the upload itself succeeded)`, {
    cause: reason.cause,
    retryable: false,
    hint: 'Fix the callback; the object is in the bucket, and uploading it again replaces it with the same bytes.',
  });
}

/**
 * Throws ABORTED (or the stop reason) if the engine was stopped.
 *
 * @example
 * ```ts
 * throwIfStopped(context);
 * ```
 */
export function throwIfStopped(context: EngineContext): void {
  if (context.signal.aborted) throw stoppedError(context);
}
