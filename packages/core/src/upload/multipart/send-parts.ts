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
 * A counting semaphore whose waiters give up when the engine stops. `acquire` resolves with the
 * function that releases the slot.
 */
function createSlots(context: EngineContext, count: number) {
  let free = count;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  context.signal.addEventListener('abort', () => {
    for (const wake of waiting.splice(0)) wake();
  });
  return {
    async acquire(): Promise<() => void> {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      // Woken by a stop: the slot was never ours, nothing to give back.
      if (context.signal.aborted) throw stoppedError(context);
      let released = false;
      return () => {
        if (!released) release();
        released = true;
      };
    },
  };
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
  const slots = createSlots(context, input.concurrency);
  // Parts sent but not yet checked: bounded, so a CRC that lags the network holds back the
  // feed (and, for a stream, the parts it buffers) instead of piling up.
  const maxUnchecked = input.concurrency * 2;
  const checking = new Set<Promise<void>>();

  const sendPart = async (work: PartWork, firstSlot: () => void): Promise<void> => {
    const { partNumber, size } = work.planned;
    let slot: (() => void) | undefined = firstSlot;
    try {
      const contentMd5 = context.md5 ? await md5OfPayload(work.payload(), context.md5) : undefined;
      const result = await withRetry(context, { operation: 'request', partNumber, refresh: () => targets.invalidate(partNumber) }, async () => {
        slot ??= await slots.acquire();
        let sent: Awaited<ReturnType<typeof sendRequest>>;
        try {
          const held = await targets.get(partNumber, contentMd5);
          sent = await sendRequest(context, {
            held,
            payload: work.payload(),
            partNumber,
            pendingCrc: work.crc,
            onSent: (loaded) => progress.sent(partNumber, loaded),
            requireEtag: true,
          });
        } finally {
          // OSS answered (or the attempt failed): the next part may go out while this one is checked.
          slot();
          slot = undefined;
        }
        return sent.verify();
      });
      const part: ResumePart = { partNumber, etag: result.etag, size, crc64: result.crc64?.toString() };
      done.set(partNumber, part);
      uploaded.push(partNumber);
      await input.onPart(part);
    } finally {
      slot?.();
    }
  };

  const failed = (error: unknown): never => {
    // One part failed for good: stop the others (they reject with this error).
    context.stop(error);
    throw error;
  };
  const outcomes: Promise<void>[] = [];
  let loopError: unknown;
  try {
    for (;;) {
      while (checking.size >= maxUnchecked) await Promise.race(checking);
      const slot = await slots.acquire();
      let work: PartWork | undefined;
      try {
        throwIfStopped(context);
        work = await input.feed.next();
      } catch (error) {
        slot();
        throw error;
      }
      if (!work) {
        slot();
        break;
      }
      const running = sendPart(work, slot).catch(failed);
      outcomes.push(running);
      const tracked = running.then(
        () => undefined,
        () => undefined,
      );
      checking.add(tracked);
      void tracked.then(() => checking.delete(tracked));
    }
  } catch (error) {
    loopError = error;
    if (!context.signal.aborted) context.stop(error);
  }
  const settled = await Promise.allSettled(outcomes);
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure || loopError !== undefined) throw context.signal.aborted ? stoppedError(context) : (failure?.reason ?? loopError);
  return uploaded;
}
