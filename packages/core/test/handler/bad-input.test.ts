import { describe, expect, it } from 'vitest';
import { OssPresignError } from '../../src/errors/oss-presign-error.js';
import type { PlainRequest } from '../../src/handler/plain-http.js';
import { json, ossCalls, post, signTime, testHandler, tokenFor } from './fixtures.js';

const file = { fileName: 'cat.png', contentType: 'image/png', size: 1000 };
const KEY = 'users/alice/2024/06/0123456789abcdef-big.bin';
const big = { fileName: 'big.bin', contentType: 'application/pdf', size: 1024 * 1024 };

interface Case {
  readonly name: string;
  readonly status: number;
  readonly code: string;
  readonly request: () => PlainRequest | Promise<PlainRequest>;
  readonly handler?: Parameters<typeof testHandler>[0];
}

async function handle(path: string, extra: Record<string, unknown>) {
  return post(path, { key: KEY, uploadId: 'UPLOAD1', uploadToken: await tokenFor({ key: KEY, uploadId: 'UPLOAD1' }), ...extra });
}

const hugeText = `{"fileName":"${'a'.repeat(2 * 1024 * 1024)}"}`;

async function* slowChunks(): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < 64; i++) yield new Uint8Array(64 * 1024).fill(32);
}

// A client that sends the start of its body and then nothing more.
async function* stalledChunks(): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode('{"fileName"');
  await new Promise(() => {});
}

