import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { BlobRef, BlobSink, BlobStorage } from './types.js';

/** Where a disk store keeps what. */
export interface DiskLayout {
  readonly blobs: string;
  readonly tmp: string;
}

/**
 * The directories of a data dir; `tmp` is emptied at start, since anything there is an upload that
 * never completed.
 *
 * @example
 * ```ts
 * const layout = await prepareDiskLayout('.oss-data');
 * ```
 */
export async function prepareDiskLayout(dataDir: string): Promise<DiskLayout> {
  const layout = { blobs: join(dataDir, 'blobs'), tmp: join(dataDir, 'tmp') };
  await rm(layout.tmp, { recursive: true, force: true });
  await mkdir(layout.tmp, { recursive: true });
  await mkdir(layout.blobs, { recursive: true });
  return layout;
}

/**
 * Lists the blob ids present on disk (to delete those no manifest references).
 *
 * @example
 * ```ts
 * for (const id of await listBlobIds(layout)) if (!used.has(id)) await storage.remove({ id, size: 0 });
 * ```
 */
export async function listBlobIds(layout: DiskLayout): Promise<string[]> {
  return readdir(layout.blobs);
}

function closeQuietly(stream: WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('close', () => resolve());
    stream.destroy();
  });
}

/**
 * Writes each blob to a temporary file and renames it into place at `finish()`: a blob appears
 * whole or not at all (OSS doc "PutObject"; here: a temporary file plus an atomic rename).
 *
 * @example
 * ```ts
 * const storage = createDiskBlobs(await prepareDiskLayout(dataDir));
 * ```
 */
export function createDiskBlobs(layout: DiskLayout): BlobStorage {
  const pending = new Set<string>();
  return {
    begin(): BlobSink {
      const id = randomUUID();
      const tmpPath = join(layout.tmp, id);
      pending.add(tmpPath);
      // 1 MiB buffer: fewer, larger write syscalls on the ingest hot path.
      const stream = createWriteStream(tmpPath, { highWaterMark: 1024 * 1024 });
      let failure: Error | undefined;
      stream.on('error', (error) => {
        failure = error;
      });
      let size = 0;
      const abort = async (): Promise<void> => {
        await closeQuietly(stream);
        pending.delete(tmpPath);
        await rm(tmpPath, { force: true });
      };
      return {
        write(chunk) {
          if (failure) return Promise.reject(failure);
          size += chunk.length;
          if (stream.write(chunk)) return undefined;
          return new Promise<void>((resolve, reject) => {
            const onDrain = (): void => {
              stream.off('error', onError);
              resolve();
            };
            const onError = (error: Error): void => {
              stream.off('drain', onDrain);
              reject(error);
            };
            stream.once('drain', onDrain);
            stream.once('error', onError);
          });
        },
        async finish() {
          if (failure) throw failure;
          stream.end();
          await once(stream, 'close');
          if (failure) throw failure;
          await rename(tmpPath, join(layout.blobs, id));
          pending.delete(tmpPath);
          return { id, size };
        },
        abort,
      };
    },
    read(ref: BlobRef, start: number, end: number) {
      return createReadStream(join(layout.blobs, ref.id), { start, end, highWaterMark: 1024 * 1024 });
    },
    async remove(ref) {
      await unlink(join(layout.blobs, ref.id)).catch(() => undefined);
    },
    async close() {
      await Promise.all([...pending].map((path) => rm(path, { force: true })));
      pending.clear();
    },
  };
}
