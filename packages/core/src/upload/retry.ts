/**
 * Exponential backoff with jitter. Pure: the random source and the sleep are passed in, so tests
 * assert exact schedules without waiting.
 */

import { type OssUploadError, abortError } from './errors.js';
import type { ResolvedRetryOptions } from './retry-options.js';

export type { ResolvedRetryOptions, RetryOptions } from './retry-options.js';

/**
 * The delay before retry number `retry` (0 for the first retry): min(max, base * 2^retry), jittered.
 *
 * @example
 * ```ts
 * backoffDelay(3, resolveRetryOptions({ jitter: 'none' }), Math.random); // 1600
 * backoffDelay(3, resolveRetryOptions(), () => 0.5); // 800 (full jitter, half of the 1600 cap)
 * ```
 */
export function backoffDelay(retry: number, options: ResolvedRetryOptions, random: () => number): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  if (options.jitter === 'none') return cap;
  if (options.jitter === 'equal') return Math.round(cap / 2 + random() * (cap / 2));
  return Math.round(random() * cap);
}

/**
 * Whether to retry `error` after `attempt` attempts: within budget, and retryable (or as `retryOn` says).
 *
 * @example
 * ```ts
 * shouldRetry(new OssUploadError('SERVER_ERROR', '503'), 1, resolveRetryOptions()); // true
 * ```
 */
export function shouldRetry(error: OssUploadError, attempt: number, options: ResolvedRetryOptions): boolean {
  if (error.code === 'ABORTED' || attempt > options.retries) return false;
  return options.retryOn ? options.retryOn(error, attempt) : error.retryable;
}

/** Waits `ms`, or rejects with ABORTED as soon as `signal` fires. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * A timer-based {@link Sleep} that an AbortSignal cancels.
 *
 * @example
 * ```ts
 * await abortableSleep(250, controller.signal);
 * ```
 */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Reported before each retry, so apps can log and tests can count. */
export interface RetryEvent {
  /** The attempt that is about to run (2 for the first retry). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: OssUploadError;
  /** The part being retried (multipart), or undefined for the single PUT and callbacks. */
  readonly partNumber?: number | undefined;
  /** 'request' for an upload request, or the callback name. */
  readonly operation: string;
}
