/**
 * core's presign handler in a real Hono app: `handler.fetch` mounted on a Hono route, served by
 * @hono/node-server on 127.0.0.1, port 0, signing for the emulator over HTTP. The wiring is the
 * root README's "Fetch-API frameworks" Hono example; the test uploads with fetch to the URL the
 * route presigned and reads the object back through a presigned GET.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ServerType, serve } from '@hono/node-server';
import { createPresigner } from '@oss-presign/core';
import { type HandlerRequest, createPresignHandler } from '@oss-presign/core/http';
import type { Emulator } from '@oss-presign/emulator';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, CREDENTIALS, REGION, startOss } from '../upload/helpers.js';

interface ErrorBody {
  error: { code: string; message: string };
}

let oss: Emulator;
let server: ServerType;
let baseUrl: string;

/** The app's session lookup; here the user is named by a header. */
async function sessionUser(request: Request | undefined): Promise<{ id: string } | undefined> {
  const id = request?.headers.get('x-user');
  return id ? { id } : undefined;
}

/** The README's Hono app, pointed at the emulator. */
function honoApp(emulatorEndpoint: string): Hono {
  const handler = createPresignHandler({
    presigner: createPresigner({ region: REGION, bucket: BUCKET, credentials: CREDENTIALS, endpoint: emulatorEndpoint }),
    basePath: '/api/oss',
    authorize: async (request: HandlerRequest<Request>) => (await sessionUser(request.native)) ?? false,
    prefix: (user) => `users/${user.id}`,
    allowedContentTypes: ['image/*', 'text/plain'],
    maxSize: 10 * 1024 * 1024,
  });
  const app = new Hono();
  app.get('/', (c) => c.text('hono + oss-presign'));
  app.all('/api/oss/*', (c) => handler.fetch(c.req.raw));
  return app;
}

beforeAll(async () => {
  oss = await startOss();
  const app = honoApp(oss.endpoint);
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
  });
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  await oss.close();
});

async function postJson(path: string, body: unknown, user: string | null = 'alice'): Promise<{ status: number; contentType: string | null; body: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(user ? { 'x-user': user } : {}) };
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
}

