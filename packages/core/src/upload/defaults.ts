/**
 * The uploader's defaults, and OSS's part limits (OSS doc "UploadPart", from oss/limits.ts) as the
 * upload entries export them. Apart from ./part-plan.ts so that a page importing a constant (or
 * `createUploader`, which checks `partSize` against the limits) does not load the part planner.
 */

export { MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE } from '../oss/limits.js';
/** 16 MiB: below it, the extra round trips of multipart (initiate, presign, complete) cost more than they save. */
export const DEFAULT_MULTIPART_THRESHOLD = 16 * 1024 * 1024;
/** 8 MiB: big enough that per-request overhead is small, small enough that a retry is cheap. */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
