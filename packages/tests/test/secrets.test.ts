// No error message, details or log line from the presign handler, the callback handler, the
// server's OSS client or the emulator carries a signature, a security token, an Authorization
// value or a secret. Every failure path below runs with recognisable secrets, and all text it
// produces (answers, thrown errors with their causes, captured console output) is searched.
import { inspect } from 'node:util';
import { createClockOffset, createOssClient, createPresigner } from '@oss-presign/core';
import { createCallbackHandler, createPresignHandler } from '@oss-presign/core/http';
import { type Emulator, startEmulator } from '@oss-presign/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const SECRET = 'SECRETcanaryK3y0123456789abcdef';
const TOKEN = 'TOKENcanaryStsT0ken0123456789';
const TOKEN_SECRET = 'UPLOADTOKENcanarySecret0123456789abcdef';
const STS = { accessKeyId: 'STS.canaryKeyId', accessKeySecret: SECRET, securityToken: TOKEN };

let oss: Emulator;
/** Everything produced: answers, errors, log lines. */
let produced: string[] = [];
/** Every Authorization value and signature the server sent. */
const sentSecrets = new Set<string>();
const originals = { error: console.error, warn: console.warn, log: console.log, info: console.info };

beforeAll(async () => {
  // OSS knows the key id with another secret and token: every signed call is refused.
  oss = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    region: 'cn-hangzhou',
    buckets: ['demo'],
    credentials: [{ accessKeyId: STS.accessKeyId, accessKeySecret: 'the-real-secret-0123456789', securityToken: 'the-real-token' }],
  });
});
afterAll(() => oss.close());

beforeEach(() => {
  produced = [];
  for (const level of ['error', 'warn', 'log', 'info'] as const) {
    console[level] = (...args: unknown[]) => void produced.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 8 }))).join(' '));
  }
});
afterEach(() => {
  Object.assign(console, originals);
});

/** The fetch the server's OSS client uses: the real one, noting what it sends. */
const recordingFetch = async (url: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array<ArrayBuffer> }) => {
  const authorization = init.headers.authorization ?? init.headers.Authorization;
  if (authorization) {
    sentSecrets.add(authorization);
    const signature = /Signature=([0-9a-f]{64})/.exec(authorization)?.[1];
    if (signature) sentSecrets.add(signature);
  }
  return fetch(url, init);
};

function expectNoSecrets(extra: readonly string[] = []): void {
  const text = produced.join('\n');
  expect(produced.length).toBeGreaterThan(0);
  for (const secret of [SECRET, TOKEN, TOKEN_SECRET, ...sentSecrets, ...extra]) expect(text).not.toContain(secret);
}

function errorText(error: unknown): string {
  return inspect(error, { depth: 8 });
}

function presignerFor(endpoint: string) {
  return createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials: STS, endpoint, clockOffset: createClockOffset() });
}

