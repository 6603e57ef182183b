import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPresigner } from '@oss-presign/core';
import { createSign, generateKeyPairSync } from 'node:crypto';
import express5 from 'express';
import express4 from 'express4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ossCallback, ossPresign } from '../src/index.js';

const presigner = createPresigner({
  region: 'cn-hangzhou',
  bucket: 'demo',
  credentials: { accessKeyId: 'LTAI5tExpressTest', accessKeySecret: 'express-test-secret' },
  endpoint: 'http://127.0.0.1:9',
});
const options = {
  presigner,
  authorize: (request: { headers: Readonly<Record<string, string>> }) => (request.headers['x-user'] ? { id: request.headers['x-user'] } : false),
  onError: () => {},
};
const file = { fileName: 'a.png', contentType: 'image/png', size: 10 };

type ExpressFactory = typeof express5;

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

function appWith(express: ExpressFactory, withJsonParser: boolean) {
  const app = express();
  app.post('/oss/callback', ossCallback({ publicKeyUrl, onUploadComplete: ({ key, size }) => ({ ok: true, key, size }), onError: () => {} }));
  if (withJsonParser) app.use(express.json());
  app.post('/parsed/callback', ossCallback({ onUploadComplete: () => ({ ok: true }), onError: () => {} }));
  app.use('/api/oss', ossPresign(options));
  app.use(ossPresign({ ...options, basePath: '/v2/oss' }));
  app.use('/nested', ossPresign({ ...options, basePath: '/oss' }));
  return app;
}

describe.each([
  ['Express 5', express5, false],
  ['Express 5 behind express.json()', express5, true],
  ['Express 4', express4 as unknown as ExpressFactory, false],
  ['Express 4 behind express.json()', express4 as unknown as ExpressFactory, true],
] as const)('%s', (_name, express, withJsonParser) => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer(appWith(express, withJsonParser));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (path: string, body: unknown, headers: Record<string, string> = { 'x-user': 'alice' }) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('presigns through the mounted router', async () => {
    const response = await post('/api/oss/upload', file);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { url: string; signedHeaders: Record<string, string> };
    expect(body.url).toMatch(/^http:\/\/127\.0\.0\.1:9\/demo\/uploads\/\d{4}\/\d{2}\/[0-9a-f]{16}-a\.png\?/);
    expect(body.signedHeaders['content-length']).toBe('10');
  });

  it("relays core's status and error body unchanged", async () => {
    const response = await post('/api/oss/upload', file, {});
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const wrongMethod = await fetch(`${base}/api/oss/upload`);
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'POST']);
  });

  it('owns its mount path: an unknown path under it gets the JSON 404 NOT_FOUND', async () => {
    const response = await post('/api/oss/elsewhere', file);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('serves under basePath when mounted at the root, and under mount path + basePath when both are given', async () => {
    expect((await post('/v2/oss/upload', file)).status).toBe(200);
    expect((await post('/nested/oss/upload', file)).status).toBe(200);
    expect(await (await post('/v2/oss/unknown', file)).json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const outside = await post('/v2/upload', file);
    expect([outside.status, outside.headers.get('content-type')]).toEqual([404, expect.stringMatching(/text\/html/)]);
  });

  it('leaves paths outside its mount path to Express', async () => {
    const response = await post('/api/ossx/upload', file);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('verifies a signed callback from the raw body and answers with the hook result', async () => {
    const body = '{"bucket":"demo","object":"uploads/a.png","size":10}';
    const response = await fetch(`${base}/oss/callback`, signedCallback('/oss/callback', body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, key: 'uploads/a.png', size: 10 });
  });

  it('answers a callback with a changed body with 403', async () => {
    const body = '{"bucket":"demo","object":"uploads/a.png","size":10}';
    const response = await fetch(`${base}/oss/callback`, signedCallback('/oss/callback', body, true));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'CALLBACK_SIGNATURE_INVALID' } });
  });

  it(withJsonParser ? 'refuses to verify a callback whose body was already parsed' : 'reads the raw callback body itself', async () => {
    const response = await fetch(`${base}/parsed/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'AAAA', 'x-oss-pub-key-url': Buffer.from('https://evil.example/k.pem').toString('base64') },
      body: '{"bucket":"demo"}',
    });
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe(withJsonParser ? 'INVALID_CONFIG' : 'CALLBACK_PUBLIC_KEY_URL_NOT_ALLOWED');
  });
});
