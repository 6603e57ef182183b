import { createHash } from 'node:crypto';
import { crc64 } from '@oss-presign/core/signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import {
  BUCKET,
  headerSigned,
  parseXmlBody,
  presignedUrl,
  putTo,
  rawExchange,
  readError,
  startTestEmulator,
} from './helpers.js';

let oss: Emulator;

beforeAll(async () => {
  oss = await startTestEmulator({ maxObjectSize: 64 * 1024 });
});
afterAll(async () => {
  await oss.close();
});

function md5(body: Buffer): Buffer {
  return createHash('md5').update(body).digest();
}

async function put(key: string, body: Buffer, headers: Record<string, string> = {}): Promise<Response> {
  return putTo(presignedUrl(oss, { method: 'PUT', key, headers }), body, headers);
}

async function get(key: string, headers: Record<string, string> = {}, query?: Record<string, string>): Promise<Response> {
  return fetch(presignedUrl(oss, { method: 'GET', key, query }), { headers });
}

describe('PutObject', () => {
  it('answers the quoted upper-case MD5 ETag, Content-MD5 and x-oss-hash-crc64ecma', async () => {
    const body = Buffer.from('The quick brown fox jumps over the lazy dog');
    const response = await put('obj/fox.txt', body);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${md5(body).toString('hex').toUpperCase()}"`);
    expect(response.headers.get('content-md5')).toBe(md5(body).toString('base64'));
    expect(response.headers.get('x-oss-hash-crc64ecma')).toBe(crc64(body).toString());
    expect(response.headers.get('x-oss-request-id')).toMatch(/^[0-9A-F]{24}$/);
  });

  it('stores an empty object as OSS does', async () => {
    const response = await put('obj/empty', Buffer.alloc(0));
    expect(response.headers.get('etag')).toBe('"D41D8CD98F00B204E9800998ECF8427E"');
    expect(response.headers.get('x-oss-hash-crc64ecma')).toBe('0');
    expect(response.headers.get('content-md5')).toBe('1B2M2Y8AsgTpgAmY7PhCfg==');
    const got = await get('obj/empty');
    expect(got.status).toBe(200);
    expect((await got.arrayBuffer()).byteLength).toBe(0);
  });

  it('checks Content-MD5: a wrong one is InvalidDigest and the previous object stays', async () => {
    const original = Buffer.from('original');
    await put('obj/md5.txt', original);
    const body = Buffer.from('replacement');
    const ok = await put('obj/md5.txt', body, { 'content-md5': md5(body).toString('base64') });
    expect(ok.status).toBe(200);
    const wrong = await put('obj/md5.txt', Buffer.from('corrupted'), { 'content-md5': md5(body).toString('base64') });
    expect(await readError(wrong)).toMatchObject({ status: 400, code: 'InvalidDigest', ec: '0017-00000503' });
    expect(await oss.getObjectBytes(BUCKET, 'obj/md5.txt')).toEqual(body);
    const malformed = await put('obj/md5.txt', Buffer.from('x'), { 'content-md5': 'not-base64' });
    expect(await readError(malformed)).toMatchObject({ status: 400, code: 'InvalidDigest', ec: '0017-00000502' });
  });

  it('honours x-oss-forbid-overwrite', async () => {
    await put('obj/once.txt', Buffer.from('first'));
    const again = await put('obj/once.txt', Buffer.from('second'), { 'x-oss-forbid-overwrite': 'true' });
    expect(await readError(again)).toMatchObject({ status: 409, code: 'FileAlreadyExists' });
    expect((await oss.getObjectBytes(BUCKET, 'obj/once.txt'))?.toString()).toBe('first');
    const fresh = await put('obj/fresh.txt', Buffer.from('new'), { 'x-oss-forbid-overwrite': 'true' });
    expect(fresh.status).toBe(200);
    const invalid = await put('obj/fresh.txt', Buffer.from('x'), { 'x-oss-forbid-overwrite': 'maybe' });
    expect(await readError(invalid)).toMatchObject({ status: 400, code: 'InvalidArgument', ec: '0017-00000279' });
  });

  it('keeps content type, metadata, storage class and content headers', async () => {
    const headers = {
      'content-type': 'text/plain;charset=utf8',
      'x-oss-storage-class': 'IA',
      'x-oss-meta-key1': 'value1',
      'x-oss-meta-key2': 'value2',
      'cache-control': 'no-cache',
      'content-disposition': 'attachment; filename="a.txt"',
    };
    expect((await put('obj/meta.txt', Buffer.from('meta'), headers)).status).toBe(200);
    const got = await get('obj/meta.txt');
    for (const [name, value] of Object.entries(headers)) expect(got.headers.get(name)).toBe(value);
    expect(got.headers.get('x-oss-object-type')).toBe('Normal');
    const [listed] = (await oss.listObjects(BUCKET)).filter((object) => object.key === 'obj/meta.txt');
    expect(listed).toMatchObject({ size: 4, storageClass: 'IA', contentType: 'text/plain;charset=utf8', userMeta: { 'x-oss-meta-key1': 'value1' } });
    const bad = await put('obj/meta.txt', Buffer.from('x'), { 'x-oss-storage-class': 'Glacier' });
    expect(await readError(bad)).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });

  it('refuses a body above the size limit, declared or streamed', async () => {
    const declared = await put('obj/big.bin', Buffer.alloc(64 * 1024 + 1));
    expect(await readError(declared)).toMatchObject({ status: 400, code: 'EntityTooLarge' });
    const url = presignedUrl(oss, { method: 'PUT', key: 'obj/big-chunked.bin' });
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(16 * 1024));
        controller.close();
      },
    });
    const streamed = await fetch(url, { method: 'PUT', body: chunked, duplex: 'half' } as RequestInit);
    expect(await readError(streamed)).toMatchObject({ status: 400, code: 'EntityTooLarge' });
    expect(await oss.getObjectBytes(BUCKET, 'obj/big-chunked.bin')).toBeUndefined();
  });

  it('answers 411 MissingContentLength to a PUT without framing', async () => {
    const url = new URL(presignedUrl(oss, { method: 'PUT', key: 'obj/nolength' }));
    const answer = await rawExchange(oss.endpoint, `PUT ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`);
    expect(answer.statusLine).toBe('HTTP/1.1 411 Length Required');
    expect(answer.text).toContain('<Code>MissingContentLength</Code>');
  });

  it('refuses keys OSS refuses', async () => {
    const long = await put('k'.repeat(1024), Buffer.from('x'));
    expect(await readError(long)).toMatchObject({ status: 400, code: 'InvalidObjectName' });
    const url = `${oss.endpoint}/${BUCKET}/%E0%A4%A?x=1`;
    expect(await readError(await fetch(url))).toMatchObject({ status: 400, code: 'InvalidObjectName' });
  });
});

