import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc64 } from '@oss-presign/core/signer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { BUCKET, expectSameBytes, parseXmlBody, presignedUrl, putTo, readError, signedFetch, startTestEmulator } from './helpers.js';

let dataDir: string;
let oss: Emulator | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oss-emulator-test-'));
});
afterEach(async () => {
  await oss?.close();
  oss = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

function md5Hex(body: Buffer): string {
  return createHash('md5').update(body).digest('hex').toUpperCase();
}

/** Sends `sent` bytes of a body declared as `declared` bytes, then drops the connection. */
function abortedPut(url: string, declared: number, sent: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'PUT', headers: { 'content-length': declared } });
    req.on('error', () => resolve());
    req.write(Buffer.alloc(sent, 1), () => {
      req.destroy();
      resolve();
    });
  });
}

// Disk mode hashes large bodies on the worker threads, memory mode (hashWorkers: false) inline.
describe.each([
  ['on disk, hashing on worker threads', true],
  ['in memory, hashing inline', false],
])('storage %s', (_name, onDisk) => {
  async function start(): Promise<Emulator> {
    oss = await startTestEmulator({ dataDir: onDisk ? dataDir : undefined, hashWorkers: onDisk });
    return oss;
  }

  it('hashes a large body while streaming it (MD5, CRC-64) and stores it whole', async () => {
    const emulator = await start();
    const body = randomBytes(6 * 1024 * 1024 + 13);
    const response = await putTo(presignedUrl(emulator, { method: 'PUT', key: 's/large.bin' }), body);
    expect(response.headers.get('etag')).toBe(`"${md5Hex(body)}"`);
    expect(response.headers.get('x-oss-hash-crc64ecma')).toBe(crc64(body).toString());
    expectSameBytes(await emulator.getObjectBytes(BUCKET, 's/large.bin'), body);
  });

  it('leaves nothing behind when the client drops mid-body', async () => {
    const emulator = await start();
    await abortedPut(presignedUrl(emulator, { method: 'PUT', key: 's/dropped.bin' }), 4 * 1024 * 1024, 512 * 1024);
    // The server notices the drop asynchronously: wait for its temporary file to go.
    if (onDisk) await expect.poll(() => readdir(join(dataDir, 'tmp')), { timeout: 5000 }).toEqual([]);
    expect(await emulator.getObjectBytes(BUCKET, 's/dropped.bin')).toBeUndefined();
    expect(await emulator.listObjects(BUCKET)).toEqual([]);
    if (onDisk) expect(await readdir(join(dataDir, 'blobs'))).toEqual([]);
  });

  it('leaves nothing behind for a rejected upload (bad Content-MD5)', async () => {
    const emulator = await start();
    const headers = { 'content-md5': createHash('md5').update('expected').digest('base64') };
    const response = await putTo(presignedUrl(emulator, { method: 'PUT', key: 's/rejected.bin', headers }), randomBytes(2 * 1024 * 1024), headers);
    expect((await readError(response)).code).toBe('InvalidDigest');
    expect(await emulator.listObjects(BUCKET)).toEqual([]);
    if (onDisk) {
      expect(await readdir(join(dataDir, 'blobs'))).toEqual([]);
      expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
    }
  });

  it('ends concurrent writers to one key with one whole object', async () => {
    const emulator = await start();
    const url = presignedUrl(emulator, { method: 'PUT', key: 's/race.bin' });
    const bodies = Array.from({ length: 8 }, () => randomBytes(300 * 1024));
    const responses = await Promise.all(bodies.map((body) => putTo(url, body)));
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    const stored = (await emulator.getObjectBytes(BUCKET, 's/race.bin')) as Buffer;
    const winner = bodies.find((body) => body.equals(stored));
    expect(winner).toBeDefined();
    const [listed] = await emulator.listObjects(BUCKET);
    expect(listed?.etag).toBe(`"${md5Hex(winner as Buffer)}"`);
    if (onDisk) expect(await readdir(join(dataDir, 'blobs'))).toHaveLength(1);
  });

  it('frees the parts of an aborted multipart upload', async () => {
    const emulator = await start();
    const init = await signedFetch(emulator, { method: 'POST', key: 's/parts.bin', query: { uploads: null } });
    const uploadId = parseXmlBody(await init.text()).InitiateMultipartUploadResult.UploadId as string;
    for (const partNumber of ['1', '2']) {
      await putTo(presignedUrl(emulator, { method: 'PUT', key: 's/parts.bin', query: { partNumber, uploadId } }), randomBytes(1024));
    }
    if (onDisk) expect(await readdir(join(dataDir, 'blobs'))).toHaveLength(2);
    await signedFetch(emulator, { method: 'DELETE', key: 's/parts.bin', query: { uploadId } });
    if (onDisk) expect(await readdir(join(dataDir, 'blobs'))).toEqual([]);
    expect(await emulator.listMultipartUploads(BUCKET)).toEqual([]);
  });
});

describe('a data dir', () => {
  it('survives a restart, and deletes files neither an object nor an upload references', async () => {
    const first = await startTestEmulator({ dataDir });
    const body = randomBytes(4096);
    await putTo(presignedUrl(first, { method: 'PUT', key: 'keep/me.bin', headers: { 'x-oss-meta-a': 'b' } }), body, { 'x-oss-meta-a': 'b' });
    const init = await signedFetch(first, { method: 'POST', key: 'keep/unfinished.bin', query: { uploads: null } });
    const uploadId = parseXmlBody(await init.text()).InitiateMultipartUploadResult.UploadId as string;
    await putTo(presignedUrl(first, { method: 'PUT', key: 'keep/unfinished.bin', query: { partNumber: '1', uploadId } }), randomBytes(10));
    await first.close();
    await writeFile(join(dataDir, 'blobs', 'stray'), 'left by a crash');

    oss = await startTestEmulator({ dataDir });
    expect(await oss.getObjectBytes(BUCKET, 'keep/me.bin')).toEqual(body);
    const got = await fetch(presignedUrl(oss, { method: 'GET', key: 'keep/me.bin' }));
    expect(got.headers.get('etag')).toBe(`"${md5Hex(body)}"`);
    expect(got.headers.get('x-oss-meta-a')).toBe('b');
    // The upload in progress survives with its part; the stray file is removed.
    expect(await oss.listMultipartUploads(BUCKET)).toMatchObject([{ key: 'keep/unfinished.bin', uploadId, parts: 1 }]);
    const blobs = await readdir(join(dataDir, 'blobs'));
    expect(blobs).toHaveLength(2);
    expect(blobs).not.toContain('stray');
  });
});
