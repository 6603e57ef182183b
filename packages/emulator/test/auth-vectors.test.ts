// Replays the official signing vectors of the OSS SDKs (core's test fixtures, oss-signing.md 4) against
// the emulator: requests signed by other implementations must be accepted. The vectors' own
// expected signatures are sent, so the emulator cannot merely agree with the core signer.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { encodeKeyPath, errorCodeOf, rawRequest } from './helpers.js';

interface Vector {
  readonly id: string;
  readonly type: string;
  readonly input: {
    method: string;
    accessKeyId: string;
    accessKeySecret: string;
    securityToken: string | null;
    region?: string;
    product?: string;
    bucket: string;
    key: string | null;
    headers: [string, string][];
    query: [string, string][];
    signTimeUnix?: number;
    expirationUnix?: number;
    date?: string;
  };
  readonly expected: Record<string, string>;
  readonly derived?: { headersAddedBySigner?: [string, string][]; query?: Record<string, string> };
}

const VECTOR_FILES = ['go-sdk-v2.json', 'python-sdk-v2.json', 'go-sdk-v1.json', 'php-sdks.json', 'c-sdk.json', 'ts-sdk-v2.json'];
// The vectors' ACL and append requests are not whole operations (no ACL header, no position) and
// image processing is not emulated: their signatures are covered by the unit tests of the signer.
const UNSUPPORTED = new Set(['acl', 'append', 'x-oss-process']);

function loadVectors(): Vector[] {
  return VECTOR_FILES.flatMap((file) => {
    // The repository's copy of the official vectors (packages/core/test/fixtures/vectors, copied
    // unchanged from the shared reference folder), so the test runs in any clone.
    const url = new URL(`../../core/test/fixtures/vectors/${file}`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { vectors: Vector[] }).vectors;
  });
}

function replayable(vector: Vector): boolean {
  if (!['v4-query', 'v4-header', 'v1-query', 'v1-header'].includes(vector.type)) return false;
  if (vector.input.product === 'oss-cloudbox') return false;
  return !vector.input.query.some(([name]) => UNSUPPORTED.has(name));
}

function encodeQuery(pairs: [string, string][]): string {
  return pairs.map(([name, value]) => (value === '' ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)).join('&');
}

function signTimeOf(vector: Vector): Date {
  if (vector.input.signTimeUnix) return new Date(vector.input.signTimeUnix * 1000);
  if (vector.input.date) return new Date(vector.input.date);
  return new Date(((vector.input.expirationUnix ?? 0) - 60) * 1000);
}

function requestOf(vector: Vector): { path: string; headers: Record<string, string> } {
  const { input, expected } = vector;
  const headers: Record<string, string> = {};
  for (const [name, value] of input.headers) headers[name] = value;
  const query: [string, string][] = [...input.query];
  if (vector.type === 'v4-header') {
    for (const [name, value] of vector.derived?.headersAddedBySigner ?? []) headers[name] = value;
    if (input.securityToken) headers['x-oss-security-token'] = input.securityToken;
    headers.authorization = expected.authorization as string;
  } else if (vector.type === 'v1-header') {
    headers.date = input.date as string;
    headers.authorization = expected.authorization as string;
  } else if (vector.type === 'v4-query') {
    for (const [name, value] of Object.entries(vector.derived?.query ?? {})) query.push([name, value]);
  } else {
    query.push(['OSSAccessKeyId', input.accessKeyId], ['Expires', String(input.expirationUnix)], ['Signature', expected.signature as string]);
  }
  const key = input.key ? encodeKeyPath(input.key) : '';
  return { path: `/${input.bucket}/${key}?${encodeQuery(query)}`, headers };
}

let oss: Emulator | undefined;
afterEach(async () => {
  await oss?.close();
  oss = undefined;
});

describe('official SDK vectors replayed over HTTP', () => {
  const vectors = loadVectors().filter(replayable);

  it('finds the vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(20);
  });

  it.each(vectors.map((vector) => [vector.id, vector] as const))('%s is accepted', async (_id, vector) => {
    const { input } = vector;
    const signTime = signTimeOf(vector);
    oss = await startEmulator({
      region: input.region ?? 'cn-hangzhou',
      buckets: [input.bucket],
      credentials: [{ accessKeyId: input.accessKeyId, accessKeySecret: input.accessKeySecret, securityToken: input.securityToken ?? undefined }],
      now: () => signTime,
    });
    const { path, headers } = requestOf(vector);
    const response = await rawRequest(oss.endpoint, { method: input.method, path, headers, body: Buffer.alloc(0) });
    const code = errorCodeOf(response);
    if (input.method === 'PUT' && input.headers.some(([name]) => name.toLowerCase() === 'content-md5')) {
      // Signature accepted; the empty body then does not match the vector's Content-MD5.
      expect(code).toBe('InvalidDigest');
    } else if (input.method === 'PUT') {
      expect({ status: response.status, code }).toEqual({ status: 200, code: undefined });
    } else if (input.key) {
      expect(code).toBe('NoSuchKey');
    } else if (input.query.some(([name]) => name === 'resourceGroup')) {
      // GetBucketResourceGroup is refused, after the signature check: the 501 proves it passed.
      expect({ status: response.status, code }).toEqual({ status: 501, code: 'NotImplemented' });
    } else {
      expect(response.status).toBe(200);
    }
  });
});
