// Client input never reaches a 500: whatever JSON (or bytes) a client sends, in whatever field, raw
// or already parsed by a body parser, the handler answers a 4xx with the JSON error shape, and
// nothing is signed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPresignHandler } from '../../src/handler/create-presign-handler.js';
import type { PlainRequest, PlainResponse } from '../../src/handler/plain-http.js';
import type { Presigner } from '../../src/presigner/create-presigner.js';
import { PRESIGN_ROUTES, type PresignAction, presignMethodOf } from '../../src/protocol/wire.js';
import { TOKEN_SECRET, signTime, testPresigner, tokenFor } from './fixtures.js';

const KEY = 'users/alice/2024/06/0123456789abcdef-big.bin';
const ROUTES = Object.values(PRESIGN_ROUTES);
// The routes that take a JSON body (GET /config takes none: a POST there is 405, still a 4xx).
const POST_ROUTES = (Object.keys(PRESIGN_ROUTES) as PresignAction[]).filter((action) => presignMethodOf(action) === 'POST').map((action) => PRESIGN_ROUTES[action]);
const FIELDS = ['fileName', 'contentType', 'size', 'partSize', 'expires', 'contentMd5', 'metadata', 'key', 'uploadId', 'uploadToken', 'parts'];

/** A handler whose presigner counts every signature, and whose OSS calls are counted too. */
function countingHandler() {
  const signed: string[] = [];
  const inner = testPresigner();
  const presigner: Presigner = {
    region: inner.region,
    bucket: inner.bucket,
    presign: (request, options) => {
      signed.push(`presign ${request.operation}`);
      return inner.presign(request, options);
    },
    signRequest: (request) => {
      signed.push(`signRequest ${request.operation}`);
      return inner.signRequest(request);
    },
  };
  const handler = createPresignHandler<{ id: string }>({
    presigner,
    authorize: () => ({ id: 'alice' }),
    prefix: (user) => `users/${user.id}`,
    // No random string is this exact type, so no generated body describes an acceptable file.
    allowedContentTypes: ['application/x-never-generated'],
    allowedMetadata: ['alt'],
    uploadTokenSecret: TOKEN_SECRET,
    now: () => signTime,
    onError: () => {},
    fetch: async (url) => {
      signed.push(`fetch ${url}`);
      return new Response('', { status: 500 });
    },
  });
  return { handler, signed };
}

function expectClientError(response: PlainResponse): void {
  expect(response.status, response.body).toBeGreaterThanOrEqual(400);
  expect(response.status, response.body).toBeLessThan(500);
  const body = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code).toBe('string');
  expect(typeof body.error?.message).toBe('string');
}

const request = (path: string, body: Partial<PlainRequest>): PlainRequest => ({
  method: 'POST',
  path,
  headers: { 'content-type': 'application/json' },
  ...body,
});

// Bodies: any JSON value, or an object whose protocol fields hold any JSON value.
const anyField = fc.jsonValue({ maxDepth: 4 });
const fieldObject = fc.dictionary(fc.constantFrom(...FIELDS), anyField, { maxKeys: FIELDS.length });
const body = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fieldObject, fc.record({ parts: fc.array(anyField, { maxLength: 5 }) }));

function nested(depth: number, asArray: boolean): string {
  return asArray ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

describe('client input never reaches a 500 (handler)', () => {
  it('any JSON value in any field, raw or pre-parsed, on every route: a 4xx, nothing signed', async () => {
    const { handler, signed } = countingHandler();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), body, fc.boolean(), async (path, value, preParsed) => {
        const response = await handler.handle(request(path, preParsed ? { parsedBody: value } : { body: JSON.stringify(value) }));
        expectClientError(response);
        expect(signed).toEqual([]);
      }),
      { numRuns: 600 },
    );
  });

  it('any string or bytes as the raw body: a 4xx, nothing signed', async () => {
    const { handler, signed } = countingHandler();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array()), async (path, raw) => {
        expectClientError(await handler.handle(request(path, { body: raw })));
        expect(signed).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('upload tokens of every length and alphabet: 403 UPLOAD_TOKEN_INVALID, nothing signed', async () => {
    const { handler, signed } = countingHandler();
    const b64 = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), maxLength: 120 });
    const token = fc.oneof(fc.tuple(b64, b64).map(([a, b]) => `${a}.${b}`), fc.string({ maxLength: 300 }), anyField);
    const multipart = POST_ROUTES.filter((path) => path !== PRESIGN_ROUTES.upload && path !== PRESIGN_ROUTES.initiate);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...multipart), token, async (path, uploadToken) => {
        const response = await handler.handle(request(path, { body: JSON.stringify({ key: KEY, uploadId: 'UPLOAD1', uploadToken, parts: [{ partNumber: 1, etag: '"A"' }] }) }));
        expectClientError(response);
        expect(signed).toEqual([]);
      }),
      { numRuns: 500 },
    );
    // Every length from 0 to 64 on each side of the dot, 4n+1 included ("x.y", "abcd.e").
    for (let left = 0; left <= 64; left++) {
      for (const right of [0, 1, 2, 3, 5, 42, 43, 44, 45]) {
        const uploadToken = `${'a'.repeat(left)}.${'b'.repeat(right)}`;
        for (const path of multipart) {
          const response = await handler.handle(request(path, { body: JSON.stringify({ key: KEY, uploadId: 'UPLOAD1', uploadToken }) }));
          expect(JSON.parse(response.body).error.code, uploadToken).toBe('UPLOAD_TOKEN_INVALID');
        }
      }
    }
    expect(signed).toEqual([]);
  });

  it('a genuine token with a corrupted signature part of any length is refused', async () => {
    const { handler, signed } = countingHandler();
    const genuine = await tokenFor({ key: KEY, uploadId: 'UPLOAD1' });
    const [payload] = genuine.split('.');
    for (let length = 0; length <= 50; length++) {
      const response = await handler.handle(
        request(PRESIGN_ROUTES.listParts, { body: JSON.stringify({ key: KEY, uploadId: 'UPLOAD1', uploadToken: `${payload}.${'A'.repeat(length)}` }) }),
      );
      expect(JSON.parse(response.body).error.code).toBe('UPLOAD_TOKEN_INVALID');
    }
    expect(signed).toEqual([]);
  });

  it('JSON nested 5,000 (and 100,000) levels deep, raw or pre-parsed: 400, no stack overflow', async () => {
    const { handler, signed } = countingHandler();
    for (const depth of [65, 5_000, 100_000]) {
      for (const asArray of [false, true]) {
        const text = nested(depth, asArray);
        for (const path of POST_ROUTES) {
          for (const plain of [{ body: text }, { parsedBody: JSON.parse(text) as unknown }, { parsedBody: { fileName: JSON.parse(text) as unknown } }]) {
            const response = await handler.handle(request(path, plain));
            expectClientError(response);
            expect([400, 413]).toContain(response.status);
          }
        }
      }
    }
    expect(signed).toEqual([]);
  });

  it('values no JSON parser yields but a body parser might (BigInt, functions, cycles) are refused with 400', async () => {
    const { handler } = countingHandler();
    const cyclic: Record<string, unknown> = { fileName: 'a.png' };
    cyclic.self = cyclic;
    for (const parsedBody of [{ size: 10n }, { fileName: () => 1 }, cyclic, { metadata: { alt: Symbol('x') } }]) {
      const response = await handler.handle(request(PRESIGN_ROUTES.upload, { parsedBody }));
      expect(response.status).toBe(400);
    }
  });
});
