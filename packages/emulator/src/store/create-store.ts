import { createDiskBlobs, listBlobIds, prepareDiskLayout } from './disk-blobs.js';
import { diskManifests, noManifests } from './manifests.js';
import { createMemoryBlobs } from './memory-blobs.js';
import { type ObjectStore, createObjectStore } from './object-store.js';

/**
 * The object store for the options: files under `dataDir` (surviving restarts; blobs that neither a
 * manifest nor `keepBlobIds`, the parts of multipart uploads in progress, reference are deleted at
 * start) or memory when `dataDir` is absent.
 *
 * @example
 * ```ts
 * const store = await createStore(['demo'], '.oss-data', new Set());
 * ```
 */
export async function createStore(
  buckets: readonly string[],
  dataDir: string | undefined,
  keepBlobIds: ReadonlySet<string> = new Set(),
): Promise<ObjectStore> {
  if (!dataDir) return createObjectStore(buckets, createMemoryBlobs(), noManifests());
  const layout = await prepareDiskLayout(dataDir);
  const blobs = createDiskBlobs(layout);
  const store = await createObjectStore(buckets, blobs, diskManifests(dataDir, layout.tmp));
  const referenced = new Set<string>(keepBlobIds);
  for (const bucket of buckets) for (const object of store.list(bucket)) for (const segment of object.segments) referenced.add(segment.id);
  for (const id of await listBlobIds(layout)) if (!referenced.has(id)) await blobs.remove({ id, size: 0 });
  return store;
}
