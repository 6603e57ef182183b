import { createHash, randomBytes } from 'node:crypto';
import { crc64 } from '@oss-presign/core/signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { BUCKET, expectSameBytes, parseXmlBody, presignedUrl, putTo, readError, signedFetch, startTestEmulator } from './helpers.js';

const KB = 1024;
let oss: Emulator;

beforeAll(async () => {
  oss = await startTestEmulator();
});
afterAll(async () => {
  await oss.close();
});

async function initiate(key: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await signedFetch(oss, { method: 'POST', key, query: { uploads: null }, headers });
  expect(response.status).toBe(200);
  const result = parseXmlBody(await response.text()).InitiateMultipartUploadResult;
  expect(result).toMatchObject({ Bucket: BUCKET, Key: key });
  return result.UploadId as string;
}

function uploadPart(key: string, uploadId: string, partNumber: number | string, body: Buffer): Promise<Response> {
  const url = presignedUrl(oss, { method: 'PUT', key, query: { partNumber: String(partNumber), uploadId } });
  return putTo(url, body);
}

function completeXml(parts: { partNumber: number | string; etag: string }[]): string {
  const items = parts.map((part) => `<Part><PartNumber>${part.partNumber}</PartNumber><ETag>${part.etag}</ETag></Part>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>${items}</CompleteMultipartUpload>`;
}

function complete(key: string, uploadId: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return signedFetch(oss, { method: 'POST', key, query: { uploadId }, headers, body });
}

function etagOf(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex').toUpperCase()}"`;
}

describe('a whole multipart upload', () => {
  const key = 'mp/whole.bin';
  const parts = [randomBytes(200 * KB), randomBytes(150 * KB), randomBytes(50 * KB)];
  let uploadId: string;
  const etags: string[] = [];

  it('initiates with a 32-hex upload id', async () => {
    uploadId = await initiate(key, { 'content-type': 'application/x-test', 'x-oss-meta-owner': 'bob' });
    expect(uploadId).toMatch(/^[0-9A-F]{32}$/);
  });

  it('uploads parts, each answering its MD5 ETag and CRC-64', async () => {
    for (const [index, body] of parts.entries()) {
      const response = await uploadPart(key, uploadId, index + 1, body);
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe(etagOf(body));
      expect(response.headers.get('x-oss-hash-crc64ecma')).toBe(crc64(body).toString());
      etags.push(response.headers.get('etag') as string);
    }
    expect(await oss.listMultipartUploads(BUCKET)).toContainEqual(expect.objectContaining({ key, uploadId, parts: 3 }));
  });

  it('lists parts in pages', async () => {
    const first = await signedFetch(oss, { method: 'GET', key, query: { uploadId, 'max-parts': '2' } });
    const page = parseXmlBody(await first.text()).ListPartsResult;
    expect(page.Part.map((part: any) => [part.PartNumber, part.ETag, part.Size])).toEqual([
      ['1', etags[0], String(200 * KB)],
      ['2', etags[1], String(150 * KB)],
    ]);
    expect(page).toMatchObject({ IsTruncated: 'true', NextPartNumberMarker: '2', MaxParts: '2' });
    const second = await signedFetch(oss, { method: 'GET', key, query: { uploadId, 'part-number-marker': '2' } });
    const rest = parseXmlBody(await second.text()).ListPartsResult;
    expect(rest.Part.map((part: any) => part.PartNumber)).toEqual(['3']);
    expect(rest.IsTruncated).toBe('false');
  });

  it('lists the upload in progress with GET ?uploads', async () => {
    const response = await signedFetch(oss, { method: 'GET', query: { uploads: null, prefix: 'mp/' } });
    const result = parseXmlBody(await response.text()).ListMultipartUploadsResult;
    expect(result.Upload.map((upload: any) => upload.UploadId)).toContain(uploadId);
  });

  it('keeps the object invisible until completed', async () => {
    expect(await oss.getObjectBytes(BUCKET, key)).toBeUndefined();
    expect((await readError(await signedFetch(oss, { method: 'GET', key }))).code).toBe('NoSuchKey');
  });

  it('completes into one object with a "HEX-N" ETag and the combined CRC-64', async () => {
    const response = await complete(key, uploadId, completeXml(etags.map((etag, index) => ({ partNumber: index + 1, etag }))));
    expect(response.status).toBe(200);
    const result = parseXmlBody(await response.text()).CompleteMultipartUploadResult;
    const expectedETag = `"${createHash('md5')
      .update(Buffer.concat(parts.map((part) => createHash('md5').update(part).digest())))
      .digest('hex')
      .toUpperCase()}-3"`;
    expect(result).toMatchObject({ Bucket: BUCKET, Key: key, ETag: expectedETag });
    const whole = Buffer.concat(parts);
    expect(response.headers.get('x-oss-hash-crc64ecma')).toBe(crc64(whole).toString());
    expectSameBytes(await oss.getObjectBytes(BUCKET, key), whole);
    const got = await signedFetch(oss, { method: 'GET', key, headers: { range: `bytes=${200 * KB - 5}-${200 * KB + 4}` } });
    expect(Buffer.from(await got.arrayBuffer())).toEqual(whole.subarray(200 * KB - 5, 200 * KB + 5));
    const head = await signedFetch(oss, { method: 'HEAD', key });
    expect(head.headers.get('x-oss-object-type')).toBe('Multipart');
    expect(head.headers.get('content-type')).toBe('application/x-test');
    expect(head.headers.get('x-oss-meta-owner')).toBe('bob');
    expect(head.headers.get('etag')).toBe(expectedETag);
  });

  it('consumes the upload id', async () => {
    const list = await signedFetch(oss, { method: 'GET', key, query: { uploadId } });
    expect(await readError(list)).toMatchObject({ status: 404, code: 'NoSuchUpload', ec: '0042-00000002' });
    const part = await uploadPart(key, uploadId, 4, Buffer.from('late'));
    expect(await readError(part)).toMatchObject({ status: 404, code: 'NoSuchUpload', ec: '0042-00000104' });
    expect(await oss.listMultipartUploads(BUCKET)).not.toContainEqual(expect.objectContaining({ uploadId }));
  });
});

describe('CompleteMultipartUpload errors', () => {
  const big = randomBytes(120 * KB);
  const small = randomBytes(10 * KB);

  async function uploadWithParts(key: string, bodies: Buffer[]): Promise<{ uploadId: string; etags: string[] }> {
    const uploadId = await initiate(key);
    const etags: string[] = [];
    for (const [index, body] of bodies.entries()) etags.push((await uploadPart(key, uploadId, index + 1, body)).headers.get('etag') as string);
    return { uploadId, etags };
  }

  it('InvalidPartOrder when parts are not ascending', async () => {
    const { uploadId, etags } = await uploadWithParts('mp/order.bin', [big, big]);
    const response = await complete('mp/order.bin', uploadId, completeXml([{ partNumber: 2, etag: etags[1] as string }, { partNumber: 1, etag: etags[0] as string }]));
    expect(await readError(response)).toMatchObject({ status: 400, code: 'InvalidPartOrder', ec: '0042-00000209' });
  });

  it('InvalidPart for a wrong ETag or a part never uploaded', async () => {
    const { uploadId, etags } = await uploadWithParts('mp/part.bin', [big, small]);
    const wrong = await complete('mp/part.bin', uploadId, completeXml([{ partNumber: 1, etag: etags[1] as string }, { partNumber: 2, etag: etags[1] as string }]));
    expect(await readError(wrong)).toMatchObject({ status: 400, code: 'InvalidPart' });
    const missing = await complete('mp/part.bin', uploadId, completeXml([{ partNumber: 1, etag: etags[0] as string }, { partNumber: 3, etag: etags[1] as string }]));
    expect((await readError(missing)).code).toBe('InvalidPart');
    // Unquoted, lower-case ETags are accepted, and the last part may be small.
    const ok = await complete('mp/part.bin', uploadId, completeXml(etags.map((etag, index) => ({ partNumber: index + 1, etag: etag.slice(1, -1).toLowerCase() }))));
    expect(ok.status).toBe(200);
  });

  it('EntityTooSmall when a part other than the last is under 100 KB', async () => {
    const { uploadId, etags } = await uploadWithParts('mp/small.bin', [small, big]);
    const response = await complete('mp/small.bin', uploadId, completeXml(etags.map((etag, index) => ({ partNumber: index + 1, etag }))));
    const error = await readError(response);
    expect(error).toMatchObject({ status: 400, code: 'EntityTooSmall', ec: '0042-00000213' });
    expect(error.fields).toMatchObject({ ProposedSize: String(10 * KB), MinSizeAllowed: '102400' });
  });

  it('MalformedXML for a body that is not the part list', async () => {
    const { uploadId } = await uploadWithParts('mp/xml.bin', [small]);
    for (const body of ['<<<not xml', '<CompleteMultipartUpload></CompleteMultipartUpload>', '<Other/>', completeXml([{ partNumber: 'one', etag: 'x' }])]) {
      expect(await readError(await complete('mp/xml.bin', uploadId, body))).toMatchObject({ status: 400, code: 'MalformedXML', ec: '0031-00000001' });
    }
  });

  it('x-oss-complete-all: yes takes every part, and refuses a body too', async () => {
    const { uploadId } = await uploadWithParts('mp/all.bin', [big, small]);
    const both = await complete('mp/all.bin', uploadId, completeXml([{ partNumber: 1, etag: 'x' }]), { 'x-oss-complete-all': 'yes' });
    const error = await readError(both);
    expect(error).toMatchObject({ status: 400, code: 'InvalidArgument', ec: '0042-00000216' });
    expect(error.message).toBe('Should not speficy both complete all header and http body.');
    const all = await complete('mp/all.bin', uploadId, '', { 'x-oss-complete-all': 'yes' });
    expect(all.status).toBe(200);
    expectSameBytes(await oss.getObjectBytes(BUCKET, 'mp/all.bin'), Buffer.concat([big, small]));
  });

  it('x-oss-forbid-overwrite keeps the existing object and the upload', async () => {
    await putTo(presignedUrl(oss, { method: 'PUT', key: 'mp/kept.bin' }), 'existing');
    const { uploadId, etags } = await uploadWithParts('mp/kept.bin', [small]);
    const response = await complete('mp/kept.bin', uploadId, completeXml([{ partNumber: 1, etag: etags[0] as string }]), { 'x-oss-forbid-overwrite': 'true' });
    expect(await readError(response)).toMatchObject({ status: 409, code: 'FileAlreadyExists' });
    expect((await oss.getObjectBytes(BUCKET, 'mp/kept.bin'))?.toString()).toBe('existing');
    expect((await signedFetch(oss, { method: 'DELETE', key: 'mp/kept.bin', query: { uploadId } })).status).toBe(204);
  });
});

describe('UploadPart and AbortMultipartUpload', () => {
  it.each(['0', '10001', 'one', ''])('refuses partNumber=%j', async (partNumber) => {
    const uploadId = await initiate('mp/number.bin');
    const error = await readError(await uploadPart('mp/number.bin', uploadId, partNumber, Buffer.from('x')));
    expect(error).toMatchObject({ status: 400, code: 'InvalidArgument', message: 'Part number must be an integer between 1 and 10000, inclusive.' });
  });

  it('replaces a part uploaded twice', async () => {
    const uploadId = await initiate('mp/twice.bin');
    await uploadPart('mp/twice.bin', uploadId, 1, Buffer.from('first'));
    const second = await uploadPart('mp/twice.bin', uploadId, 1, Buffer.from('second'));
    const done = await complete('mp/twice.bin', uploadId, completeXml([{ partNumber: 1, etag: second.headers.get('etag') as string }]));
    expect(done.status).toBe(200);
    expect((await oss.getObjectBytes(BUCKET, 'mp/twice.bin'))?.toString()).toBe('second');
  });

  it('checks a part Content-MD5', async () => {
    const uploadId = await initiate('mp/md5.bin');
    const headers = { 'content-md5': createHash('md5').update('other').digest('base64') };
    const url = presignedUrl(oss, { method: 'PUT', key: 'mp/md5.bin', query: { partNumber: '1', uploadId }, headers });
    const response = await putTo(url, 'body', headers);
    expect((await readError(response)).code).toBe('InvalidDigest');
    expect(await oss.listMultipartUploads(BUCKET)).toContainEqual(expect.objectContaining({ uploadId, parts: 0 }));
  });

  it('aborts with 204, after which the upload id is unknown', async () => {
    const uploadId = await initiate('mp/abort.bin');
    await uploadPart('mp/abort.bin', uploadId, 1, Buffer.from('part'));
    expect((await signedFetch(oss, { method: 'DELETE', key: 'mp/abort.bin', query: { uploadId } })).status).toBe(204);
    expect(await oss.listMultipartUploads(BUCKET)).not.toContainEqual(expect.objectContaining({ uploadId }));
    const again = await signedFetch(oss, { method: 'DELETE', key: 'mp/abort.bin', query: { uploadId } });
    expect(await readError(again)).toMatchObject({ status: 404, code: 'NoSuchUpload', ec: '0042-00000002' });
    const done = await complete('mp/abort.bin', uploadId, completeXml([{ partNumber: 1, etag: 'x' }]));
    expect((await readError(done)).code).toBe('NoSuchUpload');
  });

  it('refuses an upload id used with another key', async () => {
    const uploadId = await initiate('mp/key-a.bin');
    const response = await uploadPart('mp/key-b.bin', uploadId, 1, Buffer.from('x'));
    expect((await readError(response)).code).toBe('NoSuchUpload');
  });
});
