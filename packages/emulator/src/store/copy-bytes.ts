import type { LazyHashOffload } from './hash-offload.js';
import { type IngestResult, ingestBody } from './ingest.js';
import type { ObjectStore } from './object-store.js';
import type { StoredObject } from './types.js';

/**
 * Copies bytes `start..end` (inclusive; `end < start` copies nothing) of an object into a new blob
 * with their MD5 and CRC-64. The copy is a blob of its own: objects never share blobs across keys,
 * so overwriting or deleting one never frees another's bytes.
 *
 * @example
 * ```ts
 * const { ref } = await copyBytes(store, source, 0, source.size - 1, hashOffload);
 * ```
 */
export function copyBytes(
  store: ObjectStore,
  source: StoredObject,
  start: number,
  end: number,
  hashOffload: LazyHashOffload,
): Promise<IngestResult> {
  const length = Math.max(0, end - start + 1);
  return ingestBody(store.read(source, start, end), store.blobs.begin(), {
    maxBytes: length,
    declaredLength: length,
    hashOffload,
  });
}
