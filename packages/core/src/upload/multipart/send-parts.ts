/**
 * The part workers: `concurrency` loops that take the next part from the feed, send it with its
 * own retries and presigned URL, and record it. The first part that fails for good stops the
 * others.
 */

import { type EngineContext, stoppedError, throwIfStopped } from '../engine-context.js';
import { md5OfPayload } from '../integrity.js';
import type { PlannedPart } from '../part-plan.js';
import type { ProgressTracker } from '../progress.js';
import type { ResumePart } from '../resume-store.js';
import { withRetry } from '../retry-loop.js';
import { sendOnce } from '../send-once.js';
import type { PartWork } from './part-feed.js';
import type { createPartTargets } from './part-targets.js';

export interface SendPartsInput {
  readonly plan: readonly PlannedPart[];
  readonly feed: { next(): Promise<PartWork | undefined> };
  readonly targets: ReturnType<typeof createPartTargets>;
  readonly progress: ProgressTracker;
  readonly concurrency: number;
  /** Parts already done (resumed); sent parts are added. */
  readonly done: Map<number, ResumePart>;
  /** Called once OSS accepted a part and it is in `done` (saves the resume state). */
  readonly onPart: (part: ResumePart) => Promise<void>;
}

/**
 * Sends every part the feed hands out; resolves with the part numbers sent by this call.
 *
 * @example
 * ```ts
 * const uploaded = await sendParts(context, { plan, feed, targets, progress, concurrency: 4, done, onPart });
 * ```
 */
export async function sendParts(context: EngineContext, input: SendPartsInput): Promise<number[]> {
  const { targets, progress, done } = input;
  const uploaded: number[] = [];
  const sendPart = async (work: PartWork): Promise<void> => {
    const { partNumber, size } = work.planned;
    const contentMd5 = context.md5 ? await md5OfPayload(work.payload(), context.md5) : undefined;
    const result = await withRetry(context, { operation: 'request', partNumber, refresh: () => targets.invalidate(partNumber) }, async () => {
      const held = await targets.get(partNumber, contentMd5);
      return sendOnce(context, { held, payload: work.payload(), partNumber, onSent: (loaded) => progress.sent(partNumber, loaded), requireEtag: true });
    });
    const part: ResumePart = { partNumber, etag: result.etag, size, crc64: result.crc64?.toString() };
    done.set(partNumber, part);
    uploaded.push(partNumber);
    await input.onPart(part);
  };
  const worker = async (): Promise<void> => {
    for (;;) {
      throwIfStopped(context);
      const work = await input.feed.next();
      if (!work) return;
      await sendPart(work);
    }
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.min(input.concurrency, Math.max(1, input.plan.length - done.size)) }, () =>
      worker().catch((error: unknown) => {
        // One part failed for good: stop the others (they reject with this error).
        context.stop(error);
        throw error;
      }),
    ),
  );
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw context.signal.aborted ? stoppedError(context) : failure.reason;
  return uploaded;
}
