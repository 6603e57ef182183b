// With dataDir, multipart uploads in progress survive a restart of the emulator.
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { BUCKET, CREDENTIALS, expectSameBytes, parseXmlBody, readError, signedFetch, startTestEmulator } from './helpers.js';

let dataDir: string;
let oss: Emulator | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oss-emulator-restart-'));
});
afterEach(async () => {
  await oss?.close();
  oss = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

async function restart(): Promise<Emulator> {
  await oss?.close();
  oss = await startTestEmulator({ dataDir });
  return oss;
}

async function initiate(emulator: Emulator, key: string): Promise<string> {
  const response = await signedFetch(emulator, { method: 'POST', key, query: { uploads: null }, headers: { 'x-oss-meta-owner': 'restart' } });
  expect(response.status).toBe(200);
  return parseXmlBody(await response.text()).InitiateMultipartUploadResult.UploadId as string;
}

async function uploadPart(emulator: Emulator, key: string, uploadId: string, partNumber: number, body: Buffer): Promise<string> {
  const response = await signedFetch(emulator, { method: 'PUT', key, query: { partNumber: String(partNumber), uploadId }, body });
  expect(response.status).toBe(200);
  return response.headers.get('etag') as string;
}

function completeXml(etags: readonly string[]): string {
  const parts = etags.map((etag, index) => `<Part><PartNumber>${index + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('');
  return `<CompleteMultipartUpload>${parts}</CompleteMultipartUpload>`;
}

describe('multipart uploads across a restart (dataDir)', () => {
  it('initiate and a part, restart, the rest of the parts and complete: byte-identical', async () => {
    const key = 'restart/big.bin';
    const parts = [randomBytes(150 * 1024), randomBytes(120 * 1024), randomBytes(7 * 1024)];
    let emulator = await restart();
    const uploadId = await initiate(emulator, key);
    const first = await uploadPart(emulator, key, uploadId, 1, parts[0] as Buffer);

    emulator = await restart();
    const [listed] = await emulator.listMultipartUploads(BUCKET);
    expect(listed).toMatchObject({ key, uploadId, parts: 1 });
    const listing = parseXmlBody(await (await signedFetch(emulator, { method: 'GET', key, query: { uploadId } })).text());
    expect(listing.ListPartsResult.Part.map((part: any) => [part.PartNumber, part.ETag, part.Size])).toEqual([['1', first, String(150 * 1024)]]);

    const rest = [await uploadPart(emulator, key, uploadId, 2, parts[1] as Buffer), await uploadPart(emulator, key, uploadId, 3, parts[2] as Buffer)];
    const complete = await signedFetch(emulator, { method: 'POST', key, query: { uploadId }, body: completeXml([first, ...rest]) });
    expect(complete.status).toBe(200);
    const md5s = Buffer.concat(parts.map((part) => createHash('md5').update(part).digest()));
    expect(complete.headers.get('etag')).toBe(`"${createHash('md5').update(md5s).digest('hex').toUpperCase()}-3"`);
    expectSameBytes(await emulator.getObjectBytes(BUCKET, key), Buffer.concat(parts));
    expect((await emulator.listObjects(BUCKET))[0]?.userMeta).toEqual({ 'x-oss-meta-owner': 'restart' });
    expect(await emulator.listMultipartUploads(BUCKET)).toEqual([]);
    expect(await readdir(join(dataDir, 'uploads'))).toEqual([]);

    // And the completed object itself survives the next restart.
    emulator = await restart();
    expectSameBytes(await emulator.getObjectBytes(BUCKET, key), Buffer.concat(parts));
  });

  it('a part replaced after a restart frees the old bytes; an abort after a restart frees every part', async () => {
    const key = 'restart/aborted.bin';
    let emulator = await restart();
    const uploadId = await initiate(emulator, key);
    await uploadPart(emulator, key, uploadId, 1, randomBytes(1024));
    await uploadPart(emulator, key, uploadId, 2, randomBytes(1024));
    emulator = await restart();
    expect(await readdir(join(dataDir, 'blobs'))).toHaveLength(2);
    await uploadPart(emulator, key, uploadId, 1, randomBytes(1024));
    expect(await readdir(join(dataDir, 'blobs'))).toHaveLength(2);

    emulator = await restart();
    expect((await signedFetch(emulator, { method: 'DELETE', key, query: { uploadId } })).status).toBe(204);
    expect(await readdir(join(dataDir, 'blobs'))).toEqual([]);
    emulator = await restart();
    expect(await emulator.listMultipartUploads(BUCKET)).toEqual([]);
    const error = await readError(await signedFetch(emulator, { method: 'GET', key, query: { uploadId } }));
    expect(error).toMatchObject({ status: 404, code: 'NoSuchUpload' });
  });

  it('an upload whose object was committed before its file was deleted is dropped, the object kept', async () => {
    const key = 'restart/committed.bin';
    let emulator = await restart();
    const uploadId = await initiate(emulator, key);
    const body = randomBytes(2048);
    const etag = await uploadPart(emulator, key, uploadId, 1, body);
    // What a stop between the commit and the file's removal leaves: the object and the upload file.
    const saved = join(dataDir, 'upload.json.saved');
    await copyFile(join(dataDir, 'uploads', `${uploadId}.json`), saved);
    expect((await signedFetch(emulator, { method: 'POST', key, query: { uploadId }, body: completeXml([etag]) })).status).toBe(200);
    await emulator.close();
    await copyFile(saved, join(dataDir, 'uploads', `${uploadId}.json`));

    emulator = await restart();
    expect(await emulator.listMultipartUploads(BUCKET)).toEqual([]);
    expect(await readdir(join(dataDir, 'uploads'))).toEqual([]);
    expectSameBytes(await emulator.getObjectBytes(BUCKET, key), body);
  });

  it('ali-oss resumes a multipart upload across a restart', async () => {
    const key = 'restart/ali.bin';
    const body = randomBytes(350 * 1024);
    const client = (emulator: Emulator): any =>
      new OSS({
        region: 'oss-cn-hangzhou', bucket: BUCKET, endpoint: `http://localhost:${emulator.port}`, sldEnable: true, authorizationV4: true,
        accessKeyId: CREDENTIALS.accessKeyId, accessKeySecret: CREDENTIALS.accessKeySecret,
      });
    let emulator = await restart();
    const { uploadId } = await client(emulator).initMultipartUpload(key);
    const file = join(dataDir, 'source.bin');
    await writeFile(file, body);
    const part1 = await client(emulator).uploadPart(key, uploadId, 1, file, 0, 200 * 1024);
    emulator = await restart();
    const part2 = await client(emulator).uploadPart(key, uploadId, 2, file, 200 * 1024, body.length);
    const result = await client(emulator).completeMultipartUpload(key, uploadId, [
      { number: 1, etag: part1.etag },
      { number: 2, etag: part2.etag },
    ]);
    expect(result.res.status).toBe(200);
    expectSameBytes(await emulator.getObjectBytes(BUCKET, key), body);
  });
});

