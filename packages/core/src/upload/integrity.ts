/**
 * Digests of what is sent: CRC-64 (checked against x-oss-hash-crc64ecma) and Content-MD5. MD5 is
 * loaded on demand, only when an upload asks for Content-MD5 with the built-in digest.
 */

import { createCrc64 } from '../integrity/crc64.js';
import type { BodyPayload } from './body.js';
import { crcOfBlobInWorker } from './blob-worker.js';
import type { Md5Factory } from './md5.js';

/**
 * CRC-64 of a payload, read on its own (browser transports send Blobs natively, so the bytes are
 * read alongside the upload). In a browser, a Blob is read and hashed in a worker (./blob-worker.ts,
 * which comes with the engine), so the page stays responsive; without one, here, a chunk at a time.
 *
 * @example
 * ```ts
 * const crc = await crcOfPayload(source.slice(0, size));
 * ```
 */
export async function crcOfPayload(payload: BodyPayload): Promise<bigint> {
  const data = payload.data;
  if (typeof Blob !== 'undefined' && data instanceof Blob && 'Worker' in globalThis) {
    const inWorker = await crcOfBlobInWorker(data);
    if (inWorker !== undefined) return inWorker;
  }
  const crc = createCrc64();
  for await (const chunk of payload.open()) crc.update(chunk);
  return crc.digest();
}

/**
 * Base64 MD5 of a payload, with the caller's digest or (`true`) the built-in one, loaded on demand.
 *
 * @example
 * ```ts
 * const md5 = await md5OfPayload(payload, createMd5);
 * ```
 */
export async function md5OfPayload(payload: BodyPayload, factory: Md5Factory | true): Promise<string> {
  const digest = factory === true ? (await import('./md5.js')).createMd5() : factory();
  for await (const chunk of payload.open()) digest.update(chunk);
  return digest.digestBase64();
}

