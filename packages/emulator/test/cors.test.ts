import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator, EmulatorOptions } from '../src/index.js';
import { BUCKET, presignedUrl, putTo, readError, startTestEmulator } from './helpers.js';

let oss: Emulator | undefined;
afterEach(async () => {
  await oss?.close();
  oss = undefined;
});

async function start(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  oss = await startTestEmulator(options);
  return oss;
}

function preflight(emulator: Emulator, headers: Record<string, string>, bucket = BUCKET): Promise<Response> {
  return fetch(`${emulator.endpoint}/${bucket}/browser/file.bin?partNumber=1&uploadId=X`, { method: 'OPTIONS', headers });
}

const FORBIDDEN =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Requet-Headers are not whitelisted by the resource's CORS spec.";

describe('CORS, permissive default', () => {
  it('answers a preflight by echoing origin, method and headers, exposing ETag', async () => {
    const emulator = await start();
    const response = await preflight(emulator, {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'content-type,x-oss-date',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-methods')).toBe('PUT');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type,x-oss-date');
    expect(response.headers.get('access-control-expose-headers')).toContain('ETag');
    expect(response.headers.get('access-control-expose-headers')).toContain('x-oss-request-id');
    expect(response.headers.get('x-oss-request-id')).toMatch(/^[0-9A-F]{24}$/);
  });

  it('adds CORS headers to actual answers, errors included', async () => {
    const emulator = await start();
    const origin = { origin: 'http://localhost:5173' };
    const ok = await putTo(presignedUrl(emulator, { method: 'PUT', key: 'browser/a.txt' }), 'x', origin);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(ok.headers.get('access-control-expose-headers')).toContain('ETag');
    const denied = await fetch(`${emulator.endpoint}/${BUCKET}/browser/a.txt`, { headers: origin });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('CORS rules', () => {
  const rules: EmulatorOptions['cors'] = {
    [BUCKET]: [
      {
        allowedOrigins: ['https://*.example.com'],
        allowedMethods: ['PUT', 'GET'],
        allowedHeaders: ['content-type', 'x-oss-*'],
        exposeHeaders: ['ETag'],
        maxAgeSeconds: 100,
        responseVary: true,
      },
    ],
  };

  it('answers a matching preflight with the rule', async () => {
    const emulator = await start({ cors: rules });
    const response = await preflight(emulator, {
      origin: 'https://app.example.com',
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'Content-Type, x-oss-meta-a',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-max-age')).toBe('100');
    expect(response.headers.get('access-control-expose-headers')).toBe('ETag');
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it.each([
    ['another origin', { origin: 'https://evil.test', 'access-control-request-method': 'PUT' }, BUCKET],
    ['another method', { origin: 'https://app.example.com', 'access-control-request-method': 'DELETE' }, BUCKET],
    ['another header', { origin: 'https://app.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-custom' }, BUCKET],
    ['no Origin', { 'access-control-request-method': 'PUT' }, BUCKET],
    ['a bucket without rules', { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' }, 'other'],
  ])('refuses %s with 403 AccessForbidden', async (_case, headers, bucket) => {
    const emulator = await start({ cors: rules });
    const response = await preflight(emulator, headers as Record<string, string>, bucket);
    const error = await readError(response);
    expect(error).toMatchObject({ status: 403, code: 'AccessForbidden', message: FORBIDDEN });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("'off' answers every preflight with AccessForbidden and adds no headers", async () => {
    const emulator = await start({ cors: 'off' });
    const response = await preflight(emulator, { origin: 'http://localhost', 'access-control-request-method': 'GET' });
    expect((await readError(response)).code).toBe('AccessForbidden');
    const put = await putTo(presignedUrl(emulator, { method: 'PUT', key: 'browser/b.txt' }), 'x', { origin: 'http://localhost' });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBeNull();
  });
});
