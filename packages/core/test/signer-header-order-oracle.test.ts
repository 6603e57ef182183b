import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { presignV1, signV1Header, v1StringToSign } from '../src/signer/sign-v1.js';
import { signV4Header } from '../src/signer/sign-v4.js';

// ali-oss@6.23.0 signs V1 on its own (signUtils.buildCanonicalString, oss-signing.md 5): it orders
// the x-oss-* headers by NAME, as OSS and the Go and Java SDKs do. The header sets below are built
// to contain names that are prefixes of one another followed by '-', '.' or a digit, the characters
// below ':' for which sorting whole `name:value` lines gives another order.
const require = createRequire(import.meta.url);
const OSS = require('ali-oss') as new (options: Record<string, unknown>) => {
  authorization(method: string, resource: string, subres: Record<string, string | null>, headers: Record<string, string>): string;
  signatureUrl(name: string, options: Record<string, unknown>): string;
  authorizationV4(method: string, request: object, bucket: string, objectName: string, additional?: string[]): string;
};

const credentials = { accessKeyId: 'LTAI5tOracleV1', accessKeySecret: 'ExampleSecret+/=0123456789abcdEF' };
const bucket = 'oracle-bucket';

function aliOssClient(securityToken?: string) {
  // ali-oss advises "set refreshSTSToken" on every client built with an STS token: noise here.
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return new OSS({ region: 'oss-cn-hangzhou', bucket, ...credentials, ...(securityToken ? { stsToken: securityToken } : {}) });
  } finally {
    warn.mockRestore();
  }
}

// --- generators -------------------------------------------------------------------------
const asciiValue = fc
  .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 16 })
  .filter((value) => value.trim() !== '');
const stem = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const separator = fc.constantFrom('-', '.', '0', '1', '9');
const tail = fc.stringMatching(/^[a-z0-9]{0,4}$/);

/** A family of names: a stem, then the stem extended by a separator below ':' (once or twice). */
const prefixFamily = fc
  .tuple(stem, fc.array(fc.tuple(separator, tail, fc.option(fc.tuple(separator, tail), { nil: undefined })), { minLength: 1, maxLength: 3 }))
  .map(([base, extensions]) => {
    const names = [base];
    for (const [sep, rest, deeper] of extensions) {
      const extended = `${base}${sep}${rest}`;
      names.push(extended);
      if (deeper) names.push(`${extended}${deeper[0]}${deeper[1]}`);
    }
    return names;
  });
const headerPrefix = fc.constantFrom('x-oss-meta-', 'x-oss-');
/** x-oss-* headers whose names include prefix families, in a shuffled insertion order, mixed case. */
const ossHeaders = fc
  .tuple(fc.array(fc.tuple(headerPrefix, prefixFamily), { minLength: 1, maxLength: 3 }), fc.infiniteStream(asciiValue), fc.infiniteStream(fc.boolean()))
  .chain(([families, values, upper]) => {
    const names = [...new Set(families.flatMap(([prefix, family]) => family.map((name) => `${prefix}${name}`)))].filter(
      // x-oss-date and x-oss-security-token are the signer's own; keep them out of the caller's set.
      (name) => name !== 'x-oss-date' && name !== 'x-oss-security-token',
    );
    return fc.shuffledSubarray(names, { minLength: names.length, maxLength: names.length }).map((ordered) => {
      const valueIterator = values[Symbol.iterator]();
      const caseIterator = upper[Symbol.iterator]();
      const headers: Record<string, string> = {};
      for (const name of ordered) {
        const sent = caseIterator.next().value ? name.toUpperCase() : name;
        headers[sent] = ` ${valueIterator.next().value as string} `;
      }
      return headers;
    });
  });
// V1 sub-resources (the whitelist both sides share), valueless or with a value.
const subResources = fc.dictionary(
  fc.constantFrom('acl', 'uploadId', 'partNumber', 'versionId', 'response-content-type', 'response-cache-control', 'tagging'),
  fc.oneof(fc.constant(null), fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/)),
  { maxKeys: 3 },
);
const objectKey = fc
  .array(fc.oneof(fc.stringMatching(/^[a-zA-Z0-9 ._+=-]{1,8}$/), fc.constantFrom('中文', 'é', '😀')), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('/'))
  .filter((key) => !key.startsWith('/') && !key.startsWith('?'));