describe('core presign handler in a Hono app (handler.fetch on a route, @hono/node-server)', () => {
  it('presigns a PUT through the Hono route; fetch uploads to the URL and the object reads back', async () => {
    const text = 'hello from a Hono route\n';
    const size = new TextEncoder().encode(text).byteLength;
    const presigned = await postJson('/api/oss/upload', { fileName: 'hello.txt', contentType: 'text/plain', size });
    expect(presigned.status).toBe(200);
    const target = presigned.body as { method: string; url: string; signedHeaders: Record<string, string>; bucket: string; key: string; expiration: string };
    expect(target).toMatchObject({ method: 'PUT', bucket: BUCKET });
    // The server built the key under the user's prefix; the client named only a file.
    expect(target.key).toMatch(/^users\/alice\/\d{4}\/\d{2}\/[0-9a-f]{16}-hello\.txt$/);
    expect(target.url.startsWith(`${oss.endpoint}/${BUCKET}/users/alice/`)).toBe(true);
    expect(target.signedHeaders['content-type']).toBe('text/plain');
    // The server's default lifetime (900 s), not anything longer.
    expect(Date.parse(target.expiration) - Date.now()).toBeLessThanOrEqual(900_000);

    // fetch computes Content-Length from the body itself; every other signed header is sent as signed.
    const { 'content-length': _length, ...headers } = target.signedHeaders;
    const put = await fetch(target.url, { method: target.method, headers, body: text });
    expect(put.status).toBe(200);

    const reader = createPresigner({ region: REGION, bucket: BUCKET, credentials: CREDENTIALS, endpoint: oss.endpoint });
    const { url } = await reader.presign({ operation: 'GetObject', key: target.key }, { expires: 60 });
    const got = await fetch(url);
    expect([got.status, got.headers.get('content-type'), await got.text()]).toEqual([200, 'text/plain', text]);
  });

  it('the same upload without the signed Content-Type is refused by OSS (403 SignatureDoesNotMatch) and stores nothing', async () => {
    const presigned = await postJson('/api/oss/upload', { fileName: 'typed.txt', contentType: 'text/plain', size: 3 });
    const target = presigned.body as { url: string; key: string };
    const put = await fetch(target.url, { method: 'PUT', body: new Uint8Array([1, 2, 3]) });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(await oss.getObjectBytes(BUCKET, target.key)).toBeUndefined();
  });

  it("curl uploads to the route's URL only with the signed headers (the README's troubleshooting curl)", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hono-curl-'));
    try {
      const file = join(dir, 'photo.jpg');
      const bytes = new Uint8Array(2048).map((_, i) => (i * 7) & 0xff);
      await writeFile(file, bytes);
      const presigned = await postJson('/api/oss/upload', { fileName: 'photo.jpg', contentType: 'image/jpeg', size: bytes.byteLength });
      const target = presigned.body as { url: string; key: string; signedHeaders: Record<string, string> };
      expect(Object.keys(target.signedHeaders).sort()).toEqual(['content-length', 'content-type', 'x-oss-forbid-overwrite']);
      const curl = async (headers: string[]) => {
        const args = ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'PUT', '-T', file, ...headers.flatMap((h) => ['-H', h]), target.url];
        return (await promisify(execFile)('curl', args)).stdout;
      };
      // OSS's guide's bare form: no Content-Type, so the signature does not match.
      expect(await curl([])).toBe('403');
      expect(await oss.getObjectBytes(BUCKET, target.key)).toBeUndefined();
      expect(await curl(['Content-Type: image/jpeg', 'x-oss-forbid-overwrite: true'])).toBe('200');
      expect(Buffer.from((await oss.getObjectBytes(BUCKET, target.key)) ?? []).equals(Buffer.from(bytes))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers bad input with a 4xx JSON { error: { code, message } } and signs nothing', async () => {
    const before = await oss.listObjects(BUCKET);
    const forbiddenType = await postJson('/api/oss/upload', { fileName: 'run.sh', contentType: 'application/x-sh', size: 10 });
    expect(forbiddenType.status).toBe(400);
    expect(forbiddenType.contentType).toMatch(/^application\/json/);
    expect((forbiddenType.body as ErrorBody).error.code).toBe('CONTENT_TYPE_NOT_ALLOWED');
    expect(typeof (forbiddenType.body as ErrorBody).error.message).toBe('string');

    const tooBig = await postJson('/api/oss/upload', { fileName: 'big.png', contentType: 'image/png', size: 10 * 1024 * 1024 + 1 });
    expect([tooBig.status, (tooBig.body as ErrorBody).error.code]).toEqual([400, 'FILE_TOO_LARGE']);

    const missingSize = await postJson('/api/oss/upload', { fileName: 'a.png', contentType: 'image/png' });
    expect(missingSize.status).toBe(400);
    expect((missingSize.body as ErrorBody).error.message).toMatch(/size/);

    const anonymous = await postJson('/api/oss/upload', { fileName: 'a.png', contentType: 'image/png', size: 1 }, null);
    expect([anonymous.status, (anonymous.body as ErrorBody).error.code]).toEqual([401, 'UNAUTHORIZED']);

    const notJson = await fetch(`${baseUrl}/api/oss/upload`, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-user': 'alice' }, body: 'x' });
    expect([notJson.status, ((await notJson.json()) as ErrorBody).error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);

    const unknownRoute = await postJson('/api/oss/nope', {});
    expect([unknownRoute.status, (unknownRoute.body as ErrorBody).error.code]).toEqual([404, 'NOT_FOUND']);

    for (const response of [forbiddenType, tooBig, missingSize, anonymous, unknownRoute]) expect(JSON.stringify(response.body)).not.toMatch(/x-oss-signature/i);
    expect(await oss.listObjects(BUCKET)).toEqual(before);
  });

  it('serves the policy at GET {basePath}/config, and refuses POST there with 405', async () => {
    const config = await fetch(`${baseUrl}/api/oss/config`, { headers: { 'x-user': 'alice' } });
    expect(config.status).toBe(200);
    expect(await config.json()).toEqual({
      allowedContentTypes: ['image/*', 'text/plain'],
      minSize: 0,
      maxSize: 10 * 1024 * 1024,
      multipartThreshold: 100 * 1024 * 1024,
      partSize: 8 * 1024 * 1024,
    });
    const posted = await postJson('/api/oss/config', {});
    expect([posted.status, (posted.body as ErrorBody).error.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
    const head = await fetch(`${baseUrl}/api/oss/config`, { method: 'HEAD', headers: { 'x-user': 'alice' } });
    expect([head.status, await head.text()]).toEqual([200, '']);
    // authorized like every route
    expect((await fetch(`${baseUrl}/api/oss/config`)).status).toBe(401);
  });

  it('leaves the rest of the Hono app to Hono', async () => {
    const home = await fetch(`${baseUrl}/`);
    expect([home.status, await home.text()]).toEqual([200, 'hono + oss-presign']);
    expect((await fetch(`${baseUrl}/elsewhere`)).status).toBe(404);
  });
});
