import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BlobRef, BlobSink, BlobStorage } from './types.js';

function* sliceChunks(chunks: readonly Buffer[], start: number, end: number): Generator<Buffer> {
  let offset = 0;
  for (const chunk of chunks) {
    const chunkEnd = offset + chunk.length; // exclusive
    if (chunkEnd > start && offset <= end) {
      yield chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, end - offset + 1));
    }
    offset = chunkEnd;
    if (offset > end) return;
  }
}

/**
 * Keeps blobs as lists of the received chunks: nothing is copied, and a blob exists only once
 * `finish()` registers it, so an interrupted upload leaves nothing behind.
 *
 * @example
 * ```ts
 * const blobs = createMemoryBlobs();
 * const sink = blobs.begin(); sink.write(Buffer.from('hi')); const ref = await sink.finish();
 * ```
 */
export function createMemoryBlobs(): BlobStorage {
  const blobs = new Map<string, readonly Buffer[]>();
  return {
    begin(): BlobSink {
      let chunks: Buffer[] | undefined = [];
      let size = 0;
      return {
        write(chunk) {
          chunks?.push(chunk);
          size += chunk.length;
          return undefined;
        },
        async finish() {
          const id = randomUUID();
          blobs.set(id, chunks ?? []);
          chunks = undefined;
          return { id, size };
        },
        async abort() {
          chunks = undefined;
        },
      };
    },
    read(ref: BlobRef, start: number, end: number) {
      return Readable.from(sliceChunks(blobs.get(ref.id) ?? [], start, end), { objectMode: false });
    },
    async remove(ref) {
      blobs.delete(ref.id);
    },
    async close() {
      blobs.clear();
    },
  };
}
