/**
 * The machinery shared by the single PUT and the multipart parts: one request to a presigned URL
 * with exactly the signed headers, the CRC computed while the bytes go out, the retry loop, URL
 * refresh on expiry, and the SignatureDoesNotMatch diagnosis.
 */

import { type Crc64, createCrc64 } from '../integrity/crc64.js';
import type { BodyPayload } from './body.js';
import { parseDateTime } from '../oss/date-time.js';
import { OssUploadError, abortError, callbackError, errorFromResponse } from './errors.js';
import { type SignatureDiagnosisInput, diagnoseSignatureMismatch } from './hint.js';
import type { Md5Factory } from './md5.js';
import {
  type ResolvedRetryOptions,
  type RetryEvent,
  type Sleep,
  abortableSleep,
  backoffDelay,
  resolveRetryOptions,
  shouldRetry,
} from './retry.js';
import type { Transport, TransportResponse } from './transport.js';
import type { CallbackContext, CommonUploadOptions, PresignedTarget, TargetProvider, TargetRequest } from './types.js';

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
  readonly md5: Md5Factory | undefined;
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
      const error = raw instanceof OssUploadError ? raw : callbackError(scope.operation, raw);
      if (error.partNumber === undefined) error.partNumber = scope.partNumber;
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
      error.attempts = attempt;
      throw error;
    }
  }
}

/**
 * Calls a caller callback with the engine's signal, retrying it when it fails retryably (a
 * network error, a 5xx): the signing calls are retried too (Uppy #3190).
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
      throw callbackError(name, error);
    }
  });
}

/** A target plus when it was obtained (for the clock-skew diagnosis). */
export interface HeldTarget {
  readonly target: PresignedTarget;
  readonly fetchedAt: number | undefined;
}

/**
 * When a target expires, in ms since epoch, or undefined when it does not say.
 *
 * @example
 * ```ts
 * expirationOf({ url, expiration: '2026-01-01T00:00:00Z' }); // 1767225600000
 * ```
 */
