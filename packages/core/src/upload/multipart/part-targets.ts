/**
 * Per-part presigned URLs (OSS doc "UploadPart"): asked for in as few requests as the server takes
 * (every part of a file up to 100 parts in one), ahead of need, and refreshed when they near expiry.
 */

import type { EngineContext } from '../engine-context.js';
import { OssUploadError } from '../errors.js';
import type { PlannedPart } from '../part-plan.js';
import { callCallback } from '../retry-loop.js';
import { type HeldTarget, needsRefresh, validateTarget } from '../target-slot.js';
import type { MultipartCallbacks, PartToSign, UploadRef } from './types.js';

/**
 * Parts presigned per request: the presign handler's default `multipart.maxPartsPerRequest`. A
 * server that takes fewer answers 400; the batch is then halved until it is accepted.
 */
export const PRESIGN_BATCH = 100;

/**
 * The URL of each part, asked for in batches of up to `batchSize` pending parts (one per request
 * with Content-MD5, which is signed per part), cached until it nears expiry. The next batch is
 * asked for while the parts of the current one still have `lookahead` parts to go, so no part
 * waits for its URL.
 *
 * @example
 * ```ts
 * const targets = createPartTargets(context, callbacks, ref, plan, (n) => !done.has(n), { batchSize: 100, lookahead: 8 });
 * targets.prefetch(1);
 * const { target } = await targets.get(1, undefined);
 * ```
 */
export function createPartTargets(
  context: EngineContext,
  callbacks: MultipartCallbacks,
  ref: UploadRef,
  plan: readonly PlannedPart[],
  isPending: (partNumber: number) => boolean,
  { batchSize, lookahead }: { readonly batchSize: number; readonly lookahead: number },
) {
  const cache = new Map<number, HeldTarget>();
  const inflight = new Map<number, Promise<void>>();
  let limit = Math.max(1, batchSize);
  const fresh = (held: HeldTarget | undefined): held is HeldTarget => held !== undefined && !needsRefresh(held, context.now(), context.refreshBeforeMs);
  const wanted = (n: number): boolean => isPending(n) && !inflight.has(n) && !fresh(cache.get(n));
  const sizeOf = (n: number): number => (plan[n - 1] as PlannedPart).size;

  const request = async (batch: PartToSign[]): Promise<void> => {
    for (;;) {
      try {
        const targets = await callCallback(context, 'presignParts', (ctx) =>
          callbacks.presignParts({ ...ref, parts: batch, partNumbers: batch.map((part) => part.partNumber) }, ctx),
        );
        const fetchedAt = context.now();
        for (const target of targets) {
          if (!Number.isInteger(target?.partNumber)) throw new OssUploadError('CALLBACK_ERROR', 'presignParts returned a target without partNumber');
          cache.set(target.partNumber, { target: validateTarget(target), fetchedAt });
        }
        return;
      } catch (error) {
        // A server with a lower per-request limit: ask for fewer parts (the rest are asked again).
        if ((error as OssUploadError).status !== 400 || batch.length === 1) throw error;
        limit = Math.max(1, batch.length >> 1);
        batch = batch.slice(0, limit);
      }
    }
  };
  /** Asks for `first` and the pending parts after it (without Content-MD5). */
  const fetchFrom = (first: PartToSign): Promise<void> => {
    const batch: PartToSign[] = [first];
    if (first.contentMd5 === undefined) {
      for (let n = first.partNumber + 1; n <= plan.length && batch.length < limit; n++) if (wanted(n)) batch.push({ partNumber: n, size: sizeOf(n) });
    }
    const running = request(batch);
    for (const part of batch) inflight.set(part.partNumber, running);
    const settle = (): void => {
      for (const part of batch) inflight.delete(part.partNumber);
    };
    void running.then(settle, settle);
    return running;
  };
  const prefetch = (from: number): void => {
    for (let n = from; n <= Math.min(plan.length, from + lookahead); n++) {
      if (wanted(n)) {
        // Best effort: a failure here is met again, and reported, by the part's own get().
        fetchFrom({ partNumber: n, size: sizeOf(n) }).catch(() => undefined);
        return;
      }
    }
  };
  return {
    /** Starts asking for the URLs of the parts from `from` on, without waiting (not with Content-MD5). */
    prefetch,
    async get(partNumber: number, contentMd5: string | undefined): Promise<HeldTarget> {
      for (let round = 0; round < 3; round++) {
        const held = cache.get(partNumber);
        if (fresh(held)) {
          // Parts signed with Content-MD5 are asked for one at a time, never ahead.
          if (contentMd5 === undefined) prefetch(partNumber + 1);
          return held;
        }
        // A request already asking for it (a failed one is met again by the next round's own), or
        // a new one (with Content-MD5 each part is signed alone, once its MD5 is known).
        await (inflight.get(partNumber)?.catch(() => undefined) ?? fetchFrom({ partNumber, size: sizeOf(partNumber), contentMd5 }));
      }
      const held = cache.get(partNumber);
      if (!held) throw new OssUploadError('CALLBACK_ERROR', `presignParts did not return a URL for part ${partNumber}`, { retryable: false });
      return held;
    },
    invalidate(partNumber: number): boolean {
      cache.delete(partNumber);
      return true;
    },
  };
}
