/**
 * Issue 4 proof 1: single and multipart uploads of 0 B, 1 B, 100 KiB − 1, exact part multiples
 * and 300 MiB, over HTTP to the emulator; bytes read back identical (streamed SHA-256) and the
 * CRC-64 equal everywhere (the uploader's, OSS's answer, the stored object's, the file's).
 * The 300 MiB file is generated on disk and streamed; it is never held in memory.
 */
import { join } from 'node:path';
import type { Presigner } from '@oss-presign/core';
import { uploadMultipart, uploadObject } from '@oss-presign/core/upload/node';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, KIB, MIB, callbacksFor, digestBytes, digestFile, digestObject, patternBytes, presignerFor, startOss, tempDir, writePatternFile } from './helpers.js';

let oss: Emulator;
let presigner: Presigner;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir('oss-presign-sizes-');
  // dataDir: the 300 MiB objects live on disk in the emulator too.
  oss = await startOss({ dataDir: join(dir.path, 'oss') });
  presigner = presignerFor(oss);
});
afterAll(async () => {
  await oss?.close();
  await dir?.remove();
});

async function storedCrc(key: string): Promise<string | undefined> {
  return (await oss.listObjects(BUCKET)).find((object) => object.key === key)?.crc64;
}

const PART = 100 * KIB;
const small: [string, number, number][] = [
  ['0 B', 0, PART],
  ['1 B', 1, PART],
  ['100 KiB - 1', PART - 1, PART],
  ['3 x 100 KiB (exact multiple)', 3 * PART, PART],
  ['2 x 1 MiB + 1 B', 2 * MIB + 1, MIB],
  ['4 x 1 MiB (exact multiple)', 4 * MIB, MIB],
];

describe.each(small)('%s', (_name, size, partSize) => {
  const bytes = patternBytes(size, size + 1);

  it('single PUT from memory', async () => {
    const key = `single/${size}.bin`;
    const result = await uploadObject({ target: await presigner.presign({ operation: 'PutObject', key }), body: bytes });
    const expected = await digestBytes(bytes);
    expect(await digestObject(presigner, key)).toEqual(expected);
    expect(result).toMatchObject({ size, crc64: expected.crc64, serverCrc64: expected.crc64, verified: true, retries: 0 });
    expect(await storedCrc(key)).toBe(expected.crc64);
  });

  it('multipart from a file', async () => {
    const key = `multipart/${size}.bin`;
    const path = join(dir.path, `${size}.bin`);
    await writePatternFile(path, size, size + 7);
    const result = await uploadMultipart({ ...callbacksFor(presigner, key), body: { path }, partSize });
    const expected = await digestFile(path);
    expect(await digestObject(presigner, key)).toEqual(expected);
    expect(result).toMatchObject({ size, crc64: expected.crc64, serverCrc64: expected.crc64, verified: true, partSize });
    expect(result.parts).toHaveLength(Math.max(1, Math.ceil(size / partSize)));
    expect(await storedCrc(key)).toBe(expected.crc64);
    expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);
  });
});

describe('300 MiB from a file on disk', () => {
  const size = 300 * MIB;
  let path: string;
  let expected: Awaited<ReturnType<typeof digestFile>>;

  beforeAll(async () => {
    path = join(dir.path, '300MiB.bin');
    await writePatternFile(path, size, 300);
    expected = await digestFile(path);
  });

  it('single PUT, streamed', async () => {
    const key = 'big/single.bin';
    let events = 0;
    const result = await uploadObject({ target: await presigner.presign({ operation: 'PutObject', key }), body: { path }, onProgress: () => events++ });
    expect(result).toMatchObject({ size, crc64: expected.crc64, serverCrc64: expected.crc64, verified: true });
    expect(events).toBeGreaterThan(100);
    expect(await digestObject(presigner, key)).toEqual(expected);
    expect(await storedCrc(key)).toBe(expected.crc64);
  });

  it('multipart, 30 parts of 10 MiB, concurrency 4', async () => {
    const key = 'big/multipart.bin';
    const result = await uploadMultipart({ ...callbacksFor(presigner, key), body: { path }, partSize: 10 * MIB, concurrency: 4 });
    expect(result).toMatchObject({ size, crc64: expected.crc64, serverCrc64: expected.crc64, verified: true });
    expect(result.parts).toHaveLength(30);
    expect(result.etag).toMatch(/-30"$/);
    expect(await digestObject(presigner, key)).toEqual(expected);
    expect(await storedCrc(key)).toBe(expected.crc64);
  });
});
