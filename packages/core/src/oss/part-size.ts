/**
 * The one rule for choosing a multipart part size (doc "UploadPart": parts of 100 KB to 5 GiB,
 * at most 10,000 of them). The presign handler and the uploader both settle part sizes with it, so
 * a server and a client given the same file pick the same size. Pure: each caller throws its own
 * layer's error from the answer.
 */

import { MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE } from './limits.js';

const MIB = 1024 * 1024;

/**
 * Whether `partSize` is a whole number of bytes OSS accepts for a part that is not the last.
 *
 * @example
 * ```ts
 * isValidPartSize(8 * 1024 ** 2); // true
 * isValidPartSize(1024);          // false: under 100 KB
 * ```
 */
export function isValidPartSize(partSize: number): boolean {
  return Number.isSafeInteger(partSize) && partSize >= MIN_PART_SIZE && partSize <= MAX_PART_SIZE;
}

/**
 * How many parts `totalSize` bytes need at `partSize` bytes a part; an empty body is one empty part.
 *
 * @example
 * ```ts
 * partCountOf(250, 100); // 3
 * partCountOf(0, 100);   // 1
 * ```
 */
export function partCountOf(totalSize: number, partSize: number): number {
  return Math.max(1, Math.ceil(totalSize / partSize));
}

/**
 * The part size for `totalSize` bytes: `preferred`, grown in whole MiB until the body fits in
 * 10,000 parts; `undefined` when even 5 GiB parts cannot hold it (more than 10,000 × 5 GiB).
 *
 * @example
 * ```ts
 * fitPartSize(1024 ** 3, 8 * 1024 ** 2);  // 8388608
 * fitPartSize(200 * 1024 ** 3, 8 * 1024 ** 2); // 22020096 (21 MiB: 200 GiB / 10,000 rounded up to a whole MiB)
 * ```
 */
export function fitPartSize(totalSize: number, preferred: number): number | undefined {
  const minimumForCount = Math.ceil(totalSize / MAX_PARTS);
  const size = preferred < minimumForCount ? Math.ceil(minimumForCount / MIB) * MIB : preferred;
  return size > MAX_PART_SIZE ? undefined : size;
}
