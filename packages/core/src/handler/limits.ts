import { OssPresignError } from '../errors/oss-presign-error.js';
import { MAX_PARTS, MAX_PART_SIZE, MAX_PUT_OBJECT_BYTES, MIN_PART_SIZE } from '../oss/limits.js';
import { fitPartSize, isValidPartSize, partCountOf } from '../oss/part-size.js';

/** The size rules a handler enforces. */
export interface SizeLimits {
  readonly minSize: number;
  readonly maxSize: number;
}

/**
 * Throws unless `size` is a whole number of bytes within the limits (FILE_TOO_SMALL, FILE_TOO_LARGE).
 * A single PUT is further bounded by OSS's 5 GiB PutObject limit.
 *
 * @example
 * ```ts
 * assertSize(1024, { minSize: 1, maxSize: 10 * 1024 ** 2 }, 'single');
 * ```
 */
export function assertSize(size: number, limits: SizeLimits, mode: 'single' | 'multipart'): void {
  if (size < limits.minSize) {
    throw new OssPresignError('FILE_TOO_SMALL', `The file must be at least ${limits.minSize} bytes`, { details: { size, minSize: limits.minSize } });
  }
  const max = mode === 'single' ? Math.min(limits.maxSize, MAX_PUT_OBJECT_BYTES) : limits.maxSize;
  if (size > max) {
    const hint = mode === 'single' && size <= limits.maxSize ? '; use a multipart upload' : '';
    throw new OssPresignError('FILE_TOO_LARGE', `The file must be at most ${max} bytes${hint}`, { details: { size, maxSize: max } });
  }
}

/**
 * The URL lifetime to sign: the client's wish, or the default, never above `max`. Clamped rather
 * than refused, so a client asking for a day simply gets the server's maximum.
 *
 * @example
 * ```ts
 * clampExpires(86_400, { defaultExpires: 900, maxExpires: 3600 }); // 3600
 * ```
 */
export function clampExpires(requested: number | undefined, limits: { defaultExpires: number; maxExpires: number }): number {
  return Math.min(requested ?? limits.defaultExpires, limits.maxExpires);
}

/** How a multipart upload is cut. */
export interface PartPlan {
  readonly size: number;
  readonly partSize: number;
  readonly partCount: number;
}

/**
 * Settles the part plan of a multipart upload: the client's wish when it fits OSS's limits (a wish
 * is never changed silently: one needing more than 10,000 parts is refused), else `defaultPartSize`
 * grown by the same rule the uploader uses ({@link fitPartSize}). Throws INVALID_PART.
 *
 * @example
 * ```ts
 * planMultipart(25 * 1024 ** 2, undefined, 8 * 1024 ** 2); // { size: 26214400, partSize: 8388608, partCount: 4 }
 * ```
 */
export function planMultipart(size: number, wished: number | undefined, defaultPartSize: number): PartPlan {
  const partSize = wished ?? fitPartSize(size, defaultPartSize);
  if (partSize === undefined) {
    throw new OssPresignError('INVALID_PART', `A file of ${size} bytes does not fit in ${MAX_PARTS} parts of at most ${MAX_PART_SIZE} bytes`, { details: { size } });
  }
  if (!isValidPartSize(partSize)) {
    throw new OssPresignError('INVALID_PART', `partSize must be from ${MIN_PART_SIZE} to ${MAX_PART_SIZE} bytes`, { details: { partSize } });
  }
  const partCount = partCountOf(size, partSize);
  if (partCount > MAX_PARTS) {
    throw new OssPresignError('INVALID_PART', `partSize ${partSize} would need ${partCount} parts; OSS allows ${MAX_PARTS}`, {
      details: { partSize, partCount },
    });
  }
  return { size, partSize, partCount };
}

/**
 * The exact byte count of part `partNumber` (1-based): `partSize`, except the last part, which has the rest.
 *
 * @example
 * ```ts
 * partSizeOf({ size: 250, partSize: 100, partCount: 3 }, 3); // 50
 * ```
 */
export function partSizeOf(plan: PartPlan, partNumber: number): number {
  if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > plan.partCount) {
    throw new OssPresignError('INVALID_PART', `Part number must be from 1 to ${plan.partCount}`, { details: { partNumber } });
  }
  return partNumber < plan.partCount ? plan.partSize : plan.size - plan.partSize * (plan.partCount - 1);
}