describe('no secret in any message or log', () => {
  it('presign handler: OSS refuses the signature, the token, or is unreachable (default console logging)', async () => {
    for (const endpoint of [oss.endpoint, 'http://127.0.0.1:1']) {
      const handler = createPresignHandler({ presigner: presignerFor(endpoint), fetch: recordingFetch, uploadTokenSecret: TOKEN_SECRET });
      // A successful /upload answer is a presigned URL, a bearer token meant for its caller: only
      // the failure paths are searched.
      for (const path of ['/multipart/initiate']) {
        const answer = await handler.handle({
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ fileName: 'a.bin', contentType: 'application/octet-stream', size: 10 }),
        });
        expect(answer.status).toBe(502);
        produced.push(JSON.stringify(answer));
      }
    }
    expect(sentSecrets.size).toBeGreaterThan(0);
    expectNoSecrets();
  });

  it('presign handler: forged, tampered and foreign upload tokens', async () => {
    const handler = createPresignHandler({ presigner: presignerFor(oss.endpoint), fetch: recordingFetch, uploadTokenSecret: TOKEN_SECRET, onError: (error) => void produced.push(errorText(error)) });
    const tokens = [`${Buffer.from(TOKEN).toString('base64url')}.${Buffer.from(SECRET).toString('base64url')}`, `${TOKEN}.${SECRET}`, TOKEN];
    for (const uploadToken of tokens) {
      for (const path of ['/multipart/parts', '/multipart/complete', '/multipart/abort', '/multipart/list-parts']) {
        const answer = await handler.handle({
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ key: 'uploads/a.bin', uploadId: 'U1', uploadToken, parts: [{ partNumber: 1, etag: '"A"' }] }),
        });
        expect(answer.status).toBe(403);
        produced.push(JSON.stringify(answer));
      }
    }
    expectNoSecrets(tokens);
  });

  it("the server's OSS client: every operation refused, and a clock that stays skewed", async () => {
    const clients = [
      createOssClient(presignerFor(oss.endpoint), recordingFetch),
      createOssClient(presignerFor('http://127.0.0.1:1'), recordingFetch),
      createOssClient(
        createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials: STS, endpoint: oss.endpoint, now: () => new Date(Date.now() + Math.random() * 86_400_000 + 3_600_000) }),
        recordingFetch,
      ),
    ];
    for (const client of clients) {
      const calls = [
        () => client.initiateMultipartUpload({ key: 'a.bin' }),
        () => client.completeMultipartUpload({ key: 'a.bin', uploadId: 'U1', parts: [{ partNumber: 1, etag: '"A"' }] }),
        () => client.abortMultipartUpload({ key: 'a.bin', uploadId: 'U1' }),
        () => client.listParts({ key: 'a.bin', uploadId: 'U1' }),
        () => client.listObjects({ prefix: 'a' }),
      ];
      for (const call of calls) {
        const error = await call().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeDefined();
        produced.push(errorText(error));
      }
    }
    expectNoSecrets();
  });

  it('callback handler: forged signatures and key URLs', async () => {
    const handler = createCallbackHandler({ publicKeyUrl: oss.publicKeyUrl, onUploadComplete: () => ({ ok: true }), onError: (error) => void produced.push(errorText(error)) });
    const forgedSignature = Buffer.from(`${SECRET}${'x'.repeat(40)}`).toString('base64');
    const keyUrls = [oss.publicKeyUrl, `${oss.publicKeyUrl}?token=${TOKEN}`, `http://${TOKEN}:${SECRET}@127.0.0.1:9/key.pem`, 'http://gosspublic.alicdn.com.invalid/key.pem'];
    for (const keyUrl of keyUrls) {
      const answer = await handler.handle({
        method: 'POST',
        url: '/oss/callback',
        headers: { authorization: forgedSignature, 'x-oss-pub-key-url': Buffer.from(keyUrl).toString('base64'), 'content-type': 'application/json' },
        body: JSON.stringify({ object: 'a.txt' }),
      });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      produced.push(JSON.stringify(answer));
    }
    expectNoSecrets([forgedSignature]);
  });

  it("the emulator: refused requests and its log carry no secret (OSS's SignatureProvided echo aside)", async () => {
    const logged: string[] = [];
    const emulator = await startEmulator({
      port: 0,
      host: '127.0.0.1',
      region: 'cn-hangzhou',
      buckets: ['demo'],
      credentials: [STS],
      onInternalError: (error) => void logged.push(inspect(error)),
    });
    try {
      const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials: { ...STS, accessKeySecret: 'another-secret-0123456789' }, endpoint: emulator.endpoint });
      const signed = await presigner.signRequest({ operation: 'PutObject', key: 'a.txt' });
      const url = (await presigner.presign({ operation: 'PutObject', key: 'a.txt' })).url;
      const answers = [
        await fetch(signed.url, { method: 'PUT', headers: signed.headers, body: 'x' }),
        await fetch(url, { method: 'PUT', body: 'x' }),
        await fetch(signed.url, { method: 'PUT', headers: { ...signed.headers, 'x-oss-security-token': `${TOKEN}-wrong` }, body: 'x' }),
      ];
      for (const answer of answers) {
        const text = await answer.text();
        expect(answer.status).toBe(403);
        // The XML answers as OSS does (it may echo the requester's own signature and canonical
        // request); its Message, and the emulator's own log, name no secret.
        expect(text).not.toContain(SECRET);
        expect(/<Message>([^<]*)<\/Message>/.exec(text)?.[1]).not.toMatch(new RegExp(`${TOKEN}|[0-9a-f]{64}`));
      }
      expect(logged.join('\n')).not.toContain(SECRET);
      expect(logged.join('\n')).not.toContain(TOKEN);
    } finally {
      await emulator.close();
    }
  });
});
