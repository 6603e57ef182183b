import { OssServiceError } from '../http/errors.js';
import { newUploadId } from '../http/ids.js';
import type { BlobRef, ObjectMeta } from '../store/types.js';
import { noUploadPersistence, type UploadPersistence } from './persistence.js';

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
  /** Records a new upload (persisted, with a data dir, before the promise resolves). */
  create(bucket: string, key: string, meta: ObjectMeta, forbidOverwrite: boolean, now: Date): Promise<UploadRecord>;
  /** The open upload, or NoSuchUpload (with the operation's EC). */
  require(bucket: string, key: string, uploadId: string | undefined, ec?: string): UploadRecord;
  /** Sets a part and persists the upload; resolves the part it replaced, whose blob the caller frees. */
  setPart(upload: UploadRecord, part: PartRecord): Promise<PartRecord | undefined>;
  remove(uploadId: string): Promise<void>;
  list(bucket: string): UploadRecord[];
  all(): UploadRecord[];
}

/** Where the registry keeps its uploads and what it starts with. */
export interface UploadRegistryOptions {
  readonly persistence?: UploadPersistence | undefined;
  /** Uploads loaded from a data dir at start. */
  readonly loaded?: readonly UploadRecord[] | undefined;
}

/**
 * Creates the registry of multipart uploads: in memory, and with a data dir also one file per
 * upload, so uploads in progress survive a restart (parts are blobs of the store).
 *
 * @example
 * ```ts
 * const uploads = createUploadRegistry();
 * const upload = await uploads.create('demo', 'big.bin', meta, false, new Date());
 * ```
 */
export function createUploadRegistry(options: UploadRegistryOptions = {}): UploadRegistry {
  const persistence = options.persistence ?? noUploadPersistence();
  const uploads = new Map<string, UploadRecord>();
  for (const record of options.loaded ?? []) uploads.set(record.uploadId, record);
  return {
    async create(bucket, key, meta, forbidOverwrite, now) {
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
      await persistence.save(record);
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
    async setPart(upload, part) {
      const replaced = upload.parts.get(part.partNumber);
      upload.parts.set(part.partNumber, part);
      // Persisted before the replaced part's blob is freed: a file never names a removed blob.
      await persistence.save(upload);
      return replaced;
    },
    async remove(uploadId) {
      uploads.delete(uploadId);
      await persistence.remove(uploadId);
    },
    list(bucket) {
      return [...uploads.values()].filter((record) => record.bucket === bucket);
    },
    all: () => [...uploads.values()],
  };
}
