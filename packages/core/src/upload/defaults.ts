/**
 * The uploader's defaults, and OSS's part limits (OSS doc "UploadPart", from oss/limits.ts) as the
 * upload entries export them. Apart from ./part-plan.ts so that a page importing a constant (or
 * `createUploader`, which checks `partSize` against the limits) does not load the part planner.
 * The presign handler serves the same two values in `GET /config` unless configured otherwise.
 */

export { MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE } from '../oss/limits.js';

/**
 * 100 MiB: bodies up to this size go up as one PUT, larger ones multipart (`size > threshold`, the
 * rule Uppy's S3 plugin ships with, `file.size > 100 MiB`).
 *
 * Why so high, for a browser first: a single PUT hands the Blob to the browser's network stack,
 * which streams it from the browser's own storage with no script involved; it is the fastest way
 * and the lightest on a busy machine. Multipart adds initiate, presign and complete round trips, a
 * CORS preflight per part (each part's URL differs, and preflight results are cached per URL), and
 * a request per part; with `crc64: 'verify'`, each part is also read a second time, into the page's
 * worker, to be checked. Parallel parts do not beat one PUT on one link: the bytes share the same uplink.
 * What multipart buys is recovery: a failed or interrupted upload resends one part, and can resume
 * after a reload. Up to 100 MiB a restart from zero is affordable (under a minute on a 20 Mbit/s
 * uplink); beyond it, losing the work costs more than the round trips. Node shares the default: its
 * single PUT streams a file from disk just as well.
 *
 * Set `multipartThreshold` lower where resuming smaller files matters (the React demo uses 16 MiB to
 * show multipart progress and resume on ordinary files).
 */
export const DEFAULT_MULTIPART_THRESHOLD = 100 * 1024 * 1024;

/**
 * 8 MiB, grown in whole MiB only as needed to stay within OSS's 10,000 parts (from 80 GB on). Big
 * enough that the fixed cost of a part (its request, its preflight, its share of a presign call)
 * stays a few per cent of its time on a typical uplink; small enough that a retried part, a resumed
 * part and the progress of one part are cheap and smooth, and that `concurrency` parts in flight
 * hold little memory where a body must be buffered (a stream). With every part of a file up to 100
 * parts presigned in one request, files up to 800 MiB need one presign call.
 */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

/**
 * The CRC-64 check's modes (`crc64` of createUploader, `integrity.crc64` of the engine functions).
 * When none is given, the body decides (see defaultCrc64 in ./engine-context.ts).
 */
export const CRC64_MODES = ['verify', 'require', 'off'] as const;

/** The most parts (or files) in flight that `concurrency` (and `fileConcurrency`) may ask for. */
export const MAX_CONCURRENCY = 64;
