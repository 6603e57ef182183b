/**
 * The root README's Next.js App Router route (app/api/oss/[...path]/route.ts): `GET` and `POST`
 * are plain functions from a web Request to a Response, so the test calls them as Next does, with
 * Requests for the app's URLs, and uploads to what they presign on the emulator over HTTP. (Next
 * itself is not installed here; that both core entries also run where only web globals exist is
 * packages/tests/test/edge/edge-runtime.test.ts's job.)
 */
import { createPresigner } from '@oss-presign/core';
import { type HandlerRequest, createPresignHandler } from '@oss-presign/core/http';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, CREDENTIALS, REGION, startOss } from '../upload/helpers.js';

/** The app's session lookup; here the user is named by a header. */
async function sessionUser(request: Request | undefined): Promise<{ id: string } | undefined> {
  const id = request?.headers.get('x-user');
  return id ? { id } : undefined;
}

/** The README's route module, with the presigner pointed at the emulator. */
function routeModule(emulatorEndpoint: string, uploadTokenSecret: string | null = 'a-secret-shared-by-every-instance-0123456789') {
  const handler = createPresignHandler({
    presigner: createPresigner({ region: REGION, bucket: BUCKET, credentials: CREDENTIALS, endpoint: emulatorEndpoint }),
    basePath: '/api/oss',
    authorize: async (request: HandlerRequest<Request>) => (await sessionUser(request.native)) ?? false,
    prefix: (user) => `users/${user.id}`,
    allowedContentTypes: ['image/*', 'application/pdf'],
    maxSize: 20 * 1024 * 1024,
    uploadTokenSecret: uploadTokenSecret ?? undefined,
  });
  // What route.ts exports: `export const GET = ...; export const POST = ...`.
  const route = (request: Request): Promise<Response> => handler.fetch(request);
  return { GET: route, POST: route };
}

const APP = 'https://app.example.com';
let oss: Emulator;

beforeAll(async () => {
  oss = await startOss();
});
afterAll(() => oss.close());

function post(path: string, body: unknown): Request {
  return new Request(`${APP}/api/oss${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user': 'bob' },
    body: JSON.stringify(body),
  });
}

describe('the README Next.js route handlers (GET, POST = handler.fetch)', () => {
  it('POST /api/oss/upload presigns; the PUT to the emulator stores the file under the user prefix', async () => {
    const { POST } = routeModule(oss.endpoint);
    const body = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);
    const response = await POST(post('/upload', { fileName: 'report.pdf', contentType: 'application/pdf', size: body.byteLength }));
    expect(response.status).toBe(200);
    const target = (await response.json()) as { method: string; url: string; signedHeaders: Record<string, string>; key: string };
    expect(target.key).toMatch(/^users\/bob\/\d{4}\/\d{2}\/[0-9a-f]{16}-report\.pdf$/);
    const { 'content-length': _length, ...headers } = target.signedHeaders;
    expect((await fetch(target.url, { method: target.method, headers, body })).status).toBe(200);
    expect(Buffer.from((await oss.getObjectBytes(BUCKET, target.key)) ?? []).equals(Buffer.from(body))).toBe(true);
  });

  it('a multipart upload started by one instance is finished by another with the same uploadTokenSecret, and refused by one without it', async () => {
    const first = routeModule(oss.endpoint);
    const second = routeModule(oss.endpoint);
    const size = 150 * 1024;
    const started = await first.POST(post('/multipart/initiate', { fileName: 'scan.png', contentType: 'image/png', size, partSize: 100 * 1024 }));
    expect(started.status).toBe(200);
    const handle = (await started.json()) as { key: string; uploadId: string; uploadToken: string; partCount: number };
    expect(handle.partCount).toBe(2);
    // An instance with its own random secret (no uploadTokenSecret) cannot continue the upload.
    const stranger = await routeModule(oss.endpoint, null).POST(post('/multipart/parts', { ...handle, parts: [{ partNumber: 1 }] }));
    expect([stranger.status, ((await stranger.json()) as { error: { code: string } }).error.code]).toEqual([403, 'UPLOAD_TOKEN_INVALID']);
    const presigned = await second.POST(post('/multipart/parts', { ...handle, parts: [{ partNumber: 1 }, { partNumber: 2 }] }));
    expect(presigned.status).toBe(200);
    const { parts } = (await presigned.json()) as { parts: { partNumber: number; url: string; size: number }[] };
    const etags: { partNumber: number; etag: string }[] = [];
    for (const part of parts) {
      const put = await fetch(part.url, { method: 'PUT', body: new Uint8Array(part.size).fill(part.partNumber) });
      expect(put.status).toBe(200);
      etags.push({ partNumber: part.partNumber, etag: put.headers.get('etag') as string });
    }
    const completed = await first.POST(post('/multipart/complete', { ...handle, parts: etags }));
    expect(completed.status).toBe(200);
    expect((await oss.getObjectBytes(BUCKET, handle.key))?.byteLength).toBe(size);
  });

  it('GET /api/oss/config serves the policy; bad input gets 4xx JSON errors', async () => {
    const { GET, POST } = routeModule(oss.endpoint);
    const config = await GET(new Request(`${APP}/api/oss/config`, { headers: { 'x-user': 'bob' } }));
    expect(config.status).toBe(200);
    expect(await config.json()).toMatchObject({ allowedContentTypes: ['image/*', 'application/pdf'], maxSize: 20 * 1024 * 1024 });

    const wrongType = await POST(post('/upload', { fileName: 'a.exe', contentType: 'application/x-msdownload', size: 1 }));
    expect([wrongType.status, ((await wrongType.json()) as { error: { code: string } }).error.code]).toEqual([400, 'CONTENT_TYPE_NOT_ALLOWED']);
    const anonymous = await GET(new Request(`${APP}/api/oss/config`));
    expect([anonymous.status, ((await anonymous.json()) as { error: { code: string } }).error.code]).toEqual([401, 'UNAUTHORIZED']);
    const getUpload = await GET(new Request(`${APP}/api/oss/upload`, { headers: { 'x-user': 'bob' } }));
    expect([getUpload.status, ((await getUpload.json()) as { error: { code: string } }).error.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
  });
});
