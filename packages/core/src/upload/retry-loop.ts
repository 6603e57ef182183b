/**
 * The retry loop around one request or one caller callback: backoff with jitter for retryable
 * failures, an immediate fresh URL for an expired one, and a complete error (with the part and the
 * attempts made) when it gives up.
 */

import { type EngineContext, stoppedError } from './engine-context.js';
import { OssUploadError } from './errors.js';
import { callbackFailure } from './presign-failure.js';
import { backoffDelay, shouldRetry } from './retry.js';
import type { CallbackContext } from './types.js';

/**
 * The same failure with what the retry loop knows added (the part, the attempts made): a new,
 * complete error, so no error is changed after it was thrown. The message is kept as it is.
 *
 * @example
 * ```ts
 * throw withDetails(error, { partNumber: 3, attempts: 6 });
 * ```
 */
export function withDetails(error: OssUploadError, extra: { readonly partNumber?: number | undefined; readonly attempts?: number | undefined }): OssUploadError {
  const copy = new OssUploadError(error.code, error.message, {
    status: error.status,
    oss: error.oss,
    requestId: error.requestId,
    retryable: error.retryable,
    partNumber: error.partNumber ?? extra.partNumber,
    hint: error.hint,
    hintCause: error.hintCause,
    attempts: extra.attempts ?? error.attempts,
    cause: error.cause,
  });
  copy.stack = error.stack;
  return copy;
}

export interface RetryScope {
  /** 'request' or the callback's name, for RetryEvent and error messages. */
  readonly operation: string;
  readonly partNumber?: number | undefined;
  /** False when the request cannot be repeated (a one-shot stream already read). */
  readonly canRetry?: (() => boolean) | undefined;
  /** Asks for a fresh target; returns false when the target cannot be refreshed. */
  readonly refresh?: (() => boolean) | undefined;
}

/**
 * Runs `run` until it succeeds, retrying retryable failures with backoff and jitter. An expired URL
 * is refreshed and retried at once (twice at most); other 4xx fail at once.
 *
 * @example
 * ```ts
 * const result = await withRetry(context, { operation: 'complete' }, () => complete(input, { signal }));
 * ```
 */
export async function withRetry<T>(context: EngineContext, scope: RetryScope, run: () => Promise<T>): Promise<T> {
  let attempt = 1;
  let refreshes = 0;
  for (;;) {
    if (context.signal.aborted) throw stoppedError(context);
    try {
      return await run();
    } catch (raw) {
      if (context.signal.aborted) throw stoppedError(context);
      const caught = raw instanceof OssUploadError ? raw : callbackFailure(scope.operation, raw);
      // A callback's error (presignParts for a part) learns its part here, as a new error.
      const error = caught.partNumber === undefined && scope.partNumber !== undefined ? withDetails(caught, { partNumber: scope.partNumber }) : caught;
      if (error.code === 'URL_EXPIRED' && refreshes < 2 && (scope.canRetry?.() ?? true) && scope.refresh?.()) {
        // A fresh URL, at once: waiting cannot make an expired URL valid.
        refreshes++;
        context.stats.retries++;
        context.onRetry?.({ attempt: attempt + refreshes, delayMs: 0, error, partNumber: scope.partNumber, operation: scope.operation });
        continue;
      }
      if (shouldRetry(error, attempt, context.retry) && (scope.canRetry?.() ?? true)) {
        if (error.code === 'CLOCK_SKEW') scope.refresh?.();
        const delayMs = backoffDelay(attempt - 1, context.retry, context.random);
        context.stats.retries++;
        context.onRetry?.({ attempt: attempt + 1, delayMs, error, partNumber: scope.partNumber, operation: scope.operation });
        await context.sleep(delayMs, context.signal).catch(() => {
          throw stoppedError(context);
        });
        attempt++;
        continue;
      }
      throw withDetails(error, { attempts: attempt });
    }
  }
}

/**
 * Calls a caller callback with the engine's signal, retrying it when it fails retryably (a
 * network error, a 5xx): the signing calls are retried too, since an app server's hiccup is as
 * transient as OSS's. A failure is CALLBACK_ERROR, or PRESIGN_FAILED from the built-in presign
 * client (./presign-failure.ts).
 *
 * @example
 * ```ts
 * const { uploadId } = await callCallback(context, 'initiate', (ctx) => callbacks.initiate(input, ctx));
 * ```
 */
export function callCallback<T>(context: EngineContext, name: string, run: (ctx: CallbackContext) => Promise<T>): Promise<T> {
  return withRetry(context, { operation: name }, async () => {
    try {
      return await run({ signal: context.signal });
    } catch (error) {
      throw callbackFailure(name, error);
    }
  });
}

