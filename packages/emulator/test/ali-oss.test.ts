// ali-oss@6.23.0 as an independent oracle: its own V4 (and V1) signer, its own URL layout. The
// emulator must accept what it signs and refuse what is broken with the right OSS codes.
import { createHash, randomBytes } from 'node:crypto';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import OSS from 'ali-oss';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { BUCKET, CREDENTIALS, STS_CREDENTIALS, expectSameBytes, readError, startTestEmulator } from './helpers.js';

let oss: Emulator;
let offsetMs = 0;
let client: any;
let workDir: string;

function newClient(options: Record<string, unknown> = {}): any {
  return new OSS({
    region: 'oss-cn-hangzhou',
    accessKeyId: CREDENTIALS.accessKeyId,
    accessKeySecret: CREDENTIALS.accessKeySecret,
    bucket: BUCKET,
    endpoint: oss.endpoint,
    authorizationV4: true,
    timeout: 30_000,
    ...options,
  });
}

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; status: number; requestId?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; status: number; requestId?: string };
  }
  throw new Error('expected the ali-oss call to fail');
}

beforeAll(async () => {
  // ali-oss signs its presigned URLs with the real clock; ours can be pushed past their expiry.
  oss = await startTestEmulator({ defaultBucket: BUCKET, now: () => new Date(Date.now() + offsetMs) });
  client = newClient();
  workDir = await mkdtemp(join(tmpdir(), 'ali-oss-oracle-'));
});
afterAll(async () => {
  await oss.close();
  await rm(workDir, { recursive: true, force: true });
});
beforeEach(() => {
  offsetMs = 0;
});