describe('GetObject, HeadObject, DeleteObject', () => {
  const body = Buffer.from('0123456789');

  beforeAll(async () => {
    await put('range/digits.txt', body);
  });

  it.each([
    ['bytes=0-4', 206, '01234', 'bytes 0-4/10'],
    ['bytes=7-', 206, '789', 'bytes 7-9/10'],
    ['bytes=-3', 206, '789', 'bytes 7-9/10'],
    ['bytes=5-100', 206, '56789', 'bytes 5-9/10'],
    ['bytes=4-2', 200, '0123456789', null],
    ['lines=1-2', 200, '0123456789', null],
  ])('Range %s answers %d', async (range, status, text, contentRange) => {
    const response = await get('range/digits.txt', { range });
    expect(response.status).toBe(status);
    expect(await response.text()).toBe(text);
    expect(response.headers.get('content-range')).toBe(contentRange);
  });

  it('answers 416 InvalidRange past the end', async () => {
    expect(await readError(await get('range/digits.txt', { range: 'bytes=10-' }))).toMatchObject({ status: 416, code: 'InvalidRange' });
  });

  it('applies response-* overrides', async () => {
    const response = await get('range/digits.txt', {}, { 'response-content-disposition': 'attachment; filename=d.txt', 'response-content-type': 'text/csv' });
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=d.txt');
    expect(response.headers.get('content-type')).toBe('text/csv');
  });

  it('answers NoSuchKey with <Key>, and a bodiless 404 to HEAD', async () => {
    const error = await readError(await get('range/none.txt'));
    expect(error).toMatchObject({ status: 404, code: 'NoSuchKey', ec: '0026-00000001' });
    expect(error.fields.Key).toBe('range/none.txt');
    const head = headerSigned(oss, { method: 'HEAD', key: 'range/none.txt' });
    const response = await fetch(head.url, { method: 'HEAD', headers: head.headers });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-oss-ec')).toBe('0026-00000001');
    expect(response.headers.get('x-oss-request-id')).toMatch(/^[0-9A-F]{24}$/);
    expect(await response.text()).toBe('');
  });

  it('HEAD gives the GET headers', async () => {
    const head = headerSigned(oss, { method: 'HEAD', key: 'range/digits.txt' });
    const response = await fetch(head.url, { method: 'HEAD', headers: head.headers });
    expect(response.headers.get('content-length')).toBe('10');
    expect(response.headers.get('etag')).toBe(`"${md5(body).toString('hex').toUpperCase()}"`);
    expect(response.headers.get('x-oss-hash-crc64ecma')).toBe(crc64(body).toString());
  });

  it('DELETE answers 204, also for a missing key', async () => {
    await put('range/gone.txt', Buffer.from('x'));
    for (let i = 0; i < 2; i++) {
      const del = headerSigned(oss, { method: 'DELETE', key: 'range/gone.txt' });
      expect((await fetch(del.url, { method: 'DELETE', headers: del.headers })).status).toBe(204);
    }
    expect(await oss.getObjectBytes(BUCKET, 'range/gone.txt')).toBeUndefined();
  });

  it('answers NoSuchBucket with <BucketName>', async () => {
    const url = presignedUrl(oss, { method: 'GET', key: 'a.txt', bucket: 'missing-bucket' });
    const error = await readError(await fetch(url));
    expect(error).toMatchObject({ status: 404, code: 'NoSuchBucket', ec: '0015-00000101' });
    expect(error.fields.BucketName).toBe('missing-bucket');
  });

  it('refuses operations it does not emulate with NotImplemented, and methods no operation has with MethodNotAllowed', async () => {
    const restore = await fetch(presignedUrl(oss, { method: 'POST', key: 'range/digits.txt', query: { restore: null } }), { method: 'POST' });
    expect(await readError(restore)).toMatchObject({ status: 501, code: 'NotImplemented' });
    const post = await fetch(presignedUrl(oss, { method: 'POST', key: 'range/digits.txt' }), { method: 'POST' });
    expect(await readError(post)).toMatchObject({ status: 405, code: 'MethodNotAllowed' });
  });
});

