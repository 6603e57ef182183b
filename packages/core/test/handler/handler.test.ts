import { describe, expect, it } from 'vitest';
import { OssPresignError } from '../../src/errors/oss-presign-error.js';
import { createPresignHandler } from '../../src/handler/create-presign-handler.js';
import { json, post, signTime, testHandler, testPresigner } from './fixtures.js';

const file = { fileName: 'Cat photo.png', contentType: 'image/png', size: 1000 };

function decodeParam(url: string, name: string): unknown {
  const value = new URL(url).searchParams.get(name);
  return value === null ? undefined : JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
}

describe('POST /upload', () => {
  it('presigns one PUT under the user prefix with type, length and forbid-overwrite signed', async () => {
    const response = await testHandler().handle(post('/upload', file));
    expect(response.status).toBe(200);
    const body = json(response);
    expect(body.key).toMatch(/^users\/alice\/2024\/06\/[0-9a-f]{16}-Cat-photo\.png$/);
    expect(body.bucket).toBe('demo');
    expect(body.method).toBe('PUT');
    expect(body.signedHeaders).toEqual({ 'content-type': 'image/png', 'content-length': '1000', 'x-oss-forbid-overwrite': 'true' });
    expect(body.expiration).toBe(new Date(signTime.getTime() + 900_000).toISOString());
    const url = new URL(body.url as string);
    expect(url.pathname).toBe(`/${body.key as string}`);
    expect(url.searchParams.get('x-oss-additional-headers')).toBe('content-length');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('clamps a long expiry to maxExpires and honours a short one', async () => {
    const long = json(await testHandler().handle(post('/upload', { ...file, expires: 86_400 })));
    expect(long.expiration).toBe(new Date(signTime.getTime() + 3_600_000).toISOString());
    const short = json(await testHandler().handle(post('/upload', { ...file, expires: 60 })));
    expect(short.expiration).toBe(new Date(signTime.getTime() + 60_000).toISOString());
  });

  it('signs allowed metadata and Content-MD5', async () => {
    const md5 = '1B2M2Y8AsgTpgAmY7PhCfg==';
    const body = json(await testHandler().handle(post('/upload', { ...file, metadata: { alt: 'A cat' }, contentMd5: md5 })));
    expect(body.signedHeaders).toMatchObject({ 'x-oss-meta-alt': 'A cat', 'content-md5': md5 });
  });

  it('leaves out x-oss-forbid-overwrite when turned off, and uses a custom key inside the prefix', async () => {
    const handler = testHandler({ forbidOverwrite: false, key: ({ prefix, sanitizedFileName }) => `${prefix}/avatars/${sanitizedFileName}` });
    const body = json(await handler.handle(post('/upload', file)));
    expect(body.key).toBe('users/alice/avatars/Cat-photo.png');
    expect(body.signedHeaders).not.toHaveProperty('x-oss-forbid-overwrite');
  });

  it('puts the upload callback and its variables into the signed URL', async () => {
    const handler = testHandler({
      callback: { url: 'https://app.example.com/oss/callback', vars: ({ context }) => ({ uid: context.id }) },
    });
    const body = json(await handler.handle(post('/upload', file)));
    expect(decodeParam(body.url as string, 'callback')).toEqual({
      callbackUrl: 'https://app.example.com/oss/callback',
      callbackBody: '{"bucket":${bucket},"object":${object},"etag":${etag},"size":${size},"mimeType":${mimeType},"x:uid":${x:uid}}',
      callbackBodyType: 'application/json',
    });
    expect(decodeParam(body.url as string, 'callback-var')).toEqual({ 'x:uid': 'alice' });
  });

  it('hands onBeforePresign the key, the file and the user', async () => {
    const seen: unknown[] = [];
    const handler = testHandler({ onBeforePresign: (event) => void seen.push({ action: event.action, user: event.context.id, size: event.size }) });
    await handler.handle(post('/upload', file));
    expect(seen).toEqual([{ action: 'upload', user: 'alice', size: 1000 }]);
  });

  it('accepts a body another middleware already parsed', async () => {
    const request = { ...post('/upload', ''), body: undefined, parsedBody: file };
    expect((await testHandler().handle(request)).status).toBe(200);
  });
});

describe('the Fetch API face', () => {
  it('serves Request → Response under a basePath and echoes x-request-id', async () => {
    const handler = testHandler({ basePath: '/api/oss' });
    const response = await handler.fetch(
      new Request('http://app.test/api/oss/upload', {
        method: 'POST',
        headers: { authorization: 'Bearer alice', 'content-type': 'application/json', 'x-request-id': 'trace-42' },
        body: JSON.stringify(file),
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect(((await response.json()) as { method: string }).method).toBe('PUT');
  });
});

describe('errors', () => {
  it('answers 500 without internals and logs the cause with the request id', async () => {
    const logged: unknown[] = [];
    const handler = testHandler({
      authorize: () => {
        throw new Error('database is down: password=hunter2');
      },
      onError: (error, info) => void logged.push({ code: error.code, cause: String(error.cause), ...info }),
    });
    const response = await handler.handle(post('/upload', file, { 'x-request-id': 'req-7' }));
    expect(response.status).toBe(500);
    expect(response.body).not.toContain('hunter2');
    expect(json(response)).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'The upload service failed; quote request id req-7', requestId: 'req-7' } });
    expect(logged).toEqual([{ code: 'INTERNAL_ERROR', cause: 'Error: database is down: password=hunter2', requestId: 'req-7', action: 'upload', status: 500 }]);
  });

  it('sends Allow: POST with a 405', async () => {
    const response = await testHandler().handle({ ...post('/upload', file), method: 'PUT' });
    expect(response.headers.allow).toBe('POST');
  });

  it.each([
    ['no presigner', { presigner: undefined }],
    ['an empty content-type list', { allowedContentTypes: [] }],
    ['a bad content-type pattern', { allowedContentTypes: ['*/png'] }],
    ['a zero maxExpires', { maxExpires: 0 }],
    ['maxSize below minSize', { minSize: 10, maxSize: 5 }],
    ['a short token secret', { uploadTokenSecret: 'short' }],
    ['a traversal prefix', { prefix: '../up' }],
    ['a non-http callback URL', { callback: { url: 'ftp://x' } }],
    ['bad metadata names', { allowedMetadata: ['Bad Name'] }],
  ])('refuses %s when created', (_name, overrides) => {
    expect(() => createPresignHandler({ presigner: testPresigner(), ...(overrides as object) } as never)).toThrow(OssPresignError);
  });
});
