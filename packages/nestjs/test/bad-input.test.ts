import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OssPresignModule } from '../src/index.js';
import { PLATFORMS, type Platform, type RunningApp, presigner, startApp } from './helpers.js';

const file = { fileName: 'cat.png', contentType: 'image/png', size: 1000 };
const alice = { authorization: 'Bearer alice' };

interface Case {
  readonly name: string;
  readonly status: number;
  readonly code: string;
  readonly path?: string;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
  readonly method?: string;
  /** Where the case applies; all platforms when absent. */
  readonly platforms?: readonly Platform[];
}

// The HTTP cases of core's bad-input suite that a Nest app hands to the route: each must come back
// with core's status and JSON error, whatever the platform.
const cases: Case[] = [
  { name: 'GET instead of POST', status: 405, code: 'METHOD_NOT_ALLOWED', method: 'GET', body: undefined },
  { name: 'no credentials', status: 401, code: 'UNAUTHORIZED', body: file, headers: { authorization: '' } },
  { name: 'wrong user', status: 401, code: 'UNAUTHORIZED', body: file, headers: { authorization: 'Bearer mallory' } },
  { name: 'text/plain body (cross-site form)', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', body: JSON.stringify(file), headers: { 'content-type': 'text/plain' } },
  { name: 'form-encoded body', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', body: 'fileName=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  { name: 'body is a JSON array', status: 400, code: 'BAD_REQUEST', body: '[1,2]' },
  { name: 'missing fileName', status: 400, code: 'INVALID_ARGUMENT', body: { ...file, fileName: undefined } },
  { name: 'fileName traversal', status: 400, code: 'INVALID_FILE_NAME', body: { ...file, fileName: '../../etc/passwd' } },
  { name: 'fileName with NUL', status: 400, code: 'INVALID_FILE_NAME', body: { ...file, fileName: 'cat\u0000.png' } },
  { name: 'contentType with a header injection', status: 400, code: 'INVALID_ARGUMENT', body: { ...file, contentType: 'image/png\r\nx-oss-object-acl: public-read' } },
  { name: 'forbidden type text/html', status: 400, code: 'CONTENT_TYPE_NOT_ALLOWED', body: { ...file, contentType: 'text/html' } },
  { name: 'size as a string', status: 400, code: 'INVALID_ARGUMENT', body: { ...file, size: '1000' } },
  { name: 'negative size', status: 400, code: 'INVALID_ARGUMENT', body: { ...file, size: -1 } },
  { name: 'body is JSON null (Fastify)', status: 400, code: 'BAD_REQUEST', body: 'null', platforms: ['fastify'] },
  { name: 'file too large', status: 400, code: 'FILE_TOO_LARGE', body: { ...file, size: 50 * 1024 * 1024 } },
  { name: 'metadata not on the allowlist', status: 400, code: 'METADATA_NOT_ALLOWED', body: { ...file, metadata: { owner: 'x' } } },
  { name: 'forged upload token', status: 403, code: 'UPLOAD_TOKEN_INVALID', path: '/multipart/parts', body: { key: 'users/alice/x.bin', uploadId: 'U1', uploadToken: 'forged', parts: [{ partNumber: 1 }] } },
];

// Rejected by Nest's own body parser before any route runs: still a clean 4xx, in Nest's shape.
const parserCases: Case[] = [
  { name: 'body is not JSON', status: 400, code: '', body: '{"fileName": ' },
  // body-parser's strict JSON refuses a top-level null on Express; Fastify hands it to core.
  { name: 'body is JSON null (Express)', status: 400, code: '', body: 'null', platforms: ['express'] },
  { name: 'body larger than the parser limit (2 MiB)', status: 413, code: '', body: `{"fileName":"${'a'.repeat(2 * 1024 * 1024)}"}` },
];

describe.each(PLATFORMS)('bad input through the Nest controller on %s', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, {
      imports: [
        OssPresignModule.forRoot({
          presigner,
          authorize: (request) => (request.headers.authorization === 'Bearer alice' ? { id: 'alice' } : false),
          prefix: (user: { id: string }) => `users/${user.id}`,
          allowedContentTypes: ['image/*'],
          maxSize: 20 * 1024 * 1024,
          onError: () => {},
        }),
      ],
    });
  });
  afterAll(() => running.close());

  const send = (test: Case) =>
    fetch(`${running.base}/api/oss${test.path ?? '/upload'}`, {
      method: test.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...alice, ...test.headers },
      body: test.body === undefined ? undefined : typeof test.body === 'string' ? test.body : JSON.stringify(test.body),
    });

  it.each(cases.filter((test) => test.platforms?.includes(platform) ?? true))("$name: core's $status $code", async (test) => {
    const response = await send(test);
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect([response.status, body.error.code]).toEqual([test.status, test.code]);
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
    expect(JSON.stringify(body)).not.toMatch(/x-oss-signature|Signature=/);
  });

  it.each(parserCases.filter((test) => test.platforms?.includes(platform) ?? true))("$name: Nest's parser answers $status before the route", async (test) => {
    const response = await send(test);
    expect(response.status).toBe(test.status);
    expect(((await response.json()) as { statusCode: number }).statusCode).toBe(test.status);
  });
});