const cases: Case[] = [
  {
    name: 'a body that stops arriving',
    status: 408,
    code: 'REQUEST_TIMEOUT',
    request: () => ({ ...post('/upload', file), body: stalledChunks() }),
    handler: { bodyTimeoutMs: 100 },
  },
  // transport
  { name: 'GET instead of POST', status: 405, code: 'METHOD_NOT_ALLOWED', request: () => ({ ...post('/upload', file), method: 'GET' }) },
  { name: 'unknown route', status: 404, code: 'NOT_FOUND', request: () => post('/uploads/../upload', file) },
  { name: 'no credentials', status: 401, code: 'UNAUTHORIZED', request: () => post('/upload', file, { authorization: '' }) },
  { name: 'wrong user', status: 401, code: 'UNAUTHORIZED', request: () => post('/upload', file, { authorization: 'Bearer mallory' }) },
  {
    name: 'authorize refuses with FORBIDDEN',
    status: 403,
    code: 'FORBIDDEN',
    request: () => post('/upload', file),
    handler: {
      authorize: () => {
        throw new OssPresignError('FORBIDDEN', 'Read-only account');
      },
    },
  },
  { name: 'unauthorised multipart call', status: 401, code: 'UNAUTHORIZED', request: () => post('/multipart/parts', {}, { authorization: 'Bearer x' }) },
  { name: 'text/plain body (cross-site form)', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', request: () => post('/upload', file, { 'content-type': 'text/plain' }) },
  { name: 'form-encoded body', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', request: () => post('/upload', 'fileName=a', { 'content-type': 'application/x-www-form-urlencoded' }) },
  { name: 'body is not JSON', status: 400, code: 'BAD_REQUEST', request: () => post('/upload', '{"fileName": ') },
  { name: 'body is a JSON array', status: 400, code: 'BAD_REQUEST', request: () => post('/upload', '[1,2]') },
  { name: 'body is JSON null', status: 400, code: 'BAD_REQUEST', request: () => post('/upload', 'null') },
  { name: 'body is not UTF-8', status: 400, code: 'BAD_REQUEST', request: () => post('/upload', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])) },
  { name: 'empty body', status: 400, code: 'BAD_REQUEST', request: () => post('/upload', '') },
  { name: 'huge body (2 MiB string)', status: 413, code: 'PAYLOAD_TOO_LARGE', request: () => post('/upload', hugeText) },
  { name: 'huge declared Content-Length', status: 413, code: 'PAYLOAD_TOO_LARGE', request: () => post('/upload', file, { 'content-length': String(50 * 1024 * 1024) }) },
  { name: 'huge streamed body (4 MiB)', status: 413, code: 'PAYLOAD_TOO_LARGE', request: () => ({ ...post('/upload', ''), body: slowChunks() }) },
  // file name
  { name: 'missing fileName', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, fileName: undefined }) },
  { name: 'fileName is a number', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, fileName: 42 }) },
  { name: 'fileName is empty', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, fileName: '' }) },
  { name: 'fileName traversal ../../etc/passwd', status: 400, code: 'INVALID_FILE_NAME', request: () => post('/upload', { ...file, fileName: '../../etc/passwd' }) },
  { name: 'fileName with a backslash path', status: 400, code: 'INVALID_FILE_NAME', request: () => post('/upload', { ...file, fileName: '..\\..\\boot.ini' }) },
  { name: 'fileName ".."', status: 400, code: 'INVALID_FILE_NAME', request: () => post('/upload', { ...file, fileName: '..' }) },
  { name: 'fileName with NUL', status: 400, code: 'INVALID_FILE_NAME', request: () => post('/upload', { ...file, fileName: 'cat\u0000.png' }) },
  { name: 'fileName with a newline', status: 400, code: 'INVALID_FILE_NAME', request: () => post('/upload', { ...file, fileName: 'cat\n.png' }) },
  { name: 'fileName with a bidi override', status: 400, code: 'INVALID_FILE_NAME', request: () => post('/upload', { ...file, fileName: 'invoice\u202Egnp.exe' }) },
  { name: 'fileName of 300 bytes', status: 400, code: 'INVALID_FILE_NAME', request: () => post('/upload', { ...file, fileName: `${'a'.repeat(296)}.png` }) },
  { name: 'fileName of 5000 characters', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, fileName: 'a'.repeat(5000) }) },
  // content type
  { name: 'missing contentType', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, contentType: undefined }) },
  { name: 'contentType is not a media type', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, contentType: 'png' }) },
  { name: 'contentType with a header injection', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, contentType: 'image/png\r\nx-oss-object-acl: public-read' }) },
  { name: 'contentType is an object', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, contentType: { type: 'image/png' } }) },
  { name: 'forbidden type text/html', status: 400, code: 'CONTENT_TYPE_NOT_ALLOWED', request: () => post('/upload', { ...file, contentType: 'text/html' }) },
  { name: 'forbidden type application/x-msdownload', status: 400, code: 'CONTENT_TYPE_NOT_ALLOWED', request: () => post('/upload', { ...file, contentType: 'application/x-msdownload' }) },
  { name: 'forbidden type text/xml', status: 400, code: 'CONTENT_TYPE_NOT_ALLOWED', request: () => post('/upload', { ...file, contentType: 'text/xml' }) },
  // size
  { name: 'missing size', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, size: undefined }) },
  { name: 'size as a string', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, size: '1000' }) },
  { name: 'negative size', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, size: -1 }) },
  { name: 'fractional size', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, size: 1.5 }) },
  { name: 'size beyond safe integers', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, size: 1e300 }) },
  { name: 'oversize file', status: 400, code: 'FILE_TOO_LARGE', request: () => post('/upload', { ...file, size: 10 * 1024 * 1024 + 1 }) },
  { name: 'undersize (empty) file', status: 400, code: 'FILE_TOO_SMALL', request: () => post('/upload', { ...file, size: 0 }) },
  // metadata, expiry, md5
  { name: 'metadata name not allowed', status: 400, code: 'METADATA_NOT_ALLOWED', request: () => post('/upload', { ...file, metadata: { owner: 'root' } }) },
  { name: 'metadata value not a string', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, metadata: { alt: 7 } }) },
  { name: 'metadata value with CRLF', status: 400, code: 'INVALID_HEADER', request: () => post('/upload', { ...file, metadata: { alt: 'a\r\nx-oss-acl: public' } }) },
  { name: 'metadata is an array', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, metadata: ['alt'] }) },
  { name: 'expires is zero', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, expires: 0 }) },
  { name: 'expires is a string', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, expires: '3600' }) },
  { name: 'contentMd5 is not an MD5', status: 400, code: 'INVALID_ARGUMENT', request: () => post('/upload', { ...file, contentMd5: 'abc' }) },
  // keys and hooks
  {
    name: 'key function leaving the prefix',
    status: 403,
    code: 'KEY_OUTSIDE_PREFIX',
    request: () => post('/upload', file),
    handler: { key: ({ sanitizedFileName }) => `users/bob/${sanitizedFileName}` },
  },
  {
    name: 'key function producing a traversal key',
    status: 400,
    code: 'INVALID_KEY',
    request: () => post('/upload', file),
    handler: { key: () => 'users/alice/../bob/x.png' },
  },
  {
    name: 'onBeforePresign refuses (quota)',
    status: 403,
    code: 'FORBIDDEN',
    request: () => post('/upload', file),
    handler: {
      onBeforePresign: () => {
        throw new OssPresignError('FORBIDDEN', 'Quota exceeded');
      },
    },
  },
  // multipart: initiate
  { name: 'initiate with a part size below 100 KiB', status: 400, code: 'INVALID_PART', request: () => post('/multipart/initiate', { ...big, partSize: 1000 }) },
  { name: 'initiate needing more than 10000 parts', status: 400, code: 'INVALID_PART', request: () => post('/multipart/initiate', { ...big, size: 1.5 * 1024 ** 3, partSize: 102_400 }), handler: { maxSize: 2 * 1024 ** 3 } },
  { name: 'initiate oversize', status: 400, code: 'FILE_TOO_LARGE', request: () => post('/multipart/initiate', { ...big, size: 11 * 1024 * 1024 }) },
  { name: 'initiate with a forbidden type', status: 400, code: 'CONTENT_TYPE_NOT_ALLOWED', request: () => post('/multipart/initiate', { ...big, contentType: 'video/mp4' }) },
  // multipart: later calls
  { name: 'parts without uploadToken', status: 403, code: 'UPLOAD_TOKEN_INVALID', request: () => post('/multipart/parts', { key: KEY, uploadId: 'UPLOAD1', parts: [{ partNumber: 1 }] }) },
  {
    name: 'parts with a tampered token',
    status: 403,
    code: 'UPLOAD_TOKEN_INVALID',
    request: async () => {
      const token = await tokenFor({ key: KEY, uploadId: 'UPLOAD1' });
      const [payload, mac] = token.split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, size: 10 ** 12 })).toString('base64url');
      return post('/multipart/parts', { key: KEY, uploadId: 'UPLOAD1', uploadToken: `${forged}.${mac}`, parts: [{ partNumber: 1 }] });
    },
  },
  {
    name: 'parts with a token of another upload',
    status: 403,
    code: 'UPLOAD_TOKEN_INVALID',
    request: async () =>
      post('/multipart/parts', { key: KEY, uploadId: 'UPLOAD1', uploadToken: await tokenFor({ key: KEY, uploadId: 'OTHER' }), parts: [{ partNumber: 1 }] }),
  },
  {
    name: 'parts with an expired token',
    status: 403,
    code: 'UPLOAD_TOKEN_INVALID',
    request: async () =>
      post('/multipart/parts', {
        key: KEY,
        uploadId: 'UPLOAD1',
        uploadToken: await tokenFor({ key: KEY, uploadId: 'UPLOAD1', expiresAt: Math.floor(signTime.getTime() / 1000) - 1 }),
        parts: [{ partNumber: 1 }],
      }),
  },
  { name: 'parts for a key outside the prefix', status: 403, code: 'KEY_OUTSIDE_PREFIX', request: () => handle('/multipart/parts', { key: 'users/bob/x.bin', parts: [{ partNumber: 1 }] }) },
  { name: 'parts for a traversal key', status: 400, code: 'INVALID_KEY', request: () => handle('/multipart/parts', { key: 'users/alice/../../etc', parts: [{ partNumber: 1 }] }) },
  { name: 'part number 0', status: 400, code: 'INVALID_PART', request: () => handle('/multipart/parts', { parts: [{ partNumber: 0 }] }) },
  { name: 'part number beyond the declared size', status: 400, code: 'INVALID_PART', request: () => handle('/multipart/parts', { parts: [{ partNumber: 5 }] }) },
  { name: 'part number as a string', status: 400, code: 'INVALID_PART', request: () => handle('/multipart/parts', { parts: [{ partNumber: '1' }] }) },
  { name: 'more parts than allowed per request', status: 400, code: 'INVALID_ARGUMENT', request: () => handle('/multipart/parts', { parts: Array.from({ length: 101 }, (_, i) => ({ partNumber: i + 1 })) }) },
  { name: 'repeated part numbers', status: 400, code: 'INVALID_PART', request: () => handle('/multipart/parts', { parts: [{ partNumber: 1 }, { partNumber: 1 }] }) },
  { name: 'parts is not an array', status: 400, code: 'INVALID_ARGUMENT', request: () => handle('/multipart/parts', { parts: { partNumber: 1 } }) },
  { name: 'complete with a part without etag', status: 400, code: 'INVALID_PART', request: () => handle('/multipart/complete', { parts: [{ partNumber: 1 }] }) },
  { name: 'complete with a part beyond the plan', status: 400, code: 'INVALID_PART', request: () => handle('/multipart/complete', { parts: [{ partNumber: 9, etag: '"A"' }] }) },
  { name: 'complete with no parts', status: 400, code: 'INVALID_ARGUMENT', request: () => handle('/multipart/complete', { parts: [] }) },
  { name: 'abort without key', status: 400, code: 'INVALID_ARGUMENT', request: () => handle('/multipart/abort', { key: undefined }) },
  { name: 'list-parts with uploadId as a number', status: 400, code: 'INVALID_ARGUMENT', request: () => handle('/multipart/list-parts', { uploadId: 7 }) },
];

