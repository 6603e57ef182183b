// GetObject and HeadObject preconditions (If-Match, If-None-Match, If-Modified-Since,
// If-Unmodified-Since) and the whole-second times of listings, over HTTP and with ali-oss.
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { BUCKET, CREDENTIALS, parseXmlBody, readError, signedFetch, startTestEmulator } from './helpers.js';

let oss: Emulator;
let etag: string;
let lastModified: string;
const KEY = 'cond/object.txt';

function get(headers: Record<string, string>, method = 'GET'): Promise<Response> {
  return signedFetch(oss, { method, key: KEY, headers });
}

function secondsFrom(httpDate: string, delta: number): string {
  return new Date(Date.parse(httpDate) + delta * 1000).toUTCString();
}

beforeAll(async () => {
  oss = await startTestEmulator();
  const put = await signedFetch(oss, { method: 'PUT', key: KEY, body: Buffer.from('conditional body') });
  expect(put.status).toBe(200);
  const head = await get({}, 'HEAD');
  etag = head.headers.get('etag') as string;
  lastModified = head.headers.get('last-modified') as string;
});
afterAll(async () => {
  await oss.close();
});

describe('GetObject preconditions', () => {
  it('If-Match: the object when the ETag matches (quoted or not), else 412 naming the condition', async () => {
    expect(await (await get({ 'If-Match': etag })).text()).toBe('conditional body');
    expect((await get({ 'If-Match': etag.slice(1, -1) })).status).toBe(200);
    expect((await get({ 'If-Match': '*' })).status).toBe(200);
    const error = await readError(await get({ 'If-Match': '"0123456789ABCDEF0123456789ABCDEF"' }));
    expect(error).toMatchObject({
      status: 412,
      code: 'PreconditionFailed',
      message: 'At least one of the pre-conditions you specified did not hold.',
      ec: '0017-00001001',
    });
    expect(error.fields.Condition).toBe('If-Match');
  });

  it('If-None-Match: 304 without a body when the ETag matches, else the object', async () => {
    const notModified = await get({ 'If-None-Match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('last-modified')).toBe(lastModified);
    expect(await notModified.text()).toBe('');
    expect((await get({ 'If-None-Match': '"0123456789ABCDEF0123456789ABCDEF"' })).status).toBe(200);
  });

  it('If-Modified-Since: 304 at or after Last-Modified, the object when earlier', async () => {
    expect((await get({ 'If-Modified-Since': lastModified })).status).toBe(304);
    expect((await get({ 'If-Modified-Since': secondsFrom(lastModified, 60) })).status).toBe(304);
    expect(await (await get({ 'If-Modified-Since': secondsFrom(lastModified, -1) })).text()).toBe('conditional body');
  });

  it('If-Unmodified-Since: the object at or after Last-Modified, 412 when earlier', async () => {
    expect((await get({ 'If-Unmodified-Since': lastModified })).status).toBe(200);
    const error = await readError(await get({ 'If-Unmodified-Since': secondsFrom(lastModified, -1) }));
    expect(error).toMatchObject({ status: 412, code: 'PreconditionFailed' });
    expect(error.fields.Condition).toBe('If-Unmodified-Since');
  });

  it('ignores a date that does not parse, and lets a matching If-Match decide over If-Unmodified-Since', async () => {
    expect((await get({ 'If-Modified-Since': 'not a date' })).status).toBe(200);
    expect((await get({ 'If-Match': etag, 'If-Unmodified-Since': secondsFrom(lastModified, -3600) })).status).toBe(200);
    expect((await get({ 'If-None-Match': '"OTHER"', 'If-Modified-Since': lastModified })).status).toBe(200);
  });

  it('checks preconditions before the range', async () => {
    expect((await get({ 'If-None-Match': etag, Range: 'bytes=0-3' })).status).toBe(304);
    const ranged = await get({ 'If-Match': etag, Range: 'bytes=0-3' });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('cond');
  });
});

describe('HeadObject preconditions', () => {
  it('answers 304, and a bodiless 412 with x-oss-ec', async () => {
    expect((await get({ 'If-None-Match': etag }, 'HEAD')).status).toBe(304);
    const failed = await get({ 'If-Unmodified-Since': secondsFrom(lastModified, -10) }, 'HEAD');
    expect(failed.status).toBe(412);
    expect(failed.headers.get('x-oss-ec')).toBe('0017-00001001');
    expect(await failed.text()).toBe('');
  });
});

describe('with ali-oss', () => {
  function client(authorizationV4: boolean): any {
    return new OSS({
      region: 'oss-cn-hangzhou', bucket: BUCKET, endpoint: `http://localhost:${oss.port}`, sldEnable: true, authorizationV4,
      accessKeyId: CREDENTIALS.accessKeyId, accessKeySecret: CREDENTIALS.accessKeySecret,
    });
  }

  it.each([false, true])('get and head honour the conditions (V4: %s)', async (v4) => {
    const ali = client(v4);
    expect((await ali.get(KEY, { headers: { 'If-Modified-Since': lastModified } })).res.status).toBe(304);
    expect((await ali.get(KEY, { headers: { 'If-None-Match': etag } })).res.status).toBe(304);
    expect((await ali.get(KEY, { headers: { 'If-Match': etag } })).content.toString()).toBe('conditional body');
    const failed = await ali.get(KEY, { headers: { 'If-Unmodified-Since': secondsFrom(lastModified, -1) } }).catch((error: unknown) => error);
    expect(failed).toMatchObject({ status: 412, code: 'PreconditionFailed' });
    expect((failed as Error).message).toBe('At least one of the pre-conditions you specified did not hold. (condition: If-Unmodified-Since)');
    const headFailed = await ali.head(KEY, { headers: { 'If-Match': '"NOPE"' } }).catch((error: unknown) => error);
    expect(headFailed).toMatchObject({ status: 412, code: 'PreconditionFailed' });
  });
});

describe('listing times are whole seconds, as Last-Modified', () => {
  const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/;

  it('ListObjects and ListObjectsV2 LastModified is HeadObject Last-Modified with .000Z', async () => {
    const queries: Record<string, string>[] = [{ prefix: 'cond/' }, { prefix: 'cond/', 'list-type': '2' }];
    for (const query of queries) {
      const response = await signedFetch(oss, { method: 'GET', query });
      const result = parseXmlBody(await response.text());
      const listed = (result.ListBucketResult.Contents as { Key: string; LastModified: string }[]).find((item) => item.Key === KEY);
      expect(listed?.LastModified).toMatch(ISO_SECONDS);
      expect(Date.parse(listed?.LastModified as string)).toBe(Date.parse(lastModified));
    }
  });

  it('ListParts LastModified and ListMultipartUploads Initiated', async () => {
    const key = 'cond/multipart.bin';
    const initiated = parseXmlBody(await (await signedFetch(oss, { method: 'POST', key, query: { uploads: null } })).text());
    const uploadId = initiated.InitiateMultipartUploadResult.UploadId as string;
    const part = await signedFetch(oss, { method: 'PUT', key, query: { partNumber: '1', uploadId }, body: Buffer.from('part') });
    expect(part.status).toBe(200);
    const parts = parseXmlBody(await (await signedFetch(oss, { method: 'GET', key, query: { uploadId } })).text());
    expect(parts.ListPartsResult.Part[0].LastModified).toMatch(ISO_SECONDS);
    const uploads = parseXmlBody(await (await signedFetch(oss, { method: 'GET', query: { uploads: null, prefix: 'cond/' } })).text());
    expect(uploads.ListMultipartUploadsResult.Upload[0].Initiated).toMatch(ISO_SECONDS);
  });
});
