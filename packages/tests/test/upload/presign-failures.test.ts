/**
 * When the app's presign endpoint refuses or fails, the uploader says so in its own words:
 * PRESIGN_FAILED with the endpoint's HTTP status and its OssPresignError as the cause, never
 * "callback" wording (CALLBACK_ERROR stays for callbacks the caller supplies). A real presign
 * handler that requires a session header, over HTTP on 127.0.0.1:0, signing for the emulator.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OssPresignError } from '@oss-presign/core';
import { createPresignHandler } from '@oss-presign/core/http';
import { OssUploadError, createPresignClient, createUploader, upload } from '@oss-presign/core/upload/node';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUCKET, presignerFor, startOss } from './helpers.js';

const TOKEN = 'Bearer session-0123456789';
let oss: Emulator;
let server: Server;
let endpoint: string;
/** Requests the app received, by path. */
let seen: string[] = [];
/** How many of the next presign calls the app answers 503 (an overloaded app server). */
let overloaded = 0;

beforeAll(async () => {
  oss = await startOss();
  const handler = createPresignHandler({
    presigner: presignerFor(oss),
    basePath: '/api/oss',
    prefix: 'signed-in',
    allowedContentTypes: ['text/plain'],
    authorize: ({ headers }) => {
      if (headers.authorization === TOKEN) return { user: 'ann' };
      throw new OssPresignError('UNAUTHORIZED', 'Sign in to upload');
    },
  });
  server = createServer(async (req, res) => {
    seen.push(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (overloaded > 0 && req.method === 'POST') {
      overloaded--;
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'UPSTREAM_ERROR', message: 'Try again later' } }));
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const response = await handler.fetch(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/oss`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await oss?.close();
});
beforeEach(() => {
  seen = [];
  overloaded = 0;
});

const text = (name = 'a.txt') => ({ body: new TextEncoder().encode('hello'), name, contentType: 'text/plain' });
const quick = { retries: 2, baseDelayMs: 1, maxDelayMs: 1 };

async function failureOf(promise: Promise<{ status: string; error?: OssUploadError }[]>): Promise<OssUploadError> {
  const [outcome] = await promise;
  expect(outcome?.status).toBe('error');
  expect(outcome?.error).toBeInstanceOf(OssUploadError);
  return outcome?.error as OssUploadError;
}

describe('presign endpoint failures', () => {
  it('a refusal (401 UNAUTHORIZED) is PRESIGN_FAILED with the endpoint\'s status, code and message, not retried', async () => {
    const error = await failureOf(createUploader({ endpoint, retry: quick }).upload(text()));
    expect(error).toMatchObject({ code: 'PRESIGN_FAILED', status: 401, retryable: false, message: 'The presign endpoint answered 401 UNAUTHORIZED: Sign in to upload' });
    expect(error.cause).toBeInstanceOf(OssPresignError);
    expect(error.cause).toMatchObject({ code: 'UNAUTHORIZED', message: 'Sign in to upload' });
    expect(error.message).not.toMatch(/callback/i);
    expect(seen.filter((path) => path === '/api/oss/upload')).toHaveLength(1);
  });

  it('with the session in `headers` it uploads; a policy refusal by the endpoint is PRESIGN_FAILED 400 CONTENT_TYPE_NOT_ALLOWED', async () => {
    const uploader = createUploader({ endpoint, headers: { authorization: TOKEN }, policy: false, retry: quick });
    const [done] = await uploader.upload(text('ok.txt'));
    expect(done?.status, done?.status === 'error' ? done.error.message : undefined).toBe('success');
    const key = done?.status === 'success' ? done.result.key : undefined;
    expect(key).toMatch(/^signed-in\//);
    expect(Buffer.from((await oss.getObjectBytes(BUCKET, key as string)) ?? []).toString()).toBe('hello');

    const error = await failureOf(uploader.upload({ ...text('photo.png'), contentType: 'image/png' }));
    expect(error).toMatchObject({ code: 'PRESIGN_FAILED', status: 400, retryable: false });
    expect(error.message).toMatch(/^The presign endpoint answered 400 CONTENT_TYPE_NOT_ALLOWED: /);
    expect(error.cause).toMatchObject({ code: 'CONTENT_TYPE_NOT_ALLOWED' });
  });

  it('a 503 is retried (then succeeds); after the retries it is PRESIGN_FAILED 503, retryable', async () => {
    const headers = { authorization: TOKEN };
    overloaded = 2;
    const [done] = await createUploader({ endpoint, headers, retry: quick }).upload(text('busy.txt'));
    expect(done?.status).toBe('success');
    expect(overloaded).toBe(0);
    overloaded = 10;
    const error = await failureOf(createUploader({ endpoint, headers, retry: { ...quick, retries: 1 } }).upload(text('busier.txt')));
    expect(error).toMatchObject({ code: 'PRESIGN_FAILED', status: 503, retryable: true, attempts: 2, message: 'The presign endpoint answered 503 UPSTREAM_ERROR: Try again later' });
  });

  it('an endpoint nobody answers is PRESIGN_FAILED without a status, retryable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failureOf(createUploader({ endpoint: `http://127.0.0.1:${port}/api/oss`, retry: { retries: 0 } }).upload(text()));
    expect(error).toMatchObject({ code: 'PRESIGN_FAILED', status: undefined, retryable: true, message: 'The presign endpoint could not be reached' });
  });

  it('createPresignClient with the engine functions reports PRESIGN_FAILED too; a caller\'s own callback stays CALLBACK_ERROR', async () => {
    const api = createPresignClient({ endpoint });
    const viaClient = await upload({ body: new TextEncoder().encode('hello'), ...api, target: api.target({ fileName: 'a.txt', contentType: 'text/plain' }), retry: { retries: 0 } }).catch((e: unknown) => e);
    expect(viaClient).toMatchObject({ code: 'PRESIGN_FAILED', status: 401 });
    // Called directly, the client still throws the server's OssPresignError.
    await expect(api.presignUpload({ fileName: 'a.txt', contentType: 'text/plain', size: 5 })).rejects.toMatchObject({ name: 'OssPresignError', code: 'UNAUTHORIZED' });

    const own = await upload({
      body: new TextEncoder().encode('hello'),
      target: async () => {
        throw new OssPresignError('MISSING_CREDENTIALS', 'No credentials');
      },
      retry: { retries: 0 },
    }).catch((e: unknown) => e);
    expect(own).toMatchObject({ code: 'CALLBACK_ERROR', message: 'The target callback failed: No credentials' });
  });
});
