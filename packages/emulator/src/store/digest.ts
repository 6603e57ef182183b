import { createHash } from 'node:crypto';
import { createCrc64 } from '@oss-presign/core/signer';
import type { OffloadJob } from './hash-offload.js';

/** What OSS reports about a body: its MD5 and CRC-64/ECMA (x-oss-hash-crc64ecma). */
export interface BodyDigest {
  readonly md5: Buffer;
  readonly crc64: bigint;
}

/** Hashes a body chunk by chunk, as it streams in. */
export interface StreamingDigest {
  /** The promise, when returned, is back-pressure from the hash workers. */
  update(chunk: Buffer): Promise<void> | undefined;
  digest(): Promise<BodyDigest>;
  cancel(): void;
}

/** Bodies from this size on are hashed on the worker threads; smaller ones are not worth the hop. */
export const OFFLOAD_MIN_BYTES = 1024 * 1024;

/**
 * MD5 (node:crypto) and CRC-64 (the core's implementation) over the same chunks: on the hash
 * worker threads when a job is given, else inline.
 *
 * @example
 * ```ts
 * const digest = createStreamingDigest();
 * for await (const chunk of req) await digest.update(chunk);
 * const { md5, crc64 } = await digest.digest();
 * ```
 */
export function createStreamingDigest(job?: OffloadJob): StreamingDigest {
  if (job) return { update: (chunk) => job.update(chunk), digest: () => job.digest(), cancel: () => job.cancel() };
  const md5 = createHash('md5');
  const crc = createCrc64();
  return {
    update(chunk) {
      md5.update(chunk);
      crc.update(chunk);
      return undefined;
    },
    digest: async () => ({ md5: md5.digest(), crc64: crc.digest() }),
    cancel: () => undefined,
  };
}

/**
 * The ETag OSS gives a single-request upload: the quoted upper-case hex MD5 (OSS doc "PutObject").
 *
 * @example
 * ```ts
 * md5ETag(digest.md5); // '"D41D8CD98F00B204E9800998ECF8427E"'
 * ```
 */
export function md5ETag(md5: Buffer): string {
  return `"${md5.toString('hex').toUpperCase()}"`;
}
