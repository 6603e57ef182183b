/** Per-part presigned URLs (OSS doc "UploadPart"), fetched in batches and refreshed when they near expiry. */

import type { EngineContext } from '../engine-context.js';
import { OssUploadError } from '../errors.js';
import type { PlannedPart } from '../part-plan.js';
import { callCallback } from '../retry-loop.js';
import { type HeldTarget, needsRefresh, validateTarget } from '../target-slot.js';
import type { MultipartCallbacks, PartToSign, UploadRef } from './types.js';

/**
 * The URL of each part, asked for in batches of `batchSize` pending parts (one per request with
 * Content-MD5, which is signed per part), cached until it nears expiry.
 *
 * @example
 * ```ts
 * const targets = createPartTargets(context, callbacks, ref, plan, (n) => !done.has(n), 8);
 * const { target } = await targets.get(1, undefined);
 * ```
 */
export function createPartTargets(
  context: EngineContext,
  callbacks: MultipartCallbacks,
  ref: UploadRef,
  plan: readonly PlannedPart[],
  isPending: (partNumber: number) => boolean,
  batchSize: number,
) {
  const cache = new Map<number, HeldTarget>();
  const inflight = new Map<number, Promise<void>>();
  const fresh = (held: HeldTarget | undefined): held is HeldTarget => held !== undefined && !needsRefresh(held, context.now(), context.refreshBeforeMs);
  return {
    async get(partNumber: number, contentMd5: string | undefined): Promise<HeldTarget> {
      for (let round = 0; round < 3; round++) {
        const held = cache.get(partNumber);
        if (fresh(held)) return held;
        const running = inflight.get(partNumber);
        if (running) {
          await running;
          continue;
        }
        const batch: PartToSign[] = [{ partNumber, size: (plan[partNumber - 1] as PlannedPart).size, contentMd5 }];
        // With Content-MD5 each part is signed alone, once its MD5 is known.
        if (contentMd5 === undefined) {
          for (let n = partNumber + 1; n <= plan.length && batch.length < batchSize; n++) {
            if (isPending(n) && !inflight.has(n) && !fresh(cache.get(n))) batch.push({ partNumber: n, size: (plan[n - 1] as PlannedPart).size });
          }
        }
        const request = callCallback(context, 'presignParts', (ctx) => callbacks.presignParts({ ...ref, parts: batch, partNumbers: batch.map((part) => part.partNumber) }, ctx)).then((targets) => {
          const fetchedAt = context.now();
          for (const target of targets) {
            if (!Number.isInteger(target?.partNumber)) throw new OssUploadError('CALLBACK_ERROR', 'presignParts returned a target without partNumber');
            cache.set(target.partNumber, { target: validateTarget(target), fetchedAt });
          }
        });
        for (const part of batch) inflight.set(part.partNumber, request);
        try {
          await request;
        } finally {
          for (const part of batch) inflight.delete(part.partNumber);
        }
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

