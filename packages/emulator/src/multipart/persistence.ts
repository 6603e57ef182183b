import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createKeyedLock } from '../store/keyed-lock.js';
import type { ObjectMeta } from '../store/types.js';
import type { PartRecord, UploadRecord } from './registry.js';

/** Keeps the multipart uploads in progress across restarts (their parts are blobs of the store). */
export interface UploadPersistence {
  /** Writes the upload as it is when the write runs (so the last write holds every part set). */
  save(upload: UploadRecord): Promise<void>;
  remove(uploadId: string): Promise<void>;
  loadAll(): Promise<UploadRecord[]>;
}

/** An upload as JSON: bytes as base64, the CRC-64 as decimal, times as ISO 8601. */
interface UploadFile {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiated: string;
  readonly meta: ObjectMeta;
  readonly forbidOverwrite: boolean;
  readonly parts: readonly {
    readonly partNumber: number;
    readonly ref: { readonly id: string; readonly size: number };
    readonly size: number;
    readonly etag: string;
    readonly md5: string;
    readonly crc64: string;
    readonly lastModified: string;
  }[];
}

function toFile(upload: UploadRecord): UploadFile {
  return {
    uploadId: upload.uploadId,
    bucket: upload.bucket,
    key: upload.key,
    initiated: upload.initiated.toISOString(),
    meta: upload.meta,
    forbidOverwrite: upload.forbidOverwrite,
    parts: [...upload.parts.values()].map((part) => ({
      partNumber: part.partNumber,
      ref: part.ref,
      size: part.size,
      etag: part.etag,
      md5: part.md5.toString('base64'),
      crc64: part.crc64.toString(),
      lastModified: part.lastModified.toISOString(),
    })),
  };
}

function fromFile(file: UploadFile): UploadRecord {
  const parts = new Map<number, PartRecord>();
  for (const part of file.parts) {
    parts.set(part.partNumber, {
      partNumber: part.partNumber,
      ref: part.ref,
      size: part.size,
      etag: part.etag,
      md5: Buffer.from(part.md5, 'base64'),
      crc64: BigInt(part.crc64),
      lastModified: new Date(part.lastModified),
    });
  }
  return {
    uploadId: file.uploadId,
    bucket: file.bucket,
    key: file.key,
    initiated: new Date(file.initiated),
    meta: file.meta,
    forbidOverwrite: file.forbidOverwrite,
    parts,
    completing: false,
  };
}

/**
 * Memory mode keeps nothing.
 *
 * @example
 * ```ts
 * const persistence = noUploadPersistence();
 * ```
 */
export function noUploadPersistence(): UploadPersistence {
  return { save: async () => undefined, remove: async () => undefined, loadAll: async () => [] };
}

/**
 * One JSON file per upload under `dataDir/uploads/`, written to a temporary name and renamed, so a
 * file is always whole. Writes of one upload run one at a time, in order.
 *
 * @example
 * ```ts
 * const persistence = diskUploadPersistence('.oss-data', join('.oss-data', 'tmp'));
 * ```
 */
export function diskUploadPersistence(dataDir: string, tmpDir: string): UploadPersistence {
  const root = join(dataDir, 'uploads');
  // Upload ids are 32 hex characters made here; a name from anywhere else is never read or written.
  const fileOf = (uploadId: string) => join(root, `${uploadId.replace(/[^0-9A-Fa-f]/g, '')}.json`);
  const lock = createKeyedLock();
  return {
    save: (upload) =>
      lock.run(upload.uploadId, async () => {
        await mkdir(root, { recursive: true });
        const tmp = join(tmpDir, `${randomUUID()}.json`);
        await writeFile(tmp, JSON.stringify(toFile(upload)));
        await rename(tmp, fileOf(upload.uploadId));
      }),
    remove: (uploadId) => lock.run(uploadId, () => rm(fileOf(uploadId), { force: true })),
    async loadAll() {
      const names = await readdir(root).catch(() => [] as string[]);
      const uploads: UploadRecord[] = [];
      for (const name of names) {
        if (!name.endsWith('.json')) continue;
        uploads.push(fromFile(JSON.parse(await readFile(join(root, name), 'utf8')) as UploadFile));
      }
      return uploads;
    },
  };
}

/** The uploads a data dir holds, ready for the registry, and the blobs their parts use. */
export interface RestoredUploads {
  readonly persistence: UploadPersistence;
  readonly loaded: readonly UploadRecord[];
  /** Blob ids of the parts: the store must not delete them as unreferenced at start. */
  readonly partBlobIds: ReadonlySet<string>;
}

/**
 * Reads the uploads in progress of a data dir (none in memory mode). Uploads of buckets no longer
 * configured are forgotten, and their parts are left to the store's cleanup of unreferenced blobs.
 *
 * @example
 * ```ts
 * const restored = await restoreUploads('.oss-data', ['demo']);
 * ```
 */
export async function restoreUploads(dataDir: string | undefined, buckets: readonly string[]): Promise<RestoredUploads> {
  if (!dataDir) return { persistence: noUploadPersistence(), loaded: [], partBlobIds: new Set() };
  const persistence = diskUploadPersistence(dataDir, join(dataDir, 'tmp'));
  const known = new Set(buckets);
  const loaded: UploadRecord[] = [];
  for (const upload of await persistence.loadAll()) {
    if (known.has(upload.bucket)) loaded.push(upload);
    else await persistence.remove(upload.uploadId);
  }
  const partBlobIds = new Set<string>();
  for (const upload of loaded) for (const part of upload.parts.values()) partBlobIds.add(part.ref.id);
  return { persistence, loaded, partBlobIds };
}

/**
 * Drops restored uploads whose parts an object already uses: CompleteMultipartUpload commits the
 * object before it deletes the upload's file, so a stop between the two leaves a completed upload
 * on disk. Its blobs belong to the object and are not freed.
 *
 * @example
 * ```ts
 * const open = await dropCompletedUploads(restored, (id) => objectBlobIds.has(id));
 * ```
 */
export async function dropCompletedUploads(
  restored: RestoredUploads,
  usedByObject: (blobId: string) => boolean,
): Promise<UploadRecord[]> {
  const open: UploadRecord[] = [];
  for (const upload of restored.loaded) {
    if ([...upload.parts.values()].some((part) => usedByObject(part.ref.id))) await restored.persistence.remove(upload.uploadId);
    else open.push(upload);
  }
  return open;
}
