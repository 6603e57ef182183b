/**
 * Presigned targets held by the engine: when one expires (from `expiration`, or x-oss-date +
 * x-oss-expires in the URL), when to ask for a fresh one, and the shape check of what a caller
 * returned.
 */

import { parseDateTime } from '../oss/date-time.js';
import type { EngineContext } from './engine-context.js';
import { OssUploadError } from './errors.js';
import { callCallback } from './retry-loop.js';
import type { PresignedTarget, TargetProvider, TargetRequest } from './types.js';

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

