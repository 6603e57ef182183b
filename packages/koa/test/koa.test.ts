import { createSign, generateKeyPairSync } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPresigner } from '@oss-presign/core';
import Koa3 from 'koa';
import Koa2 from 'koa2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ossCallback, ossPresign } from '../src/index.js';

const presigner = createPresigner({
  region: 'cn-hangzhou',
  bucket: 'demo',
  credentials: { accessKeyId: 'LTAI5tKoaTest', accessKeySecret: 'koa-test-secret' },
  endpoint: 'http://127.0.0.1:9',
});
const file = { fileName: 'a.png', contentType: 'image/png', size: 10 };

// A stand-in for OSS's callback key, served from loopback and trusted as the one extra key URL.
const keys = generateKeyPairSync('rsa', { modulusLength: 1024 });
const keyServer = createServer((_req, res) => res.end(keys.publicKey.export({ type: 'spki', format: 'pem' })));
let publicKeyUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
  publicKeyUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/pub.pem`;
});
afterAll(() => new Promise<void>((resolve) => keyServer.close(() => resolve())));

function signedCallback(path: string, body: string, tamper = false) {
  const signer = createSign('RSA-MD5');
  signer.update(`${path}\n${body}`);
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: signer.sign(keys.privateKey, 'base64'),
      'x-oss-pub-key-url': Buffer.from(publicKeyUrl).toString('base64'),
    },
    body: tamper ? body.replace('10', '99') : body,
  };
}

function appWith(KoaClass: typeof Koa3) {
  const app = new KoaClass();
  app.use(ossCallback({ path: '/oss/callback', publicKeyUrl, onUploadComplete: ({ key, size }) => ({ ok: true, key, size }), onError: () => {} }));
  app.use(
    ossPresign({
      basePath: '/api/oss',
      presigner,
      authorize: (request) => (request.headers['x-user'] ? { id: request.headers['x-user'] } : false),
      onError: () => {},
    }),
  );
  app.use(async (ctx) => {
    if (ctx.path === '/health') ctx.body = { ok: true };
  });
  return app;
}

describe.each([
  ['Koa 3', Koa3],
  ['Koa 2', Koa2 as unknown as typeof Koa3],
] as const)('%s', (_name, KoaClass) => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer(appWith(KoaClass).callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (path: string, body: unknown, headers: Record<string, string> = { 'x-user': 'alice' }) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('presigns under basePath without a router package', async () => {
    const response = await post('/api/oss/upload', file);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { url: string; signedHeaders: Record<string, string> };
    expect(body.url).toMatch(/^http:\/\/127\.0\.0\.1:9\/demo\/uploads\/\d{4}\/\d{2}\/[0-9a-f]{16}-a\.png\?/);
    expect(body.signedHeaders['content-type']).toBe('image/png');
  });

  it("relays core's status, headers and error body unchanged", async () => {
    const response = await post('/api/oss/multipart/initiate', file, {});
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const wrongMethod = await fetch(`${base}/api/oss/upload`);
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'POST']);
  });

  it('passes paths outside basePath on to the next middleware', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ ok: true });
    const outside = await post('/api/ossx/upload', file);
    expect([outside.status, outside.headers.get('content-type')]).toEqual([404, 'text/plain; charset=utf-8']);
  });

  it('owns basePath: an unknown path under it gets the JSON 404 NOT_FOUND', async () => {
    const response = await post('/api/oss/elsewhere', file);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('verifies a signed callback from the raw body and answers with the hook result', async () => {
    const body = '{"bucket":"demo","object":"uploads/a.png","size":10}';
    const response = await fetch(`${base}/oss/callback?src=oss`, signedCallback('/oss/callback?src=oss', body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, key: 'uploads/a.png', size: 10 });
  });

  it('answers a callback with a changed body with 403', async () => {
    const body = '{"bucket":"demo","object":"uploads/a.png","size":10}';
    const response = await fetch(`${base}/oss/callback`, signedCallback('/oss/callback', body, true));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'CALLBACK_SIGNATURE_INVALID' } });
  });
});
