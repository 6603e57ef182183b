import { createPresignClient, createUploader, uploadMultipart, uploadObject } from '@oss-presign/core/upload';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterName, BUCKET, type TestApp, startTestApp } from './apps.js';

function bytes(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe.each<AdapterName>(['express', 'koa', 'nest-express', 'nest-fastify', 'nest11-express', 'nest11-fastify'])('adapter contract: %s', (adapter) => {
  let app: TestApp;
  let client: ReturnType<typeof createPresignClient>;

  beforeAll(async () => {
    app = await startTestApp(adapter);
    client = createPresignClient({ endpoint: `${app.baseUrl}/api/oss`, headers: { 'x-user': 'alice' } });
  });
  afterAll(() => app.close());

  it('presigns, uploads with the core uploader, verifies the callback and lists the object', async () => {
    const body = bytes(50_000, 1);
    const result = await uploadObject({ target: client.target({ fileName: 'notes.txt', contentType: 'text/plain' }), body });
    // OSS relayed the app's callback answer to the uploader.
    const answer = JSON.parse(result.body) as { ok: boolean; key: string; size: number; uid: string };
    expect(answer).toMatchObject({ ok: true, size: 50_000, uid: 'alice' });
    expect(answer.key).toMatch(/^users\/alice\/\d{4}\/\d{2}\/[0-9a-f]{16}-notes\.txt$/);
    expect(result.verified).toBe(true);
    const event = (await app.callbacks()).find((callback) => callback.key === answer.key);
    expect(event).toMatchObject({ bucket: BUCKET, size: 50_000, mimeType: 'text/plain', vars: { uid: 'alice' } });
    const listed = (await (await fetch(`${app.baseUrl}/files`)).json()) as { key: string; size: number }[];
    expect(listed.find((object) => object.key === answer.key)).toMatchObject({ size: 50_000 });
    expect((await app.emulator.listObjects(BUCKET)).find((object) => object.key === answer.key)).toMatchObject({ contentType: 'text/plain' });
    expect(Buffer.compare(Buffer.from((await app.emulator.getObjectBytes(BUCKET, answer.key)) ?? []), Buffer.from(body))).toBe(0);
  });

  it('serves the policy at GET /config (authorized), and the uploader refuses a forbidden file before any presign', async () => {
    expect(await client.config()).toEqual({
      allowedContentTypes: ['text/*', 'application/octet-stream', 'image/*'],
      minSize: 0,
      maxSize: 20 * 1024 * 1024,
      multipartThreshold: 100 * 1024 * 1024,
      partSize: 8 * 1024 * 1024,
    });
    const anonymous = await fetch(`${app.baseUrl}/api/oss/config`);
    expect([anonymous.status, ((await anonymous.json()) as { error: { code: string } }).error.code]).toEqual([401, 'UNAUTHORIZED']);
    const posted = await postJson(`${app.baseUrl}/api/oss/config`, {}, { 'x-user': 'alice' });
    expect([posted.status, posted.body.error.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
    const head = await fetch(`${app.baseUrl}/api/oss/config`, { method: 'HEAD', headers: { 'x-user': 'alice' } });
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([200, 'application/json; charset=utf-8', '']);

    const calls: string[] = [];
    const uploader = createUploader({
      endpoint: `${app.baseUrl}/api/oss`,
      headers: { 'x-user': 'alice' },
      fetch: (input, init) => {
        calls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
        return fetch(input, init);
      },
    });
    const before = await app.emulator.listObjects(BUCKET);
    const [pdf, big] = await uploader.upload([
      { body: bytes(10, 3), name: 'report.pdf', contentType: 'application/pdf' },
      { body: new Uint8Array(21 * 1024 * 1024), name: 'huge.png', contentType: 'image/png' },
    ]);
    expect(pdf?.status === 'error' && pdf.error.code).toBe('CONTENT_TYPE_NOT_ALLOWED');
    expect(big?.status === 'error' && big.error.code).toBe('FILE_TOO_LARGE');
    // One policy fetch for both files, and no presign at all.
    expect(calls).toEqual(['GET /api/oss/config']);
    expect(uploader.getSnapshot().policy?.maxSize).toBe(20 * 1024 * 1024);
    expect(await app.emulator.listObjects(BUCKET)).toEqual(before);
  });

  it('runs a multipart upload end to end through the handler', async () => {
    const body = bytes(350 * 1024, 2);
    const result = await uploadMultipart({ body, partSize: 100 * 1024, concurrency: 2, contentType: 'application/octet-stream', ...client });
    expect(result.parts.map((part) => part.partNumber)).toEqual([1, 2, 3, 4]);
    const key = result.key as string;
    expect(key).toMatch(/^users\/alice\//);
    const answer = JSON.parse(result.body) as { ok: boolean; size: number };
    expect(answer).toMatchObject({ ok: true, size: 350 * 1024 });
    expect((await app.callbacks()).some((callback) => callback.key === key && callback.size === 350 * 1024)).toBe(true);
    expect(Buffer.compare(Buffer.from((await app.emulator.getObjectBytes(BUCKET, key)) ?? []), Buffer.from(body))).toBe(0);
    expect(await app.emulator.listMultipartUploads(BUCKET)).toEqual([]);
  });

  it('lists uploaded parts and aborts an upload, leaving nothing on OSS', async () => {
    const started = await client.initiate({ fileName: 'big.bin', size: 250 * 1024, partSize: 100 * 1024 });
    expect(started).toMatchObject({ partSize: 102_400, partCount: 3, bucket: BUCKET });
    const [part] = await client.presignParts({ uploadId: started.uploadId, parts: [{ partNumber: 1 }] });
    expect(part?.signedHeaders).toEqual({ 'content-length': '102400' });
    const put = await fetch(part?.url as string, { method: 'PUT', body: bytes(102_400, 3) });
    expect(put.status).toBe(200);
    const parts = await client.listParts({ uploadId: started.uploadId, key: started.key });
    expect(parts.map((listed) => [listed.partNumber, listed.size])).toEqual([[1, 102_400]]);
    await client.abort({ uploadId: started.uploadId });
    expect(await app.emulator.listMultipartUploads(BUCKET)).toEqual([]);
  });

  it('refuses to complete an upload that is not what was declared, and keeps it so the client can finish', async () => {
    const started = await client.initiate({ fileName: 'short.bin', size: 256_000, partSize: 102_400 });
    expect(started.partCount).toBe(3);
    const presigned = await client.presignParts({ uploadId: started.uploadId, parts: [{ partNumber: 1 }, { partNumber: 2 }, { partNumber: 3 }] });
    const etags: string[] = [];
    const put = async (index: number) => {
      const part = presigned[index];
      const response = await fetch(part?.url as string, { method: 'PUT', body: bytes(part?.size as number, 10 + index) });
      expect(response.status).toBe(200);
      etags[index] = response.headers.get('etag') as string;
    };
    await put(0);
    const complete = (parts: { partNumber: number; etag: string }[]) =>
      postJson(`${app.baseUrl}/api/oss/multipart/complete`, { key: started.key, uploadId: started.uploadId, uploadToken: started.uploadToken, parts }, { 'x-user': 'alice' });
    // Part 1 of 3 named: the client's list leaves parts out.
    const short = await complete([{ partNumber: 1, etag: etags[0] as string }]);
    expect(short).toMatchObject({ status: 409, body: { error: { code: 'PARTS_MISMATCH' } } });
    // Every part named, but OSS holds part 1 only (ListParts).
    const named = await complete([1, 2, 3].map((partNumber) => ({ partNumber, etag: etags[0] as string })));
    expect(named).toMatchObject({ status: 409, body: { error: { code: 'PARTS_MISMATCH' } } });
    expect(named.body.error.message).toMatch(/no part 2, 3/);
    expect(await app.emulator.getObjectBytes(BUCKET, started.key)).toBeUndefined();
    expect((await app.emulator.listMultipartUploads(BUCKET)).some((upload) => upload.uploadId === started.uploadId)).toBe(true);
    // The client fixes it: the rest of the parts, then Complete succeeds with the declared size.
    await put(1);
    await put(2);
    const done = await complete([1, 2, 3].map((partNumber) => ({ partNumber, etag: etags[partNumber - 1] as string })));
    expect(done.status).toBe(200);
    expect((await app.emulator.getObjectBytes(BUCKET, started.key))?.byteLength).toBe(256_000);
  });

  it('signs Content-Length, so OSS refuses a part bigger than the declared size', async () => {
    const started = await client.initiate({ fileName: 'tight.bin', size: 150 * 1024, partSize: 100 * 1024 });
    const [last] = await client.presignParts({ uploadId: started.uploadId, parts: [{ partNumber: 2 }] });
    const put = await fetch(last?.url as string, { method: 'PUT', body: bytes(100 * 1024, 4) });
    expect(put.status).toBe(403);
    await client.abort({ uploadId: started.uploadId });
  });

  it("refuses another user's upload handle", async () => {
    const started = await client.initiate({ fileName: 'mine.bin', size: 200 * 1024, partSize: 100 * 1024 });
    const bob = await postJson(
      `${app.baseUrl}/api/oss/multipart/parts`,
      { key: started.key, uploadId: started.uploadId, uploadToken: started.uploadToken, parts: [{ partNumber: 1 }] },
      { 'x-user': 'bob' },
    );
    expect(bob).toMatchObject({ status: 403, body: { error: { code: 'KEY_OUTSIDE_PREFIX' } } });
    await client.abort({ uploadId: started.uploadId });
  });

  it('answers 401 with the JSON error shape to an unknown user', async () => {
    const response = await postJson(`${app.baseUrl}/api/oss/upload`, { fileName: 'a.txt', contentType: 'text/plain', size: 1 });
    expect(response).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    expect(JSON.stringify(response.body)).not.toContain('http');
  });

  it('rejects a forged callback with 403 and never calls onUploadComplete', async () => {
    const before = (await app.callbacks()).length;
    const response = await fetch(`${app.baseUrl}/oss/callback`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: Buffer.from('x'.repeat(64)).toString('base64'),
        'x-oss-pub-key-url': Buffer.from(app.emulator.publicKeyUrl).toString('base64'),
      },
      body: JSON.stringify({ bucket: BUCKET, object: 'users/alice/evil.txt', size: 1 }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('CALLBACK_SIGNATURE_INVALID');
    expect((await app.callbacks()).length).toBe(before);
  });

  it('passes paths outside its prefix to the app', async () => {
    const response = await fetch(`${app.baseUrl}/health`);
    expect(await response.json()).toEqual({ ok: true });
  });

  // Express and Koa also mount a second router behind a body parser at /api/parsed; Nest has one module.
  const prefixPaths = ['/api/oss/unknown', '/api/oss/multipart', '/api/oss/multipart/initiate/x', '/api/oss', '/api/oss/', '/api/oss/health', '/api/oss/config/x'];
  it.each(adapter.startsWith('nest') ? prefixPaths : [...prefixPaths, '/api/parsed/x'])(
    'owns its prefix: %s answers a JSON 404 NOT_FOUND, for GET and POST',
    async (path) => {
      for (const method of ['GET', 'POST']) {
        const response = await fetch(`${app.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', 'x-user': 'alice' }, ...(method === 'POST' ? { body: '{}' } : {}) });
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
      }
    },
  );
});

/** Sends a request whose body stops short of its Content-Length and keeps the socket open; resolves with the answer's text. */
function stalledRequest(baseUrl: string, path: string, headers: string[]): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write([`POST ${path} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Content-Type: application/json', 'Content-Length: 1000', ...headers, '', '{"fileName"'].join('\r\n'));
    });
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      const headEnd = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text)?.[1];
      if (headEnd !== -1 && length !== undefined && text.length >= headEnd + 4 + Number(length)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', reject);
  });
}

// Express and Koa hand core the request stream, so core's body timeout answers a stalled client.
// Nest's own body parser reads the body before the module runs (see the Nest README, Raw bodies).
describe.each<AdapterName>(['express', 'koa'])('a stalled request body: %s', (adapter) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(adapter);
  });
  afterAll(() => app.close());

  it('gets 408 REQUEST_TIMEOUT as JSON, on the presign route and the callback route', async () => {
    for (const [path, headers] of [['/api/oss/upload', ['x-user: alice']], ['/oss/callback', ['Authorization: x', 'x-oss-pub-key-url: eA==']]] as const) {
      const answer = await stalledRequest(app.baseUrl, path, [...headers]);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
    }
  });
});