describe('ListObjects', () => {
  beforeAll(async () => {
    for (const key of ['list/a.txt', 'list/b/1.txt', 'list/b/2.txt', 'list/c d.txt', 'list/e.txt']) await put(key, Buffer.from(key));
  });

  async function list(query: Record<string, string>): Promise<Record<string, any>> {
    const response = await fetch(presignedUrl(oss, { method: 'GET', query }));
    expect(response.status).toBe(200);
    return parseXmlBody(await response.text()).ListBucketResult;
  }

  it('ListObjectsV2 pages with prefix, delimiter and continuation-token', async () => {
    const first = await list({ 'list-type': '2', prefix: 'list/', delimiter: '/', 'max-keys': '2' });
    expect(first.Contents.map((c: any) => c.Key)).toEqual(['list/a.txt']);
    expect(first.CommonPrefixes.map((p: any) => p.Prefix)).toEqual(['list/b/']);
    expect(first.IsTruncated).toBe('true');
    expect(first.KeyCount).toBe('2');
    const second = await list({ 'list-type': '2', prefix: 'list/', delimiter: '/', 'max-keys': '2', 'continuation-token': first.NextContinuationToken });
    expect(second.Contents.map((c: any) => c.Key)).toEqual(['list/c d.txt', 'list/e.txt']);
    expect(second.IsTruncated).toBe('false');
  });

  it('url-encodes keys with encoding-type=url and lists V1 with marker', async () => {
    const encoded = await list({ 'list-type': '2', prefix: 'list/c', 'encoding-type': 'url' });
    expect(encoded.Contents[0].Key).toBe('list/c%20d.txt');
    const v1 = await list({ prefix: 'list/', marker: 'list/b/2.txt' });
    expect(v1.Contents.map((c: any) => c.Key)).toEqual(['list/c d.txt', 'list/e.txt']);
    expect(v1.Contents[0].Owner.ID).toBeTruthy();
  });

  it('refuses max-keys above 1000', async () => {
    const response = await fetch(presignedUrl(oss, { method: 'GET', query: { 'list-type': '2', 'max-keys': '1001' } }));
    expect(await readError(response)).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });
});
