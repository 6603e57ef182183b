/**
 * The state one upload call shares between its requests: transport, clock, retry policy, and the
 * signal that stops everything (the caller's abort, or a part that failed for good).
 */

import { OssUploadError, abortError } from './errors.js';
import type { Md5Factory } from './md5.js';
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
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
  readonly crc64: 'verify' | 'require' | 'off';
  readonly md5: Md5Factory | true | undefined;
  readonly refreshBeforeMs: number;
  readonly stats: { retries: number };
  readonly dispose: () => void;
}

/**
 * Builds the engine context from the caller's options and the entry's default transport.
 *
 * @example
 * ```ts
 * const context = createEngineContext(options, defaultWebTransport);
 * ```
 */
export function createEngineContext(options: CommonUploadOptions, defaultTransport: () => Transport): EngineContext {
  const controller = new AbortController();
  const userSignal = options.signal;
  const onUserAbort = (): void => controller.abort(userSignal?.reason);
  if (userSignal?.aborted) controller.abort(userSignal.reason);
  else userSignal?.addEventListener('abort', onUserAbort, { once: true });
  const refreshBeforeMs = options.refreshBeforeMs ?? 30_000;
  if (!(refreshBeforeMs >= 0)) throw new OssUploadError('INVALID_OPTIONS', 'refreshBeforeMs must be >= 0');
  return {
    transport: options.transport ?? defaultTransport(),
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? abortableSleep,
    retry: resolveRetryOptions(options.retry),
    signal: controller.signal,
    userSignal,
    stop: (reason) => controller.abort(reason),
    onRetry: options.onRetry,
    crc64: options.integrity?.crc64 ?? 'verify',
    md5: options.integrity?.contentMd5,
    refreshBeforeMs,
    stats: { retries: 0 },
    dispose: () => userSignal?.removeEventListener('abort', onUserAbort),
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
