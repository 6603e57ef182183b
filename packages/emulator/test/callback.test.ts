import { createHash, verify } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc64, signV4Query } from '@oss-presign/core/signer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import {
  BUCKET,
  CREDENTIALS,
  REGION,
  encodeKeyPath,
  parseXmlBody,
  presignedUrl,
  putTo,
  readError,
  signedFetch,
  startTestEmulator,
} from './helpers.js';

/** What the app server received, with the outcome of verifying its signature. */
interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
  readonly signatureValid: boolean;
  readonly publicKeyUrl: string;
}

type Behaviour = (res: ServerResponse) => void;

const received: Received[] = [];
let behaviour: Behaviour;
let app: Server;
let appUrl: string;
let oss: Emulator;
const pemCache = new Map<string, string>();

/** Verifies as an app server must (oss-signing.md 3.3): PEM from x-oss-pub-key-url, RSA-MD5. */
async function verifyCallback(req: IncomingMessage, body: Buffer): Promise<{ valid: boolean; publicKeyUrl: string }> {
  const publicKeyUrl = Buffer.from(String(req.headers['x-oss-pub-key-url']), 'base64').toString('utf8');
  let pem = pemCache.get(publicKeyUrl);
  if (!pem) {
    pem = await (await fetch(publicKeyUrl)).text();
    pemCache.set(publicKeyUrl, pem);
  }
  const url = new URL(req.url ?? '/', 'http://app');
  const signed = Buffer.concat([Buffer.from(`${decodeURIComponent(url.pathname)}${url.search}\n`), body]);
  const signature = Buffer.from(String(req.headers.authorization), 'base64');
  return { valid: verify('RSA-MD5', signed, pem, signature), publicKeyUrl };
}

function json(status: number, value: unknown): Behaviour {
  return (res) => {
    const body = Buffer.from(JSON.stringify(value));
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  };
}

beforeAll(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      void verifyCallback(req, body).then(({ valid, publicKeyUrl }) => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, signatureValid: valid, publicKeyUrl });
        behaviour(res);
      });
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  oss = await startTestEmulator({ callbackTimeoutMs: 500 });
});