const method = fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD');
const contentType = fc.option(fc.constantFrom('text/plain', 'application/octet-stream', 'image/png'), { nil: undefined });

describe('V1 signatures agree with ali-oss@6.23.0 on x-oss-* names that prefix one another', () => {
  it('Authorization headers (client.authorization)', () => {
    fc.assert(
      fc.property(method, objectKey, ossHeaders, subResources, contentType, fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        (httpMethod, key, extra, subres, type, time) => {
          const date = time.toUTCString();
          // ali-oss puts the date in x-oss-date and signs that line; give ours the same header set.
          const headers: Record<string, string> = { ...extra, 'x-oss-date': date };
          if (type) headers['Content-Type'] = type;
          const ours = signV1Header({ method: httpMethod, bucket, key, credentials, headers, query: subres, date });
          const theirs = aliOssClient().authorization(httpMethod, `/${bucket}/${key}`, { ...subres }, { ...headers });
          expect(ours.authorization).toBe(theirs);
        }),
      { numRuns: 400 },
    );
  });

  it('presigned URLs (signatureUrl)', () => {
    fc.assert(
      fc.property(method, objectKey, ossHeaders, contentType, fc.integer({ min: 1, max: 86_400 }),
        fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{8,40}$/), { nil: undefined }),
        (httpMethod, key, extra, type, expires, token) => {
          const options: Record<string, unknown> = { method: httpMethod, expires, ...extra };
          if (type) options['Content-Type'] = type;
          const theirs = new URL(aliOssClient(token).signatureUrl(key, options));
          const headers: Record<string, string> = { ...extra };
          if (type) headers['content-type'] = type;
          const ours = presignV1({
            method: httpMethod, bucket, key, headers,
            credentials: { ...credentials, securityToken: token },
            expires: Number(theirs.searchParams.get('Expires')),
          });
          expect(ours.signature).toBe(theirs.searchParams.get('Signature'));
          expect(ours.query['security-token']).toBe(theirs.searchParams.get('security-token') ?? undefined);
        }),
      { numRuns: 400 },
    );
  });
});

describe('V4 canonical headers agree with ali-oss@6.23.0 on the same header sets', () => {
  it('Authorization headers (authorizationV4)', () => {
    fc.assert(
      fc.property(method, objectKey, ossHeaders, fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        (httpMethod, key, headers, time) => {
          const ours = signV4Header({ method: httpMethod, bucket, key, region: 'cn-hangzhou', credentials, headers, signTime: time });
          const theirs = aliOssClient().authorizationV4(
            httpMethod,
            { headers: { ...headers, 'x-oss-date': ours.headers['x-oss-date'], 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD' } },
            bucket,
            key,
          );
          expect(ours.authorization).toBe(theirs);
        }),
      { numRuns: 300 },
    );
  });
});

describe('V1 CanonicalizedOSSHeaders order', () => {
  it('orders by header name: x-oss-meta-a before x-oss-meta-a-b, x-oss-meta-a.b and x-oss-meta-a1', () => {
    const toSign = v1StringToSign(
      {
        method: 'PUT', bucket: 'b', key: 'k', credentials,
        headers: { 'x-oss-meta-a1': '4', 'x-oss-meta-a.b': '3', 'x-oss-meta-a-b': '2', 'X-Oss-Meta-A': '1' },
      },
      {},
      'Wed, 01 Jan 2025 00:00:00 GMT',
    );
    expect(toSign).toBe(
      'PUT\n\n\nWed, 01 Jan 2025 00:00:00 GMT\nx-oss-meta-a:1\nx-oss-meta-a-b:2\nx-oss-meta-a.b:3\nx-oss-meta-a1:4\n/b/k',
    );
  });
});
