/**
 * OSS's numeric limits, in one place for the signer, the presign handler, the uploader and the
 * emulator (which imports them through `@oss-presign/core/signer`). Browser-safe: constants only.
 */

/** Every part but the last must have at least 100 KB (102,400 B); CompleteMultipartUpload answers EntityTooSmall otherwise (doc "UploadPart"). */
export const MIN_PART_SIZE = 100 * 1024;
/** A part may have at most 5 GiB (doc "UploadPart"). */
export const MAX_PART_SIZE = 5 * 1024 ** 3;
/** Part numbers run from 1 to 10,000 (doc "UploadPart"). */
export const MAX_PARTS = 10_000;
/** A single PutObject may carry at most 5 GiB (doc "PutObject"). */
export const MAX_PUT_OBJECT_BYTES = 5 * 1024 ** 3;
/** ListParts answers at most 1000 parts a page (doc "ListParts", max-parts). */
export const MAX_LIST_PARTS_PAGE = 1000;

/** x-oss-expires range for presigned URLs: 1 second to 7 days (doc "V4 signatures in presigned URLs"). */
export const MIN_EXPIRES_SECONDS = 1;
export const MAX_EXPIRES_SECONDS = 604_800;
/** OSS documents a 12-hour ceiling for presigned URLs made with STS credentials (doc "V4 signatures in presigned URLs"). */
export const MAX_STS_EXPIRES_SECONDS = 43_200;
/** Default lifetime of a presigned URL: 15 minutes, as the official SDKs sign it. */
export const DEFAULT_EXPIRES_SECONDS = 900;
