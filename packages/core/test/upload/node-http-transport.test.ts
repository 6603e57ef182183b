import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/upload/node/sources.js';
import { createNodeHttpTransport, fileChunkSize } from '../../src/upload/node/http-transport.js';

const KIB = 1024;
const MIB = 1024 * KIB;

describe('fileChunkSize', () => {
  it.each([
    [0, 0],
    [1, 1],
    [100, 100],
    [MIB - 1, MIB - 1],
    [MIB, MIB],
    [5 * MIB, MIB],
    [8 * MIB, MIB],
    [8 * MIB + 1, MIB + 64 * KIB],
    [16 * MIB, 2 * MIB],
    [20 * MIB + 3, 2 * MIB + 576 * KIB],
    [32 * MIB, 4 * MIB],
    [1024 * MIB, 4 * MIB],
    [5 * 1024 * MIB, 4 * MIB],
  ])('a range of %i bytes is read %i bytes at a time', (length, expected) => {
    expect(fileChunkSize(length)).toBe(expected);
  });

  it('never exceeds the range or 4 MiB, and is whole 64 KiB unless it is the whole range', () => {
    for (let length = 0; length <= 64 * MIB; length += 12_345 * 7) {
      const size = fileChunkSize(length);
      expect(size).toBeLessThanOrEqual(Math.min(length, 4 * MIB));
      if (size !== length) {
        expect(size % (64 * KIB)).toBe(0);
        expect(size).toBeGreaterThanOrEqual(MIB);
      }
    }
  });
});

describe('node:http transport, file bodies', () => {
  let dir: string;
  let server: ReturnType<typeof createServer>;
  let endpoint: string;
  const received: Buffer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oss-presign-transport-'));
    // A real server on port 0 that keeps each body whole, as OSS would store it.
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(Buffer.concat(chunks));
        response.writeHead(200, { etag: '"x"' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['a 20 MiB range, read in chunks of 2.5625 MiB', 20 * MIB + 3, 7],
    ['a 33 MiB range, read in chunks of the 4 MiB cap', 33 * MIB + 5, 0],
    ['a small body, read in one chunk of its own size', 1000, 11],
  ])('%s: sends exactly the range, reports every MiB as written and each chunk to onBodyChunk', async (_, length, start) => {
    const bytes = randomBytes(start + length + 9);
    const path = join(dir, `body-${length}.bin`);
    await writeFile(path, bytes);
    const payload = (await fileSource(path)).slice(start, start + length);
    const progress: number[] = [];
    const hash = createHash('sha256');
    let fed = 0;
    received.length = 0;
    const response = await createNodeHttpTransport().send({
      method: 'PUT',
      url: `${endpoint}/demo/key`,
      headers: {},
      body: payload,
      onUploadProgress: (loaded) => progress.push(loaded),
      onBodyChunk: (chunk) => {
        hash.update(chunk);
        fed += chunk.length;
      },
    });
    expect(response.status).toBe(200);
    const expected = bytes.subarray(start, start + length);
    expect(received).toHaveLength(1);
    expect(Buffer.compare(received[0] as Buffer, expected)).toBe(0);
    expect(fed).toBe(length);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
    // Progress is reported per write of at most 1 MiB (each chunk in 1 MiB slices), as with 1 MiB reads.
    const chunk = fileChunkSize(length);
    const steps = progress.map((loaded, i) => loaded - (progress[i - 1] ?? 0));
    expect(progress.at(-1)).toBe(length);
    expect(steps.every((step) => step > 0 && step <= MIB)).toBe(true);
    const fullChunks = Math.floor(length / chunk);
    expect(steps.length).toBe(fullChunks * Math.ceil(chunk / MIB) + Math.ceil((length - fullChunks * chunk) / MIB));
  });
});