afterAll(async () => {
  await oss.close();
  app.closeAllConnections();
  await new Promise((resolve) => app.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  behaviour = json(200, { Status: 'OK' });
});

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

function formCallback(url = `${appUrl}/callback/path%20x?id=1&index=2`): string {
  return encode({
    callbackUrl: url,
    callbackBody: 'bucket=${bucket}&object=${object}&size=${size}&etag=${etag}&mime=${mimeType}&var=${x:my_var}',
    callbackBodyType: 'application/x-www-form-urlencoded',
  });
}

describe('upload callbacks', () => {
  it('POSTs a signed callback after PutObject and relays the app JSON with 200', async () => {
    behaviour = json(200, { Status: 'OK', fileId: 42 });
    const body = Buffer.from('callback body');
    const headers = { 'x-oss-callback': formCallback(), 'x-oss-callback-var': encode({ 'x:my_var': 'a b&c' }), 'content-type': 'text/plain' };
    const response = await putTo(presignedUrl(oss, { method: 'PUT', key: 'cb/file name.txt', headers }), body, headers);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ Status: 'OK', fileId: 42 });
    const etag = createHash('md5').update(body).digest('hex').toUpperCase();
    expect(response.headers.get('etag')).toBe(`"${etag}"`);

    expect(received).toHaveLength(1);
    const [callback] = received as [Received];
    expect(callback.method).toBe('POST');
    expect(callback.url).toBe('/callback/path%20x?id=1&index=2');
    expect(callback.signatureValid).toBe(true);
    expect(callback.publicKeyUrl).toBe(oss.publicKeyUrl);
    expect(callback.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(callback.headers['content-md5']).toBe(createHash('md5').update(callback.body).digest('base64'));
    expect(callback.headers['x-oss-bucket']).toBe(BUCKET);
    expect(Object.fromEntries(new URLSearchParams(callback.body.toString()))).toEqual({
      bucket: BUCKET,
      object: 'cb/file name.txt',
      size: String(body.length),
      etag,
      mime: 'text/plain',
      var: 'a b&c',
    });
    expect(await oss.getObjectBytes(BUCKET, 'cb/file name.txt')).toEqual(body);
  });

  it('takes the callback from the `callback` query parameter of a presigned URL, JSON body type', async () => {
    const callback = encode({
      callbackUrl: `${appUrl}/json`,
      callbackBody: '{"bucket":${bucket},"object":${object},"size":${size},"crc":${crc64},"md5":${contentMd5},"v":${x:v}}',
      callbackBodyType: 'application/json',
    });
    const body = Buffer.from('{"x":1}');
    const url = presignedUrl(oss, { method: 'PUT', key: 'cb/q.json', query: { callback, 'callback-var': encode({ 'x:v': 'quoted "value"' }) } });
    const response = await putTo(url, body);
    expect(response.status).toBe(200);
    const [sent] = received as [Received];
    expect(sent.signatureValid).toBe(true);
    expect(JSON.parse(sent.body.toString())).toEqual({
      bucket: BUCKET,
      object: 'cb/q.json',
      size: body.length,
      crc: crc64(body).toString(),
      md5: createHash('md5').update(body).digest('base64'),
      v: 'quoted "value"',
    });
  });

  it('calls back after CompleteMultipartUpload with the whole size', async () => {
    const key = 'cb/multi.bin';
    const init = await signedFetch(oss, { method: 'POST', key, query: { uploads: null } });
    const uploadId = parseXmlBody(await init.text()).InitiateMultipartUploadResult.UploadId as string;
    const parts = [Buffer.alloc(120 * 1024, 1), Buffer.alloc(1000, 2)];
    const etags: string[] = [];
    for (const [index, part] of parts.entries()) {
      const url = presignedUrl(oss, { method: 'PUT', key, query: { partNumber: String(index + 1), uploadId } });
      etags.push((await putTo(url, part)).headers.get('etag') as string);
    }
    const xml = `<CompleteMultipartUpload>${etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
    behaviour = json(200, { done: true });
    const response = await signedFetch(oss, { method: 'POST', key, query: { uploadId }, headers: { 'x-oss-callback': formCallback(`${appUrl}/multi`) }, body: xml });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    const fields = new URLSearchParams((received[0] as Received).body.toString());
    expect(fields.get('size')).toBe(String(120 * 1024 + 1000));
    expect(fields.get('etag')).toMatch(/^[0-9A-F]{32}-2$/);
    expect((received[0] as Received).signatureValid).toBe(true);
  });

  it.each([
    ['the app answers 500', json(500, { error: 'x' }), 'Error status : 500.'],
    ['the app answers non-JSON', (res: ServerResponse) => res.end('not json'), 'Response body is not valid json format.'],
    ['the app is too slow', (res: ServerResponse) => setTimeout(() => json(200, {})(res), 1500), 'Cost too long time'],
  ])('answers 203 CallbackFailed and keeps the object when %s', async (_case, appBehaviour, message) => {
    behaviour = appBehaviour as Behaviour;
    const headers = { 'x-oss-callback': formCallback(`${appUrl}/fail`) };
    const key = `cb/failed-${message.length}.txt`;
    const response = await putTo(presignedUrl(oss, { method: 'PUT', key, headers }), 'kept', headers);
    const error = await readError(response);
    expect(error).toMatchObject({ status: 203, code: 'CallbackFailed', ec: '0007-00000203' });
    expect(error.message).toContain(message);
    expect(response.headers.get('etag')).toBe(`"${createHash('md5').update('kept').digest('hex').toUpperCase()}"`);
    expect(await oss.getObjectBytes(BUCKET, key)).toEqual(Buffer.from('kept'));
  });

  it('answers 203 when the callback URL cannot be reached, and tries the next URL first', async () => {
    const dead = 'http://127.0.0.1:1/unreachable';
    const headers = { 'x-oss-callback': formCallback(dead) };
    const failed = await putTo(presignedUrl(oss, { method: 'PUT', key: 'cb/dead.txt', headers }), 'x', headers);
    expect((await readError(failed)).message).toBe('Error status : -1. OSS can not connect to your callbackUrl, please check it.');
    const fallback = { 'x-oss-callback': formCallback(`${dead};${appUrl}/second`) };
    const ok = await putTo(presignedUrl(oss, { method: 'PUT', key: 'cb/second.txt', headers: fallback }), 'x', fallback);
    expect(ok.status).toBe(200);
    expect((received[0] as Received).url).toBe('/second');
  });

  it.each([
    ['not base64 JSON', 'bm90IGpzb24='],
    ['no callbackUrl', encode({ callbackBody: 'a=b' })],
    ['no callbackBody', encode({ callbackUrl: 'http://127.0.0.1/x' })],
    ['an unknown body type', encode({ callbackUrl: 'http://127.0.0.1/x', callbackBody: 'a', callbackBodyType: 'text/xml' })],
    ['six URLs', encode({ callbackUrl: Array(6).fill('http://127.0.0.1/x').join(';'), callbackBody: 'a' })],
  ])('refuses a callback with %s as 400 InvalidArgument, storing nothing', async (_case, callback) => {
    const headers = { 'x-oss-callback': callback };
    const response = await putTo(presignedUrl(oss, { method: 'PUT', key: 'cb/invalid.txt', headers }), 'x', headers);
    const error = await readError(response);
    expect(error).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect(error.fields.ArgumentName).toBe('callback');
    expect(await oss.getObjectBytes(BUCKET, 'cb/invalid.txt')).toBeUndefined();
    expect(received).toHaveLength(0);
  });

  it('only calls allowed hosts when allowCallbackHosts is set', async () => {
    const restricted = await startTestEmulator({ allowCallbackHosts: ['callbacks.example.com'] });
    try {
      const headers = { 'x-oss-callback': formCallback(`${appUrl}/blocked`) };
      const { queryString } = signV4Query({ method: 'PUT', bucket: BUCKET, key: 'cb/blocked.txt', region: REGION, credentials: CREDENTIALS, headers, signTime: new Date() });
      const response = await putTo(`${restricted.endpoint}/${BUCKET}/${encodeKeyPath('cb/blocked.txt')}?${queryString}`, 'x', headers);
      expect((await readError(response)).code).toBe('CallbackFailed');
      expect(received).toHaveLength(0);
    } finally {
      await restricted.close();
    }
  });

  it('serves the public key as PEM', async () => {
    const response = await fetch(oss.publicKeyUrl);
    expect(response.headers.get('content-type')).toBe('application/x-pem-file');
    expect(await response.text()).toBe(oss.publicKeyPem);
    expect(oss.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });
});