describe('bad input: every rejection is a 4xx with { error: { code, message } } and nothing signed', () => {
  it('covers at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const testCase of cases) {
    it(`${testCase.name} → ${testCase.status} ${testCase.code}`, async () => {
      const before = ossCalls.length;
      const response = await testHandler(testCase.handler).handle(await testCase.request());
      expect(response.status).toBe(testCase.status);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const body = json(response);
      expect(Object.keys(body)).toEqual(['error']);
      const error = body.error as Record<string, unknown>;
      expect(error.code).toBe(testCase.code);
      expect(typeof error.message).toBe('string');
      expect(error.requestId).toBe(response.headers['x-request-id']);
      // Nothing signed: no URL, no signature, no signed headers, and OSS was never called.
      expect(response.body).not.toMatch(/https?:\/\/|x-oss-signature|"signedHeaders"|"uploadToken"|"url"/);
      expect(ossCalls.length).toBe(before);
    });
  }
});

describe('body timeouts are options checked once, with typed errors', () => {
  it('refuses a bodyTimeoutMs out of range on both handlers', async () => {
    const { createCallbackHandler } = await import('../../src/handler/create-callback-handler.js');
    expect(() => testHandler({ bodyTimeoutMs: 5 })).toThrow(/bodyTimeoutMs must be a whole number from 100 to 300000; got 5/);
    for (const bad of [5, 1.5, '10s', 10_000_000]) {
      expect(() => createCallbackHandler({ onUploadComplete: () => ({}), bodyTimeoutMs: bad as number })).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringMatching(/^bodyTimeoutMs must be a whole number from 100 to 300000/) }),
      );
    }
  });
});
