// Client input never reaches a 500, through each adapter over HTTP: with the raw body (/api/oss) and
// behind express.json() / @koa/bodyparser (/api/parsed). Any JSON in any field, tokens of every
// length, bodies nested 5,000 levels deep: a 4xx with the JSON error shape, and nothing signed.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterName, BUCKET, type TestApp, startTestApp } from './apps.js';

const ROUTES = ['/upload', '/multipart/initiate', '/multipart/parts', '/multipart/complete', '/multipart/abort', '/multipart/list-parts'];
const MULTIPART = ROUTES.slice(2);
const FIELDS = ['fileName', 'contentType', 'size', 'partSize', 'expires', 'contentMd5', 'metadata', 'key', 'uploadId', 'uploadToken', 'parts'];
const KEY = 'users/alice/2024/06/0123456789abcdef-a.bin';

async function post(url: string, text: string): Promise<{ status: number; text: string; contentType: string | null }> {
  // A hang fails the test through its timeout; no timing is asserted.
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-user': 'alice' }, body: text });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
}

function expectClientError(answer: { status: number; text: string; contentType: string | null }, input: string, base = '/api/oss'): void {
  expect(answer.status, `${input.slice(0, 200)} -> ${answer.text}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${input.slice(0, 200)} -> ${answer.text}`).toBeLessThan(500);
  // A strict body parser mounted before the adapter refuses a top-level non-object itself, with
  // its framework's own 400 page: the adapter never sees that request.
  if (base === '/api/parsed' && !answer.contentType?.startsWith('application/json')) return;
  expect(answer.contentType).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as { error?: { code?: unknown } };
  expect(typeof body.error?.code).toBe('string');
  expect(answer.text).not.toMatch(/x-oss-signature|Signature=/i);
}

const anyField = fc.jsonValue({ maxDepth: 3 });
const body = fc.oneof(anyField, fc.dictionary(fc.constantFrom(...FIELDS), anyField, { maxKeys: FIELDS.length }));
const b64 = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), maxLength: 60 });

describe.each<AdapterName>(['express', 'koa'])('client input never reaches a 500: %s', (adapter) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(adapter);
  });
  afterAll(() => app.close());

  async function expectNothingSigned(): Promise<void> {
    expect(await app.emulator.listObjects(BUCKET)).toEqual([]);
    expect(await app.emulator.listMultipartUploads(BUCKET)).toEqual([]);
  }

  it.each(['/api/oss', '/api/parsed'])('any JSON value in any field on every route (%s)', async (base) => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), body, async (route, value) => {
        const text = JSON.stringify(value);
        expectClientError(await post(`${app.baseUrl}${base}${route}`, text), text, base);
      }),
      { numRuns: 150 },
    );
    await expectNothingSigned();
  });

  it.each(['/api/oss', '/api/parsed'])('upload tokens of every length (%s)', async (base) => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MULTIPART), fc.tuple(b64, b64), async (route, [left, right]) => {
        const text = JSON.stringify({ key: KEY, uploadId: 'U1', uploadToken: `${left}.${right}`, parts: [{ partNumber: 1, etag: '"A"' }] });
        const answer = await post(`${app.baseUrl}${base}${route}`, text);
        expectClientError(answer, text);
        expect(JSON.parse(answer.text).error.code).toBe('UPLOAD_TOKEN_INVALID');
      }),
      { numRuns: 100 },
    );
    for (const uploadToken of ['x.y', 'abcd.e', 'x.yz', 'abcdefgh.i']) {
      for (const route of MULTIPART) {
        const answer = await post(`${app.baseUrl}${base}${route}`, JSON.stringify({ key: KEY, uploadId: 'U1', uploadToken }));
        expect(answer.status, uploadToken).toBe(403);
      }
    }
    await expectNothingSigned();
  });

  it.each(['/api/oss', '/api/parsed'])('JSON nested 5,000 levels deep on every route (%s)', async (base) => {
    const deepObject = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const deepArray = `{"parts":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    for (const route of ROUTES) {
      for (const text of [deepObject, deepArray]) {
        const answer = await post(`${app.baseUrl}${base}${route}`, text);
        expectClientError(answer, text);
        expect(answer.status).toBe(400);
      }
    }
    await expectNothingSigned();
  });
});