describe('ali-oss client in V4 Authorization mode', () => {
  it('puts, gets, heads, lists and deletes', async () => {
    const body = Buffer.from('hello from ali-oss');
    const put = await client.put('ali/hello world+1.txt', body, { mime: 'text/plain', meta: { owner: 'alice' } });
    expect(put.res.status).toBe(200);
    expect(put.res.headers.etag).toBe(`"${createHash('md5').update(body).digest('hex').toUpperCase()}"`);

    const got = await client.get('ali/hello world+1.txt');
    expect(got.content.toString()).toBe('hello from ali-oss');
    const ranged = await client.get('ali/hello world+1.txt', { headers: { Range: 'bytes=0-4' } });
    expect(ranged.res.status).toBe(206);
    expect(ranged.content.toString()).toBe('hello');

    const head = await client.head('ali/hello world+1.txt');
    expect(head.meta).toEqual({ owner: 'alice' });
    expect(head.res.headers['content-type']).toBe('text/plain');

    const listed = await client.list({ prefix: 'ali/' });
    expect(listed.objects.map((object: any) => object.name)).toContain('ali/hello world+1.txt');

    await client.delete('ali/hello world+1.txt');
    expect((await errorOf(client.head('ali/hello world+1.txt'))).status).toBe(404);
    const missing = await errorOf(client.get('ali/hello world+1.txt'));
    expect(missing).toMatchObject({ code: 'NoSuchKey', status: 404 });
    expect(missing.requestId).toMatch(/^[0-9A-F]{24}$/);
  });

  it('streams a body of unknown length (chunked)', async () => {
    const body = randomBytes(2 * 1024 * 1024);
    const result = await client.putStream('ali/stream.bin', Readable.from([body.subarray(0, 1_000_000), body.subarray(1_000_000)]));
    expect(result.res.status).toBe(200);
    expectSameBytes(await oss.getObjectBytes(BUCKET, 'ali/stream.bin'), body);
  });

  it('runs multipartUpload with several parts', async () => {
    const body = randomBytes(450 * 1024);
    const result = await client.multipartUpload('ali/multi.bin', body, { partSize: 100 * 1024, parallel: 2 });
    expect(result.res.status).toBe(200);
    expect(result.etag).toMatch(/^"[0-9A-F]{32}-5"$/);
    expectSameBytes(await oss.getObjectBytes(BUCKET, 'ali/multi.bin'), body);
    expect((await client.head('ali/multi.bin')).res.headers['x-oss-object-type']).toBe('Multipart');
  });

  it('initiates, uploads parts, lists them and aborts', async () => {
    const file = join(workDir, 'parts.bin');
    await writeFile(file, randomBytes(250 * 1024));
    const { uploadId } = await client.initMultipartUpload('ali/parts.bin');
    const first = await client.uploadPart('ali/parts.bin', uploadId, 1, file, 0, 120 * 1024);
    const second = await client.uploadPart('ali/parts.bin', uploadId, 2, file, 120 * 1024, 250 * 1024);
    const listed = await client.listParts('ali/parts.bin', uploadId);
    expect(listed.parts.map((part: any) => [Number(part.PartNumber), part.ETag, Number(part.Size)])).toEqual([
      [1, first.etag, 120 * 1024],
      [2, second.etag, 130 * 1024],
    ]);
    const uploads = await client.listUploads({ prefix: 'ali/parts' });
    expect(uploads.uploads.map((upload: any) => upload.uploadId)).toContain(uploadId);
    await client.abortMultipartUpload('ali/parts.bin', uploadId);
    expect((await errorOf(client.listParts('ali/parts.bin', uploadId))).code).toBe('NoSuchUpload');
    expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);
  });

  it('maps emulator errors to the ali-oss error codes', async () => {
    const wrongSecret = newClient({ accessKeySecret: 'not-the-secret' });
    expect(await errorOf(wrongSecret.put('ali/x.txt', Buffer.from('x')))).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    const unknownKey = newClient({ accessKeyId: 'nobody' });
    expect(await errorOf(unknownKey.put('ali/x.txt', Buffer.from('x')))).toMatchObject({ code: 'InvalidAccessKeyId', status: 403 });
    const wrongRegion = newClient({ region: 'oss-cn-beijing' });
    expect(await errorOf(wrongRegion.put('ali/x.txt', Buffer.from('x')))).toMatchObject({ code: 'InvalidArgument', status: 400 });
    offsetMs = 20 * 60_000;
    expect(await errorOf(client.put('ali/x.txt', Buffer.from('x')))).toMatchObject({ code: 'RequestTimeTooSkewed', status: 403 });
  });

  it('works with STS credentials', async () => {
    const sts = newClient({
      accessKeyId: STS_CREDENTIALS.accessKeyId,
      accessKeySecret: STS_CREDENTIALS.accessKeySecret,
      stsToken: STS_CREDENTIALS.securityToken,
    });
    expect((await sts.put('ali/sts.txt', Buffer.from('sts'))).res.status).toBe(200);
    const url = await sts.signatureUrlV4('GET', 600, {}, 'ali/sts.txt');
    expect(await (await fetch(url)).text()).toBe('sts');
  });

  it('relays a callback asked for through ali-oss', async () => {
    const app: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const body = Buffer.from(JSON.stringify({ Status: 'OK', via: 'ali-oss' }));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/cb`;
      const result = await client.put('ali/callback.txt', Buffer.from('cb'), {
        callback: { url, body: 'bucket=${bucket}&object=${object}', contentType: 'application/x-www-form-urlencoded' },
      });
      expect(result.data).toEqual({ Status: 'OK', via: 'ali-oss' });
    } finally {
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    }
  });
});

describe('ali-oss signatureUrlV4 URLs, used with fetch', () => {
  it('uploads and downloads, with a signed Content-Type', async () => {
    const putUrl = await client.signatureUrlV4('PUT', 600, { headers: { 'Content-Type': 'text/plain' } }, 'ali/signed.txt');
    expect(new URL(putUrl).pathname).toBe('/ali/signed.txt');
    const put = await fetch(putUrl, { method: 'PUT', body: 'signed by ali-oss', headers: { 'content-type': 'text/plain' } });
    expect(put.status).toBe(200);
    const getUrl = await client.signatureUrlV4('GET', 600, {}, 'ali/signed.txt');
    expect(await (await fetch(getUrl)).text()).toBe('signed by ali-oss');
  });

  it('refuses a tampered URL with SignatureDoesNotMatch', async () => {
    const url = new URL(await client.signatureUrlV4('PUT', 600, {}, 'ali/tampered.txt'));
    const signature = url.searchParams.get('x-oss-signature') as string;
    url.searchParams.set('x-oss-signature', signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')));
    const error = await readError(await fetch(url, { method: 'PUT', body: Buffer.from('x') }));
    expect(error).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(await oss.getObjectBytes(BUCKET, 'ali/tampered.txt')).toBeUndefined();
  });

  it('refuses an expired URL with AccessDenied', async () => {
    const url = await client.signatureUrlV4('GET', 1, {}, 'ali/signed.txt');
    offsetMs = 5000;
    expect(await readError(await fetch(url))).toMatchObject({ status: 403, code: 'AccessDenied', ec: '0002-00000236' });
  });

  it('refuses a request whose signed header differs or is missing', async () => {
    const typed = await client.signatureUrlV4('PUT', 600, { headers: { 'Content-Type': 'image/png' } }, 'ali/typed.png');
    const wrongType = await fetch(typed, { method: 'PUT', body: 'x', headers: { 'content-type': 'text/plain' } });
    expect((await readError(wrongType)).code).toBe('SignatureDoesNotMatch');
    const additional = await client.signatureUrlV4('GET', 600, { headers: { 'x-custom': 'v' } }, 'ali/signed.txt', ['x-custom']);
    expect((await fetch(additional, { headers: { 'x-custom': 'v' } })).status).toBe(200);
    expect((await readError(await fetch(additional, { headers: { 'x-custom': 'other' } }))).code).toBe('SignatureDoesNotMatch');
  });
});

describe('ali-oss client in V1 mode', () => {
  it('puts and gets with V1 header signing and V1 presigned URLs', async () => {
    const v1 = newClient({ authorizationV4: false });
    expect((await v1.put('ali/v1.txt', Buffer.from('v1'))).res.status).toBe(200);
    expect((await v1.get('ali/v1.txt')).content.toString()).toBe('v1');
    // ali-oss refuses V1 URLs for an IP endpoint: use localhost as a custom domain (cname) instead.
    const endpoint = oss.endpoint.replace('127.0.0.1', 'localhost');
    const url = newClient({ authorizationV4: false, cname: true, endpoint }).signatureUrl('ali/v1.txt', { expires: 600 });
    expect(new URL(url).pathname).toBe('/ali/v1.txt');
    expect(await (await fetch(url)).text()).toBe('v1');
  });
});
