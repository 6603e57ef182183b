import { OssServiceError } from '../http/errors.js';
import { newUploadId } from '../http/ids.js';
import type { BlobRef, ObjectMeta } from '../store/types.js';

/** One uploaded part. */
export interface PartRecord {
  readonly partNumber: number;
  readonly ref: BlobRef;
  readonly size: number;
  /** Quoted upper-case MD5 hex. */
  readonly etag: string;
  readonly md5: Buffer;
  readonly crc64: bigint;
  readonly lastModified: Date;
}

/** One multipart upload in progress. Parts live outside the object index until completed. */
export interface UploadRecord {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiated: Date;
  readonly meta: ObjectMeta;
  readonly forbidOverwrite: boolean;
  readonly parts: Map<number, PartRecord>;
  /** Set while CompleteMultipartUpload runs: no part may change under it. */
  completing: boolean;
}

/** In-progress uploads by id. */
export interface UploadRegistry {
  create(bucket: string, key: string, meta: ObjectMeta, forbidOverwrite: boolean, now: Date): UploadRecord;
  /** The open upload, or NoSuchUpload (with the operation's EC). */
  require(bucket: string, key: string, uploadId: string | undefined, ec?: string): UploadRecord;
  remove(uploadId: string): void;
  list(bucket: string): UploadRecord[];
  all(): UploadRecord[];
}

/**
 * Creates the registry of multipart uploads (kept in memory; parts are blobs of the store).
 *
 * @example
 * ```ts
 * const uploads = createUploadRegistry();
 * const upload = uploads.create('demo', 'big.bin', meta, false, new Date());
 * ```
 */
export function createUploadRegistry(): UploadRegistry {
  const uploads = new Map<string, UploadRecord>();
  return {
    create(bucket, key, meta, forbidOverwrite, now) {
      const record: UploadRecord = {
        uploadId: newUploadId(),
        bucket,
        key,
        initiated: now,
        meta,
        forbidOverwrite,
        parts: new Map(),
        completing: false,
      };
      uploads.set(record.uploadId, record);
      return record;
    },
    require(bucket, key, uploadId, ec) {
      const record = uploadId ? uploads.get(uploadId) : undefined;
      if (!record || record.bucket !== bucket || record.key !== key || record.completing) {
        throw new OssServiceError('NoSuchUpload', { ec, details: { UploadId: uploadId ?? '' } });
      }
      return record;
    },
    remove(uploadId) {
      uploads.delete(uploadId);
    },
    list(bucket) {
      return [...uploads.values()].filter((record) => record.bucket === bucket);
    },
    all: () => [...uploads.values()],
  };
}