export function expirationOf(target: PresignedTarget): number | undefined {
  const value = target.expiration;
  if (value !== undefined) {
    const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  // Fall back to the URL itself: x-oss-date + x-oss-expires.
  const signedAt = parseDateTime(/[?&]x-oss-date=([^&#]*)/.exec(target.url)?.[1] ?? '');
  const expires = /[?&]x-oss-expires=(\d+)/.exec(target.url);
  if (!signedAt || !expires) return undefined;
  return signedAt.getTime() + Number(expires[1]) * 1000;
}

/**
 * Whether a held target should be replaced before use: it expires within `refreshBeforeMs`, or
 * within half its lifetime for short-lived URLs (so a 20 s URL is not refetched forever).
 *
 * @example
 * ```ts
 * needsRefresh({ target, fetchedAt: now - 1000 }, now, 30_000);
 * ```
 */
export function needsRefresh(held: HeldTarget, now: number, refreshBeforeMs: number): boolean {
  const expiresAt = expirationOf(held.target);
  if (expiresAt === undefined) return false;
  const lifetime = held.fetchedAt === undefined ? Number.POSITIVE_INFINITY : expiresAt - held.fetchedAt;
  return expiresAt - now <= Math.min(refreshBeforeMs, lifetime / 2);
}

/** Holds the target of one request (the single PUT), refreshing it through a target function. */
export interface TargetSlot {
  get(): Promise<HeldTarget>;
  /** Marks the current target expired; false when it cannot be refreshed (a fixed target). */
  invalidate(): boolean;
}

/**
 * A {@link TargetSlot} over a fixed target or a target function. The function is called for the
 * first URL, again when the URL expires within `refreshBeforeMs`, and after an "expired" answer.
 *
 * @example
 * ```ts
 * const slot = createTargetSlot(context, options.target, { size, reason: 'initial' });
 * const { target } = await slot.get();
 * ```
 */
export function createTargetSlot(context: EngineContext, provider: TargetProvider, request: Omit<TargetRequest, 'reason'>): TargetSlot {
  if (typeof provider !== 'function') {
    return { get: async () => ({ target: validateTarget(provider), fetchedAt: undefined }), invalidate: () => false };
  }
  let held: HeldTarget | undefined;
  let nextReason: TargetRequest['reason'] = 'initial';
  return {
    async get() {
      if (held && !needsRefresh(held, context.now(), context.refreshBeforeMs)) return held;
      const reason = held ? 'expiring' : nextReason;
      const target = await callCallback(context, 'target', (ctx) => provider({ ...request, reason }, ctx));
      held = { target: validateTarget(target), fetchedAt: context.now() };
      return held;
    },
    invalidate() {
      held = undefined;
      nextReason = 'expired';
      return true;
    },
  };
}

/**
 * Checks a target's shape (it may come from JSON), throwing INVALID_OPTIONS with what is wrong.
 *
 * @example
 * ```ts
 * validateTarget(await response.json());
 * ```
 */
export function validateTarget(target: PresignedTarget): PresignedTarget {
  if (!target || typeof target.url !== 'string' || !/^https?:\/\//i.test(target.url)) {
    throw new OssUploadError('INVALID_OPTIONS', 'A target needs an http(s) `url` (a presign result: { method, url, signedHeaders, expiration })');
  }
  for (const [name, value] of Object.entries(target.signedHeaders ?? {})) {
    if (typeof value !== 'string') throw new OssUploadError('INVALID_OPTIONS', `signedHeaders["${name}"] must be a string`);
  }
  return target;
}

/**
 * The headers to send: the signed headers, exactly, minus Content-Length (the transport sets it
 * from the body). Nothing else OSS would sign is added, or the signature breaks.
 *
 * @example
 * ```ts
 * requestHeaders({ url, signedHeaders: { 'Content-Type': 'image/png' } }); // { 'Content-Type': 'image/png' }
 * ```
 */
export function requestHeaders(target: PresignedTarget): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.signedHeaders ?? {})) {
    if (name.toLowerCase() !== 'content-length') headers[name] = value;
  }
  return headers;
}

/**
 * CRC-64 of a payload, read on its own (browser transports send Blobs natively, so the bytes are
 * read alongside the upload).
 *
 * @example
 * ```ts
 * const crc = await crcOfPayload(source.slice(0, size));
 * ```
 */
export async function crcOfPayload(payload: BodyPayload): Promise<bigint> {
  const crc = createCrc64();
  for await (const chunk of payload.open()) crc.update(chunk);
  return crc.digest();
}

/**
 * Base64 MD5 of a payload.
 *
 * @example
 * ```ts
 * const md5 = await md5OfPayload(payload, createMd5);
 * ```
 */
export async function md5OfPayload(payload: BodyPayload, factory: Md5Factory): Promise<string> {
  const digest = factory();
  for await (const chunk of payload.open()) digest.update(chunk);
  return digest.digestBase64();
}

export interface SendOnceInput {
  readonly held: HeldTarget;
  readonly payload: BodyPayload;
  readonly partNumber?: number | undefined;
  /** The payload's CRC when already known (a previous attempt, a buffered part). */
  readonly knownCrc?: bigint | undefined;
  readonly onSent: (loaded: number) => void;
  /** The ETag must be present (multipart parts: Complete needs it). */
  readonly requireEtag: boolean;
}

export interface SendOnceResult {
  readonly response: TransportResponse;
  readonly etag: string;
  /** CRC of the bytes sent, when computed. */
  readonly crc64: bigint | undefined;
  readonly serverCrc64: string | undefined;
  readonly verified: boolean;
}

const HINTED = new Set(['SIGNATURE_MISMATCH', 'URL_EXPIRED', 'CLOCK_SKEW']);

/**
 * Adds the plain-language diagnosis to a signing-related error (SignatureDoesNotMatch, expired,
 * not yet valid, wrong region); other errors are left alone.
 *
 * @example
 * ```ts
 * attachHint(error, { target, sent: { url, headers }, responseHeaders, now: Date.now() });
 * ```
 */
export function attachHint(error: OssUploadError, input: Omit<SignatureDiagnosisInput, 'oss'>): OssUploadError {
  const regionEc = error.oss?.ec === '0002-00000226' || error.oss?.ec === '0002-00000228';
  if (!HINTED.has(error.code) && !regionEc) return error;
  const diagnosis = diagnoseSignatureMismatch({ ...input, oss: error.oss });
  error.hint = diagnosis.hint;
  error.hintCause = diagnosis.cause;
  error.message = `${error.message}\nHint: ${diagnosis.hint}`;
  return error;
}

/**
 * One attempt of one upload request: sends the payload with the signed headers, computes the
 * CRC while sending, classifies the answer and verifies the CRC against x-oss-hash-crc64ecma.
 *
 * @example
 * ```ts
 * const result = await sendOnce(context, { held, payload, onSent, requireEtag: false });
 * ```
 */
export async function sendOnce(context: EngineContext, input: SendOnceInput): Promise<SendOnceResult> {
  const { target } = input.held;
  const headers = requestHeaders(target);
  const signedLength = Object.entries(target.signedHeaders ?? {}).find(([name]) => name.toLowerCase() === 'content-length')?.[1];
  if (signedLength !== undefined && Number(signedLength) !== input.payload.size) {
    // The transport sets Content-Length from the body; a different signed value can only fail.
    throw new OssUploadError('INVALID_BODY', `The URL was signed for Content-Length ${signedLength}, but the body has ${input.payload.size} bytes`, {
      partNumber: input.partNumber,
      retryable: false,
    });
  }
  const wantCrc = context.crc64 !== 'off' && input.knownCrc === undefined;
  let streaming: Crc64 | undefined;
  let alongside: Promise<bigint> | undefined;
  if (wantCrc && context.transport.streamsBody) streaming = createCrc64();
  else if (wantCrc) {
    alongside = crcOfPayload(input.payload);
    alongside.catch(() => undefined);
  }
  const url = target.url;
  const method = target.method ?? 'PUT';
  const response = await context.transport.send({
    method,
    url,
    headers,
    body: input.payload,
    signal: context.signal,
    onUploadProgress: input.onSent,
    onBodyChunk: streaming ? (chunk) => streaming?.update(chunk) : undefined,
  });
  if (response.status < 200 || response.status >= 300 || response.status === 203) {
    const error = errorFromResponse(response.status, response.body, response.headers);
    error.partNumber = input.partNumber;
    attachHint(error, { target, sent: { url, headers }, responseHeaders: response.headers, now: context.now(), targetFetchedAt: input.held.fetchedAt });
    throw error;
  }
  const etag = response.headers.etag ?? '';
  if (!etag && input.requireEtag) {
    throw new OssUploadError('ETAG_MISSING', `Part ${input.partNumber} was stored but its ETag is not readable`, {
      status: response.status,
      requestId: response.headers['x-oss-request-id'],
      partNumber: input.partNumber,
      retryable: false,
      hint: 'In a browser, the bucket CORS rule must list ETag (and x-oss-hash-crc64ecma) in ExposeHeaders, or CompleteMultipartUpload cannot be called.',
    });
  }
  const crc64 = input.knownCrc ?? streaming?.digest() ?? (alongside ? await alongside : undefined);
  const serverCrc64 = response.headers['x-oss-hash-crc64ecma'];
  let verified = false;
  if (context.crc64 !== 'off') {
    if (serverCrc64 === undefined) {
      if (context.crc64 === 'require') {
        throw new OssUploadError('CHECKSUM_MISSING', 'OSS did not report x-oss-hash-crc64ecma, and integrity.crc64 is "require"', {
          status: response.status,
          partNumber: input.partNumber,
          retryable: false,
          hint: 'In a browser, add x-oss-hash-crc64ecma to the bucket CORS rule\'s ExposeHeaders.',
        });
      }
    } else if (crc64 !== undefined) {
      if (BigInt(serverCrc64) !== crc64) {
        throw new OssUploadError(
          'CHECKSUM_MISMATCH',
          `CRC-64 mismatch${input.partNumber ? ` on part ${input.partNumber}` : ''}: sent ${crc64}, OSS stored ${serverCrc64}`,
          { status: response.status, partNumber: input.partNumber, requestId: response.headers['x-oss-request-id'], retryable: true },
        );
      }
      verified = true;
    }
  }
  return { response, etag, crc64, serverCrc64, verified };
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
