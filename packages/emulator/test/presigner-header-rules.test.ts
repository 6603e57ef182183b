// Whatever the presigner signs must be sendable by every HTTP client and accepted by OSS: random
// Unicode in every header field either gets a typed OssPresignError, or a result whose headers pass
// the WHATWG Headers class and Node's header checks and that the emulator accepts over HTTP.
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { OssPresignError, type PresignRequest, createPresigner } from '@oss-presign/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { CREDENTIALS, STS_CREDENTIALS, readError, startTestEmulator } from './helpers.js';

let oss: Emulator;
beforeAll(async () => {
  oss = await startTestEmulator({ hashWorkers: false });
});
afterAll(() => oss.close());

// Characters from every range that matters: printable ASCII, controls (CR, LF, NUL, TAB, DEL),
// Latin-1 (a ByteString, but sent as other bytes than signed), the BMP, astral planes and lone
// surrogates.
const char = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 1, arbitrary: fc.constantFrom(0x00, 0x09, 0x0a, 0x0d, 0x7f) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
  { weight: 1, arbitrary: fc.integer({ min: 0x100, max: 0xffff }) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }) },
).map((code) => String.fromCodePoint(code));
const text = fc.array(char, { maxLength: 24 }).map((chars) => chars.join(''));
// Mostly sendable names, sometimes not.
const name = fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/), text);

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const putObject: fc.Arbitrary<PresignRequest> = fc.record({
  operation: fc.constant('PutObject' as const),
  key: fc.constant('rules/put.bin'),
  contentType: optional(text),
  metadata: optional(fc.dictionary(name, text, { maxKeys: 3 })),
  tagging: optional(fc.oneof(fc.dictionary(text, text, { maxKeys: 3 }), text)),
});

const initiate: fc.Arbitrary<PresignRequest> = fc.record({
  operation: fc.constant('InitiateMultipartUpload' as const),
  key: fc.constant('rules/multipart.bin'),
  contentType: optional(text),
  metadata: optional(fc.dictionary(name, text, { maxKeys: 3 })),
});

// A Generic PUT whose every header is signed (additional headers included), as a caller would
// sign Content-Disposition or Cache-Control.
const STANDARD_HEADERS = ['content-type', 'content-disposition', 'cache-control', 'content-language', 'expires', 'x-oss-meta-a'];
const genericPut: fc.Arbitrary<PresignRequest> = fc
  .dictionary(fc.oneof(fc.constantFrom(...STANDARD_HEADERS), name.map((n) => `x-oss-meta-${n}`)), text, { maxKeys: 4 })
  .map((headers) => ({
    operation: 'Generic' as const,
    method: 'PUT',
    key: 'rules/generic.bin',
    headers,
    additionalHeaders: Object.keys(headers),
  }));

function expectSendable(headers: Record<string, string>): void {
  expect(() => new Headers(headers)).not.toThrow();
  for (const [headerName, value] of Object.entries(headers)) {
    expect(() => validateHeaderName(headerName)).not.toThrow();
    expect(() => validateHeaderValue(headerName, value)).not.toThrow();
  }
}

describe('every header the presigner signs is sendable and accepted', () => {
  it('random Unicode in every field: a typed error, or a request the emulator stores', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(putObject, initiate, genericPut),
        fc.constantFrom('v4' as const, 'v1' as const),
        fc.boolean(),
        async (request, signatureVersion, withToken) => {
          const presigner = createPresigner({
            region: 'cn-hangzhou',
            bucket: 'demo',
            endpoint: oss.endpoint,
            pathStyle: true,
            signatureVersion,
            credentials: withToken ? STS_CREDENTIALS : CREDENTIALS,
          });
          let presigned: Awaited<ReturnType<typeof presigner.presign>>;
          try {
            presigned = await presigner.presign(request);
          } catch (error) {
            expect(error).toBeInstanceOf(OssPresignError);
            expect(['INVALID_HEADER', 'INVALID_ARGUMENT']).toContain((error as OssPresignError).code);
            refused++;
            return;
          }
          expectSendable(presigned.signedHeaders);
          const response = await fetch(presigned.url, {
            method: presigned.method,
            headers: presigned.signedHeaders,
            // Bytes, not a string: fetch would add an unsigned text/plain Content-Type to a string body.
            body: presigned.method === 'PUT' ? new Uint8Array([98, 111, 100, 121]) : undefined,
          });
          if (response.status !== 200) {
            const error = await readError(response);
            throw new Error(`emulator answered ${error.status} ${error.code}: ${error.message} for ${JSON.stringify(request)}`);
          }
          await response.arrayBuffer();
          accepted++;
        },
      ),
      { numRuns: 250 },
    );
    // Both outcomes were exercised: the property is not vacuous.
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
});

describe('the rule names the fix', () => {
  const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials: CREDENTIALS });
  const refusal = (request: PresignRequest) =>
    presigner.presign(request).then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => error as OssPresignError,
    );

  it('non-ASCII metadata: percent-encode (the issue input)', async () => {
    const error = await refusal({ operation: 'PutObject', key: 'a.csv', metadata: { filename: '报告.csv' } });
    expect(error.code).toBe('INVALID_HEADER');
    expect(error.message).toContain('metadata "filename" contains U+62A5 at position 0');
    expect(error.message).toContain('encodeURIComponent');
    expect(error.details).toEqual({ header: 'x-oss-meta-filename', position: 0 });
    // The fix it names works: the encoded value is signed and accepted.
    const fixed = await presigner.presign({ operation: 'PutObject', key: 'a.csv', metadata: { filename: encodeURIComponent('报告.csv') } });
    expect(fixed.signedHeaders['x-oss-meta-filename']).toBe('%E6%8A%A5%E5%91%8A.csv');
  });

  it('Latin-1 is refused too: it is a ByteString, but sent as other bytes than signed', async () => {
    const error = await refusal({ operation: 'PutObject', key: 'a', contentType: 'text/plain; name=café' });
    expect(error.message).toMatch(/contentType contains U\+00E9/);
  });

  it('a non-ASCII Content-Disposition: filename*=UTF-8', async () => {
    const error = await refusal({
      operation: 'Generic',
      method: 'PUT',
      key: 'a.pdf',
      headers: { 'content-disposition': 'attachment; filename="报告.pdf"' },
      additionalHeaders: ['content-disposition'],
    });
    expect(error.message).toContain("filename*=UTF-8''");
  });

  it('CR, LF and NUL are named, never echoed', async () => {
    const error = await refusal({ operation: 'PutObject', key: 'a', metadata: { a: 'x\r\nx-evil: 1' } });
    expect(error.message).toContain('U+000D (carriage return) at position 1');
    expect(error.message).not.toContain('x-evil');
  });

  it('metadata beyond 8 KB, names differing only in case, bad Content-MD5 and too many tags', async () => {
    expect((await refusal({ operation: 'PutObject', key: 'a', metadata: { a: 'x'.repeat(8192) } })).message).toMatch(/at most 8192 bytes/);
    expect((await refusal({ operation: 'PutObject', key: 'a', metadata: { Owner: '1', owner: '2' } })).message).toMatch(/differ only in case/);
    expect((await refusal({ operation: 'PutObject', key: 'a', contentMd5: 'd41d8cd98f00b204e9800998ecf8427e' })).message).toMatch(/base64/);
    const tags = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    expect((await refusal({ operation: 'PutObject', key: 'a', tagging: tags })).message).toMatch(/at most 10/);
  });
});
