import { Readable } from 'node:stream';
import { OssServiceError } from '../http/errors.js';
import { createKeyedLock } from './keyed-lock.js';
import type { ManifestStore } from './manifests.js';
import type { BlobRef, BlobStorage, StoredObject } from './types.js';

/** Objects by bucket and key, over a blob storage; the only place where objects become visible. */
export interface ObjectStore {
  readonly blobs: BlobStorage;
  hasBucket(bucket: string): boolean;
  get(bucket: string, key: string): StoredObject | undefined;
  /** Sorted by key (byte order), as OSS lists. */
  list(bucket: string): StoredObject[];
  /**
   * Makes `object` the current version of its key, atomically, and frees the bytes it replaces.
   * With `forbidOverwrite`, refuses (FileAlreadyExists) when the key exists at commit time.
   */
  commit(object: StoredObject, options: { forbidOverwrite: boolean }): Promise<void>;
  /**
   * Replaces the object of a key with what `change` makes of the current one (`undefined` when the
   * key is free), atomically with respect to every other write of that key. `change` may throw an
   * OssServiceError to refuse; nothing changes then. Blobs the new object keeps are not freed.
   */
  update(bucket: string, key: string, change: (current: StoredObject | undefined) => StoredObject): Promise<StoredObject>;
  delete(bucket: string, key: string): Promise<boolean>;
  /** Streams bytes `start..end` (inclusive) of an object; its blobs outlive a concurrent overwrite. */
  read(object: StoredObject, start: number, end: number): Readable;
  /** Frees blobs no object references (a failed or replaced upload's bytes, aborted parts). */
  release(refs: readonly BlobRef[]): Promise<void>;
  close(): Promise<void>;
}

function compareKeys(a: StoredObject, b: StoredObject): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Builds the object index over a blob storage and a manifest store, loading what a data dir holds.
 *
 * @example
 * ```ts
 * const store = await createObjectStore(['demo'], createMemoryBlobs(), noManifests());
 * ```
 */
export async function createObjectStore(
  buckets: readonly string[],
  blobs: BlobStorage,
  manifests: ManifestStore,
): Promise<ObjectStore> {
  const index = new Map<string, Map<string, StoredObject>>();
  for (const bucket of buckets) index.set(bucket, new Map());
  for (const object of await manifests.loadAll()) index.get(object.bucket)?.set(object.key, object);

  const lock = createKeyedLock();
  // Readers pin blobs; a blob released while pinned is removed when its last reader finishes.
  const pins = new Map<string, number>();
  const doomed = new Map<string, BlobRef>();

  async function release(refs: readonly BlobRef[]): Promise<void> {
    for (const ref of refs) {
      if (pins.has(ref.id)) doomed.set(ref.id, ref);
      else await blobs.remove(ref);
    }
  }

  // The blobs of `previous` that `next` does not keep (a metadata change or an append keeps them).
  function replacedSegments(previous: StoredObject, next: StoredObject): BlobRef[] {
    const kept = new Set(next.segments.map((segment) => segment.id));
    return previous.segments.filter((segment) => !kept.has(segment.id));
  }

  function unpin(ref: BlobRef): void {
    const count = (pins.get(ref.id) ?? 1) - 1;
    if (count > 0) {
      pins.set(ref.id, count);
      return;
    }
    pins.delete(ref.id);
    const dead = doomed.get(ref.id);
    if (dead) {
      doomed.delete(ref.id);
      void blobs.remove(dead);
    }
  }

  async function* segmentsInRange(segments: readonly BlobRef[], start: number, end: number): AsyncGenerator<Buffer> {
    let offset = 0;
    for (const segment of segments) {
      const segmentEnd = offset + segment.size - 1;
      if (segment.size > 0 && segmentEnd >= start && offset <= end) {
        const from = Math.max(start, offset) - offset;
        const to = Math.min(end, segmentEnd) - offset;
        for await (const chunk of blobs.read(segment, from, to)) yield chunk as Buffer;
      }
      offset += segment.size;
      if (offset > end) return;
    }
  }

  return {
    blobs,
    hasBucket: (bucket) => index.has(bucket),
    get: (bucket, key) => index.get(bucket)?.get(key),
    list: (bucket) => [...(index.get(bucket)?.values() ?? [])].sort(compareKeys),
    commit(object, options) {
      return lock.run(`${object.bucket}/${object.key}`, async () => {
        const objects = index.get(object.bucket);
        if (!objects) throw new OssServiceError('NoSuchBucket', { details: { BucketName: object.bucket } });
        const previous = objects.get(object.key);
        if (previous && options.forbidOverwrite) throw new OssServiceError('FileAlreadyExists');
        await manifests.save(object);
        objects.set(object.key, object);
        if (previous) await release(replacedSegments(previous, object));
      });
    },
    update(bucket, key, change) {
      return lock.run(`${bucket}/${key}`, async () => {
        const objects = index.get(bucket);
        if (!objects) throw new OssServiceError('NoSuchBucket', { details: { BucketName: bucket } });
        const previous = objects.get(key);
        const next = change(previous);
        await manifests.save(next);
        objects.set(key, next);
        if (previous) await release(replacedSegments(previous, next));
        return next;
      });
    },
    delete(bucket, key) {
      return lock.run(`${bucket}/${key}`, async () => {
        const objects = index.get(bucket);
        const previous = objects?.get(key);
        if (!objects || !previous) return false;
        await manifests.remove(bucket, key);
        objects.delete(key);
        await release(previous.segments);
        return true;
      });
    },
    read(object, start, end) {
      for (const segment of object.segments) pins.set(segment.id, (pins.get(segment.id) ?? 0) + 1);
      const stream = Readable.from(segmentsInRange(object.segments, start, end), { objectMode: false });
      let unpinned = false;
      stream.once('close', () => {
        if (unpinned) return;
        unpinned = true;
        for (const segment of object.segments) unpin(segment);
      });
      return stream;
    },
    release,
    async close() {
      await blobs.close();
    },
  };
}
