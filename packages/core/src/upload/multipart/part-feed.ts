/**
 * The parts still to send, handed out in order to the workers. For a stream each part is read
 * (and buffered) in turn; a part skipped on resume is checked against the saved CRC.
 */

import { createCrc64 } from '../../integrity/crc64.js';
import { type BodyPayload, type BodySource, type RandomAccessSource, bytesPayload } from '../body.js';
import { OssUploadError } from '../errors.js';
import type { PlannedPart } from '../part-plan.js';
import type { ResumePart } from '../resume-store.js';

/** A part to send: where it sits in the plan and how to read its bytes (again, on a retry). */
export interface PartWork {
  readonly planned: PlannedPart;
  readonly payload: () => BodyPayload;
}

/**
 * Hands out the parts to send, in order; for a stream, reads (and buffers) each part in turn.
 * Slices of the next `lookahead` parts of a Blob are taken ahead (see RandomAccessSource.prepare).
 *
 * @example
 * ```ts
 * const feed = createPartFeed(source, plan, done, true, 8);
 * for (let work = await feed.next(); work; work = await feed.next()) await send(work);
 * ```
 */
export function createPartFeed(source: BodySource, plan: readonly PlannedPart[], done: ReadonlyMap<number, ResumePart>, crcOn: boolean, lookahead = 1) {
  let index = 0;
  let lock: Promise<unknown> = Promise.resolve();
  const prepared = new Map<number, Promise<void>>();
  const prepare = (random: RandomAccessSource, part: PlannedPart): Promise<void> | undefined => {
    let pending = prepared.get(part.partNumber);
    if (!pending && random.prepare) {
      pending = random.prepare(part.start, part.end);
      prepared.set(part.partNumber, pending);
    }
    return pending;
  };
  const nextRandom = async (): Promise<PartWork | undefined> => {
    while (index < plan.length) {
      const planned = plan[index++] as PlannedPart;
      if (done.has(planned.partNumber) || source.kind !== 'random') continue;
      // The next `lookahead` parts to send are prepared (their slices taken in a worker, one after
      // another) while this one goes out, so a freed request slot never waits for a slice.
      for (let ahead = index, count = 0; ahead < plan.length && count < lookahead; ahead++) {
        const next = plan[ahead] as PlannedPart;
        if (done.has(next.partNumber)) continue;
        void prepare(source, next);
        count++;
      }
      await prepare(source, planned);
      prepared.delete(planned.partNumber);
      return { planned, payload: () => source.slice(planned.start, planned.end) };
    }
    return undefined;
  };
  const nextSequential = async (): Promise<PartWork | undefined> => {
    if (source.kind !== 'sequential') return undefined;
    while (index < plan.length) {
      const planned = plan[index++] as PlannedPart;
      const bytes = await source.read(planned.size);
      const resumed = done.get(planned.partNumber);
      if (resumed) {
        // Skipping a part OSS already holds: check the stream still has the same bytes there.
        if (crcOn && resumed.crc64 !== undefined && createCrc64().update(bytes).digestDecimal() !== resumed.crc64) {
          throw new OssUploadError('INVALID_BODY', `The stream differs from the upload being resumed (part ${planned.partNumber})`);
        }
        continue;
      }
      return { planned, payload: () => bytesPayload(bytes) };
    }
    return undefined;
  };
  return {
    next(): Promise<PartWork | undefined> {
      // Serialised: a stream must be read part after part.
      const result = lock.then(source.kind === 'random' ? nextRandom : nextSequential);
      lock = result.catch(() => undefined);
      return result;
    },
  };
}

