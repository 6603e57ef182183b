/**
 * The parts still to send, handed out in order to the workers. For a stream each part is read
 * (and buffered) in turn; a part skipped on resume is checked against the saved CRC.
 */

import { createCrc64 } from '../../integrity/crc64.js';
import { type BodyPayload, type BodySource, type RandomAccessSource, bytesPayload } from '../body.js';
import { OssUploadError } from '../errors.js';
import type { PlannedPart } from '../part-plan.js';
import type { ResumePart } from '../resume-store.js';

/**
 * Hands out the parts to send, in order; for a stream, reads (and buffers) each part in turn.
 *
 * @example
 * ```ts
 * const feed = createPartFeed(source, plan, done, true);
 * for (let work = await feed.next(); work; work = await feed.next()) await send(work);
 * ```
 */
/** A part to send: where it sits in the plan and how to read its bytes (again, on a retry). */
export interface PartWork {
  readonly planned: PlannedPart;
  readonly payload: () => BodyPayload;
}

export function createPartFeed(source: BodySource, plan: readonly PlannedPart[], done: ReadonlyMap<number, ResumePart>, crcOn: boolean) {
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
      // The next part to send is prepared (its slice taken in a worker) while this one goes out.
      let ahead = index;
      while (ahead < plan.length && done.has((plan[ahead] as PlannedPart).partNumber)) ahead++;
      if (ahead < plan.length) void prepare(source, plan[ahead] as PlannedPart);
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

