/**
 * The retry options and their check. Apart from the retry timing (./retry.ts) because
 * `createUploader` checks them when the store is created, before the engine has loaded.
 */

import { OssUploadError } from './errors.js';

export interface RetryOptions {
  /** Retries after the first attempt, per request (a part, a single PUT, a callback). Default 5. */
  readonly retries?: number;
  /** The first backoff cap, doubled each retry. Default 200 ms. */
  readonly baseDelayMs?: number;
  /** Upper bound of any one delay. Default 20 s (Go SDK v2's retryer). */
  readonly maxDelayMs?: number;
  /**
   * `full` (default, AWS "full jitter"): uniform in [0, cap]; `equal`: cap/2 plus uniform in
   * [0, cap/2]; `none`: exactly cap. Jitter keeps parallel parts from retrying in lock-step.
   */
  readonly jitter?: 'full' | 'equal' | 'none';
  /** Overrides the built-in decision (5xx, 429, network errors, RequestTimeTooSkewed). */
  readonly retryOn?: ((error: OssUploadError, attempt: number) => boolean) | undefined;
}

export interface ResolvedRetryOptions {
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: 'full' | 'equal' | 'none';
  readonly retryOn: ((error: OssUploadError, attempt: number) => boolean) | undefined;
}

/**
 * Fills in defaults and checks ranges.
 *
 * @example
 * ```ts
 * resolveRetryOptions({ retries: 2 }); // { retries: 2, baseDelayMs: 200, maxDelayMs: 20000, jitter: 'full', retryOn: undefined }
 * ```
 */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  if (typeof options !== 'object' || options === null) throw new OssUploadError('INVALID_OPTIONS', 'retry must be an object');
  const resolved = {
    retries: options.retries ?? 5,
    baseDelayMs: options.baseDelayMs ?? 200,
    maxDelayMs: options.maxDelayMs ?? 20_000,
    jitter: options.jitter ?? 'full',
    retryOn: options.retryOn,
  };
  if (!Number.isInteger(resolved.retries) || resolved.retries < 0) {
    throw new OssUploadError('INVALID_OPTIONS', `retry.retries must be a whole number >= 0; got ${options.retries}`);
  }
  if (!(Number.isFinite(resolved.baseDelayMs) && resolved.baseDelayMs >= 0) || !(Number.isFinite(resolved.maxDelayMs) && resolved.maxDelayMs >= 0)) {
    throw new OssUploadError('INVALID_OPTIONS', 'retry.baseDelayMs and retry.maxDelayMs must be finite numbers of milliseconds >= 0');
  }
  if (!['full', 'equal', 'none'].includes(resolved.jitter)) throw new OssUploadError('INVALID_OPTIONS', 'retry.jitter must be one of full, equal, none');
  if (resolved.retryOn !== undefined && typeof resolved.retryOn !== 'function') throw new OssUploadError('INVALID_OPTIONS', 'retry.retryOn must be a function');
  return resolved;
}

