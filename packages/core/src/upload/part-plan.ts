/**
 * How a body is cut into multipart parts, within OSS's limits (doc "UploadPart"; the limits and the
 * part-size rule live in oss/limits.ts and oss/part-size.ts, shared with the presign handler).
 */

import { MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE } from '../oss/limits.js';
import { fitPartSize, isValidPartSize, partCountOf } from '../oss/part-size.js';
import { OssUploadError } from './errors.js';

import { DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE } from './defaults.js';

export { DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE, MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE };

/**
 * The part size for a body of `totalSize` bytes. Starts from `requested` (or 8 MiB) and grows it,
 * in whole MiB, until the body fits in 10,000 parts. A requested size under 100 KiB or over 5 GiB is
 * an error, as is a body that cannot fit at all (more than 10,000 × 5 GiB).
 *
 * @example
 * ```ts
 * choosePartSize(1024 ** 3); // 8388608
 * choosePartSize(200 * 1024 ** 3); // 21 MiB: 200 GiB / 10,000 rounded up to a whole MiB
 * ```
 */
export function choosePartSize(totalSize: number, requested?: number): number {
  if (!Number.isSafeInteger(totalSize) || totalSize < 0) {
    throw new OssUploadError('INVALID_BODY', `The body size must be a whole number of bytes >= 0; got ${totalSize}`);
  }
  if (requested !== undefined) {
    if (!isValidPartSize(requested)) {
      throw new OssUploadError(
        'INVALID_OPTIONS',
        `partSize must be a whole number from ${MIN_PART_SIZE} (100 KiB, OSS's minimum for all but the last part) to ${MAX_PART_SIZE} (5 GiB); got ${requested}`,
      );
    }
  }
  const size = fitPartSize(totalSize, requested ?? DEFAULT_PART_SIZE);
  if (size === undefined) {
    throw new OssUploadError('INVALID_BODY', `A body of ${totalSize} bytes does not fit in ${MAX_PARTS} parts of at most 5 GiB`);
  }
  return size;
}

/** One part of the plan: bytes [start, end) of the body. */
export interface PlannedPart {
  readonly partNumber: number;
  readonly start: number;
  readonly end: number;
  readonly size: number;
}

/**
 * Cuts `totalSize` bytes into parts of `partSize` (the last one shorter). An empty body is one
 * empty part, so that an empty multipart object can still be completed.
 *
 * @example
 * ```ts
 * planParts(250, 100).map((p) => p.size); // [100, 100, 50]
 * planParts(0, 100); // [{ partNumber: 1, start: 0, end: 0, size: 0 }]
 * ```
 */
export function planParts(totalSize: number, partSize: number): PlannedPart[] {
  if (!(partSize > 0)) throw new OssUploadError('INVALID_OPTIONS', `partSize must be > 0; got ${partSize}`);
  const count = partCountOf(totalSize, partSize);
  if (count > MAX_PARTS) throw new OssUploadError('INVALID_OPTIONS', `${count} parts exceed OSS's limit of ${MAX_PARTS}`);
  const parts: PlannedPart[] = [];
  for (let index = 0; index < count; index++) {
    const start = index * partSize;
    const end = Math.min(totalSize, start + partSize);
    parts.push({ partNumber: index + 1, start, end, size: end - start });
  }
  return parts;
}
