// A correctly signed request never gets a 500: random Unicode through every response-* override,
// every metadata value and the headers the emulator echoes comes back as OSS sends it, the UTF-8
// bytes on the wire.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { encodePostPolicy, signPostPolicyV1, v1StringToSign } from '@oss-presign/core/signer';
import { BUCKET, CREDENTIALS, errorCodeOf, headerSigned, presignedUrl, rawRequest, startTestEmulator } from './helpers.js';

let oss: Emulator;
const KEY = 'echo/object.txt';
/** The UTF-8 bytes of `text` as a latin1 string: what node:http writes byte for byte. */
const onWire = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
/** A header value node:http received, back to the UTF-8 text its bytes spell. */
const fromWire = (value: unknown) => Buffer.from(String(value), 'latin1').toString('utf8');

const OVERRIDES = [
  ['response-content-type', 'content-type'],
  ['response-content-language', 'content-language'],
  ['response-expires', 'expires'],
  ['response-cache-control', 'cache-control'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
] as const;

// Characters HTTP/1.1 cannot carry in a field value (RFC 9110 5.5): no client can send them in a
// header, and the emulator refuses them in a response-* override.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters the emulator refuses.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const unicode = fc.oneof(...(['grapheme', 'binary', 'grapheme-ascii'] as const).map((unit) => fc.string({ unit, minLength: 1, maxLength: 40 })));
const headerText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((text) => !CONTROL.test(text) && text.trim() === text);

async function putObject(key: string, headers: Record<string, string>) {
  // Core's signers refuse header values HTTP clients cannot send as signed (and name the fix), so
  // this PUT is signed as a third-party V1 client does: the string to sign holds the text,
  // HMAC-SHA1 runs over its UTF-8 bytes (doc "Include a V1 signature in the Authorization header").
  const all = { 'content-type': 'text/plain', ...headers };
  const date = new Date().toUTCString();
  const text = v1StringToSign({ method: 'PUT', bucket: BUCKET, key, credentials: CREDENTIALS, headers: all }, {}, date);
  const authorization = `OSS ${CREDENTIALS.accessKeyId}:${createHmac('sha1', CREDENTIALS.accessKeySecret).update(text, 'utf8').digest('base64')}`;
  // fetch (undici) writes a header string byte for byte; node:http's client would re-encode a
  // Content-Disposition sent with a body (nodejs/node#46528).
  const wire = Object.fromEntries(Object.keys(headers).map((name) => [name, onWire(headers[name] as string)]));
  const response = await fetch(`${oss.endpoint}/${BUCKET}/${key}`, { method: 'PUT', headers: { 'content-type': 'text/plain', date, authorization, ...wire }, body: 'hello' });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  oss = await startTestEmulator();
  expect((await putObject(KEY, {})).status).toBe(200);
});
afterAll(() => oss.close());

describe('the emulator echoes UTF-8 headers as bytes, never a 500', () => {
  it('the seed example: response-content-disposition with a raw UTF-8 file name', async () => {
    const url = new URL(presignedUrl(oss, { method: 'GET', key: KEY, query: { 'response-content-disposition': 'attachment; filename="报告.pdf"' } }));
    const response = await rawRequest(oss.endpoint, { method: 'GET', path: `${url.pathname}${url.search}` });
    expect(response.status).toBe(200);
    expect(fromWire(response.headers['content-disposition'])).toBe('attachment; filename="报告.pdf"');
  });

  it('random Unicode through every response-* override: 200 with the UTF-8 bytes, or 400 for control characters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OVERRIDES), unicode, async ([parameter, header], value) => {
        const method = 'GET';
        const url = new URL(presignedUrl(oss, { method, key: KEY, query: { [parameter]: value } }));
        const response = await rawRequest(oss.endpoint, { method, path: `${url.pathname}${url.search}` });
        expect(response.status, `${parameter}=${JSON.stringify(value)}`).toBeLessThan(500);
        if (CONTROL.test(value)) {
          expect(response.status).toBe(400);
          expect(errorCodeOf(response)).toBe('InvalidArgument');
          return;
        }
        expect(response.status).toBe(200);
        // Node trims the optional whitespace around a field value (RFC 9110 5.5), as any client does.
        expect(fromWire(response.headers[header])).toBe(value.replace(/^[ \t]+|[ \t]+$/g, ''));
      }),
      { numRuns: 300 },
    );
  });

  it('random Unicode metadata sent as raw UTF-8 is stored and echoed byte for byte (GET, HEAD, GetObjectMeta)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(headerText, async (value) => {
        const key = `echo/meta-${n++}.txt`;
        const put = await putObject(key, { 'x-oss-meta-note': value, 'content-disposition': `attachment; filename="${value}"` });
        expect(put.status, value).toBe(200);
        for (const [method, query] of [['GET', ''], ['HEAD', ''], ['HEAD', '?objectMeta']] as const) {
          const signed = headerSigned(oss, { method, key, query: query ? { objectMeta: null } : undefined });
          const response = await rawRequest(oss.endpoint, { method, path: `${new URL(signed.url).pathname}${query}`, headers: signed.headers });
          expect(response.status, `${method}${query} ${value}`).toBeLessThan(500);
          expect(response.status).toBe(200);
          if (query === '') {
            expect(fromWire(response.headers['x-oss-meta-note'])).toBe(value);
            expect(fromWire(response.headers['content-disposition'])).toBe(`attachment; filename="${value}"`);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('random Unicode in PostObject form fields (metadata, Content-Disposition) is echoed as UTF-8 bytes', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(headerText, async (value) => {
        const key = `echo/post-${n++}.txt`;
        const policy = encodePostPolicy({ expiration: new Date(Date.now() + 3600_000).toISOString(), conditions: [{ bucket: BUCKET }] });
        const form = new FormData();
        const fields: Record<string, string> = {
          key,
          'x-oss-meta-note': value,
          'Content-Disposition': `attachment; filename="${value}"`,
          OSSAccessKeyId: CREDENTIALS.accessKeyId,
          policy,
          Signature: signPostPolicyV1({ policy, accessKeySecret: CREDENTIALS.accessKeySecret }),
        };
        for (const [name, field] of Object.entries(fields)) form.append(name, field);
        form.append('file', new Blob([Buffer.from('x')]), 'a.txt');
        const posted = await fetch(`${oss.endpoint}/${BUCKET}`, { method: 'POST', body: form });
        expect(posted.status, value).toBeLessThan(300);
        const signed = headerSigned(oss, { method: 'GET', key });
        const response = await rawRequest(oss.endpoint, { method: 'GET', path: new URL(signed.url).pathname, headers: signed.headers });
        expect(response.status, value).toBe(200);
        expect(fromWire(response.headers['x-oss-meta-note'])).toBe(value);
        expect(fromWire(response.headers['content-disposition'])).toBe(`attachment; filename="${value}"`);
      }),
      { numRuns: 40 },
    );
  });
});
