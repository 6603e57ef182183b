import type { Readable } from 'node:stream';
import { OssServiceError } from '../http/errors.js';
import { type BodyDigest, OFFLOAD_MIN_BYTES, createStreamingDigest } from './digest.js';
import type { LazyHashOffload } from './hash-offload.js';
import type { BlobRef, BlobSink } from './types.js';

/** A body stored as a blob, with its digests. */
export interface IngestResult extends BodyDigest {
  readonly ref: BlobRef;
}

/** Limits and helpers of one ingest. */
export interface IngestOptions {
  readonly maxBytes: number;
  /** The declared Content-Length, when there is one (chunked bodies have none). */
  readonly declaredLength?: number | undefined;
  readonly hashOffload?: LazyHashOffload | undefined;
}

/**
 * Streams a request body into a blob sink, hashing every chunk on the way and honouring the
 * back-pressure of the sink and the hash worker, so memory stays flat whatever the size. On any
 * failure (client gone, too large, disk error) the partial blob is thrown away before the error
 * propagates.
 *
 * @example
 * ```ts
 * const { ref, md5, crc64 } = await ingestBody(req, store.blobs.begin(), { maxBytes: 5 * 1024 ** 3 });
 * ```
 */
export async function ingestBody(source: Readable, sink: BlobSink, options: IngestOptions): Promise<IngestResult> {
  const large = options.declaredLength === undefined || options.declaredLength >= OFFLOAD_MIN_BYTES;
  const workers = large ? await options.hashOffload?.get() : undefined;
  const digest = createStreamingDigest(workers?.begin());
  let size = 0;
  try {
    // destroyOnReturn false: on an error the rest of the body is drained and an answer is still sent.
    for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > options.maxBytes) throw new OssServiceError('EntityTooLarge');
      const hashing = digest.update(chunk);
      const writing = sink.write(chunk);
      if (hashing) await hashing;
      if (writing) await writing;
    }
    const ref = await sink.finish();
    return { ref, ...(await digest.digest()) };
  } catch (error) {
    digest.cancel();
    await sink.abort();
    throw error;
  }
}
