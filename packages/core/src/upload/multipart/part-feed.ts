/**
 * The parts still to send, handed out in order to the workers. For a stream each part is read
 * (and buffered) in turn; a part skipped on resume is checked against the saved CRC.
 */

import { createCrc64 } from '../../integrity/crc64.js';
import { type BodyPayload, type BodySource, type RandomAccessSource, bytesPayload } from '../body.js';
import { OssUploadError } from '../errors.js';
import { crcOfPayload } from '../integrity.js';
import type { PlannedPart } from '../part-plan.js';
import type { ResumePart } from '../resume-store.js';

/** A part to send: where it sits in the plan and how to read its bytes (again, on a retry). */
export interface PartWork {
  readonly planned: PlannedPart;
  readonly payload: () => BodyPayload;
  /** The payload's CRC-64, being computed ahead of the request (random-access sources, `aheadCrc`). */
  readonly crc?: Promise<bigint> | undefined;
}

/**
 * Hands out the parts to send, in order; for a stream, reads (and buffers) each part in turn.
 * The next `lookahead` parts of a random-access source are prepared ahead (a Blob's slices taken in
 * a worker, see RandomAccessSource.prepare) and, with `aheadCrc` (a transport that does not stream
 * the body itself, so the CRC is read on the side), their CRCs started.
 *
 * @example
 * ```ts
 * const feed = createPartFeed(source, plan, done, true, { lookahead: 8, aheadCrc: true });
 * for (let work = await feed.next(); work; work = await feed.next()) await send(work);
 * ```
 */
export function createPartFeed(
  source: BodySource,
  plan: readonly PlannedPart[],
  done: ReadonlyMap<number, ResumePart>,
  crcOn: boolean,
  { lookahead = 1, aheadCrc = false }: { readonly lookahead?: number; readonly aheadCrc?: boolean } = {},
) {
  let index = 0;
  let lock: Promise<unknown> = Promise.resolve();
  // Random access: each part's work (its slice, taken ahead in a worker, and, when `aheadCrc`,
  // its CRC, started as soon as the slice is there) is made once, before the part is handed out.
  const works = new Map<number, Promise<PartWork>>();
  const workOf = (random: RandomAccessSource, planned: PlannedPart): Promise<PartWork> => {
    let work = works.get(planned.partNumber);
    if (!work) {
      work = (async () => {
        await random.prepare?.(planned.start, planned.end);
        // One payload for every attempt: a retry sends the same slice, with the same CRC.
        const payload = random.slice(planned.start, planned.end);
        const crc = aheadCrc ? crcOfPayload(payload) : undefined;
        crc?.catch(() => undefined);
        return { planned, payload: () => payload, crc };
      })();
      works.set(planned.partNumber, work);
    }
    return work;
  };
  /** Prepares the next `count` parts to send from plan index `from`. */
  const prepareAhead = (from: number, count: number): void => {
    if (source.kind !== 'random') return;
    for (let ahead = from, taken = 0; ahead < plan.length && taken < count; ahead++) {
      const next = plan[ahead] as PlannedPart;
      if (done.has(next.partNumber)) continue;
      void workOf(source, next);
      taken++;
    }
  };
  const nextRandom = async (): Promise<PartWork | undefined> => {
    while (index < plan.length) {
      const planned = plan[index++] as PlannedPart;
      if (done.has(planned.partNumber) || source.kind !== 'random') continue;
      // The next `lookahead` parts are prepared while this one goes out, so a freed request slot
      // never waits for a slice (and the CRCs, one after another, start as early as they can).
      prepareAhead(index, lookahead);
      const work = await workOf(source, planned);
      works.delete(planned.partNumber);
      return work;
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
    /** Starts preparing the first parts (while the upload is initiated and its URLs presigned). */
    warm(): void {
      prepareAhead(index, lookahead + 1);
    },
    next(): Promise<PartWork | undefined> {
      // Serialised: a stream must be read part after part.
      const result = lock.then(source.kind === 'random' ? nextRandom : nextSequential);
      lock = result.catch(() => undefined);
      return result;
    },
  };
}

