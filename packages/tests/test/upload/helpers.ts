/**
 * Shared set-up for the uploader's end-to-end tests: an emulator, a presigner pointed at it,
 * presigned callbacks, and files generated on disk and compared by streaming (never whole).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { type Presigner, type PresignerOptions, createPresigner } from '@oss-presign/core';
import { createCrc64 } from '@oss-presign/core/signer';
import { type Transport, createNodeHttpTransport, presignedMultipart } from '@oss-presign/core/upload/node';
import { type Emulator, type EmulatorOptions, startEmulator } from '@oss-presign/emulator';

export const REGION = 'cn-hangzhou';
export const BUCKET = 'demo';
export const CREDENTIALS = { accessKeyId: 'uploader-ak', accessKeySecret: 'uploader-sk' };
export const KIB = 1024;
export const MIB = 1024 * 1024;

export function startOss(overrides: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({ port: 0, host: '127.0.0.1', region: REGION, buckets: [BUCKET], credentials: [CREDENTIALS], ...overrides });
}

export function presignerFor(oss: Emulator, overrides: Partial<PresignerOptions> = {}): Presigner {
  return createPresigner({ region: REGION, bucket: BUCKET, credentials: CREDENTIALS, endpoint: oss.endpoint, ...overrides });
}

/** Callbacks that presign every multipart step for `key`, sent from the test over node:http. */
export function callbacksFor(presigner: Presigner, key: string, transport?: Transport) {
  return presignedMultipart({
    presign: (request) => presigner.presign({ ...request, key }, { expires: 3600 }),
    transport: transport ?? createNodeHttpTransport(),
  });
}

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Deterministic pseudo-random bytes: `size` bytes from `seed`, identical on every call. */
export function patternBytes(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let state = (seed * 2654435761) >>> 0 || 1;
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    view.setUint32(i, state >>> 0, true);
  }
  for (; i < size; i++) bytes[i] = (state >>> (8 * (i & 3))) & 0xff;
  return bytes;
}

/** Writes a file of `size` pattern bytes, 1 MiB at a time (each MiB different). */
export async function writePatternFile(path: string, size: number, seed = 1): Promise<void> {
  const out = createWriteStream(path);
  for (let offset = 0, chunk = 0; offset < size; offset += MIB, chunk++) {
    const bytes = patternBytes(Math.min(MIB, size - offset), seed * 100_003 + chunk);
    if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
}

export interface Digest {
  readonly sha256: string;
  readonly crc64: string;
  readonly size: number;
}

async function digestOf(chunks: AsyncIterable<Uint8Array>): Promise<Digest> {
  const sha = createHash('sha256');
  const crc = createCrc64();
  let size = 0;
  for await (const chunk of chunks) {
    sha.update(chunk);
    crc.update(chunk);
    size += chunk.length;
  }
  return { sha256: sha.digest('hex'), crc64: crc.digestDecimal(), size };
}

export function digestFile(path: string): Promise<Digest> {
  return digestOf(createReadStream(path, { highWaterMark: MIB }));
}

export function digestBytes(bytes: Uint8Array): Promise<Digest> {
  return digestOf((async function* () { yield bytes; })());
}

/** Reads an object back over HTTP (a presigned GET) and digests it as it streams. */
export async function digestObject(presigner: Presigner, key: string): Promise<Digest> {
  const { url } = await presigner.presign({ operation: 'GetObject', key });
  const response = await fetch(url);
  if (response.status !== 200 || !response.body) throw new Error(`GET ${key}: ${response.status} ${await response.text()}`);
  return digestOf(response.body as unknown as AsyncIterable<Uint8Array>);
}

/** A transport that counts requests per part number (and single PUTs as part 0). */
export function countingTransport(inner: Transport = createNodeHttpTransport()): Transport & { counts: Map<number, number>; total: () => number } {
  const counts = new Map<number, number>();
  return {
    name: `counting(${inner.name})`,
    streamsBody: inner.streamsBody,
    counts,
    total: () => [...counts.values()].reduce((sum, count) => sum + count, 0),
    send(request) {
      if (request.method === 'PUT') {
        const part = Number(/[?&]partNumber=(\d+)/.exec(request.url)?.[1] ?? 0);
        counts.set(part, (counts.get(part) ?? 0) + 1);
      }
      return inner.send(request);
    },
  };
}
