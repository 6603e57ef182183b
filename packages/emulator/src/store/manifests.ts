import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredObject } from './types.js';

/** Persists object records next to their blobs, so a data dir survives a restart. */
export interface ManifestStore {
  save(object: StoredObject): Promise<void>;
  remove(bucket: string, key: string): Promise<void>;
  loadAll(): Promise<StoredObject[]>;
}

/**
 * Memory mode keeps no manifests.
 *
 * @example
 * ```ts
 * const manifests = noManifests();
 * ```
 */
export function noManifests(): ManifestStore {
  return { save: async () => undefined, remove: async () => undefined, loadAll: async () => [] };
}

// Keys may be 1023 bytes of anything: the file name is a hash, the key lives inside the JSON.
function fileName(key: string): string {
  return `${createHash('sha256').update(key).digest('hex')}.json`;
}

/**
 * One JSON file per object under `dataDir/objects/<bucket>/`, written to a temporary name and
 * renamed, so a manifest is always whole.
 *
 * @example
 * ```ts
 * const manifests = diskManifests('.oss-data', join('.oss-data', 'tmp'));
 * ```
 */
export function diskManifests(dataDir: string, tmpDir: string): ManifestStore {
  const root = join(dataDir, 'objects');
  return {
    async save(object) {
      const dir = join(root, object.bucket);
      await mkdir(dir, { recursive: true });
      const tmp = join(tmpDir, `${randomUUID()}.json`);
      await writeFile(tmp, JSON.stringify(object));
      await rename(tmp, join(dir, fileName(object.key)));
    },
    async remove(bucket, key) {
      await rm(join(root, bucket, fileName(key)), { force: true });
    },
    async loadAll() {
      const objects: StoredObject[] = [];
      const buckets = await readdir(root).catch(() => [] as string[]);
      for (const bucket of buckets) {
        for (const name of await readdir(join(root, bucket))) {
          const record = JSON.parse(await readFile(join(root, bucket, name), 'utf8')) as StoredObject & { lastModified: string };
          objects.push({ ...record, lastModified: new Date(record.lastModified) });
        }
      }
      return objects;
    },
  };
}
