/**
 * The part scheduler: keeps `concurrency` UploadPart requests in flight, taking parts from the feed
 * in order. A request slot is held only while a request is on the wire: once OSS answers, the next
 * part starts, and the part's CRC (read alongside in a browser, in a worker) is checked against
 * OSS's when both are known. A part counts as done, and is saved for resume, only once checked.
 * The first part that fails for good stops the others.
 */

import { type EngineContext, stoppedError, throwIfStopped } from '../engine-context.js';
import { md5OfPayload } from '../integrity.js';
import type { PlannedPart } from '../part-plan.js';
import type { ProgressTracker } from '../progress.js';
import type { ResumePart } from '../resume-store.js';
import { withRetry } from '../retry-loop.js';
import { sendRequest } from '../send-once.js';
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
  // Request slots: a part holds one from its first request until OSS accepts it (through the
  // backoff of its retries, so a busy server gets no new part meanwhile), not while it is checked.
  let free = input.concurrency;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    throwIfStopped(context);
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  context.signal.addEventListener('abort', () => {
    for (const wake of waiting.splice(0)) wake();
  });

  const sendPart = async (work: PartWork): Promise<void> => {
    const { partNumber, size } = work.planned;
    let holding = true;
    try {
      const contentMd5 = context.md5 ? await md5OfPayload(work.payload(), context.md5) : undefined;
      const result = await withRetry(context, { operation: 'request', partNumber, refresh: () => targets.invalidate(partNumber) }, async () => {
        // Only a part sent again after a failed check has to wait for a slot here.
        if (!holding) await acquire();
        holding = true;
        const held = await targets.get(partNumber, contentMd5);
        const sent = await sendRequest(context, {
          held,
          payload: work.payload(),
          partNumber,
          pendingCrc: work.crc,
          onSent: (loaded) => progress.sent(partNumber, loaded),
          requireEtag: true,
        });
        holding = false;
        release();
        return sent.verify();
      });
      const part: ResumePart = { partNumber, etag: result.etag, size, crc64: result.crc64?.toString() };
      done.set(partNumber, part);
      uploaded.push(partNumber);
      await input.onPart(part);
    } finally {
      if (holding) release();
    }
  };

  const running: Promise<unknown>[] = [];
  try {
    for (;;) {
      await acquire();
      const work = await input.feed.next();
      if (!work) break;
      running.push(
        sendPart(work).catch((error: unknown) => {
          // One part failed for good: stop the others (they reject with this error).
          context.stop(error);
          throw error;
        }),
      );
    }
  } catch (error) {
    if (!context.signal.aborted) context.stop(error);
    running.push(Promise.reject(error));
  }
  const failure = (await Promise.allSettled(running)).find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw context.signal.aborted ? stoppedError(context) : failure.reason;
  return uploaded;
}
