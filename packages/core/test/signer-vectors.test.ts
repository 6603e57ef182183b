import { describe, expect, it } from 'vitest';
import { canonicalHeadersBlock, resolveAdditionalHeaders, signedHeaderList } from '../src/signer/canonical-headers.js';
import { type SignerCrypto, nobleCrypto, nodeCrypto } from '../src/signer/crypto.js';
import { presignV1, signV1Header } from '../src/signer/sign-v1.js';
import { signV4Header, signV4Query } from '../src/signer/sign-v4.js';
import { createSigningKeyCache } from '../src/signer/signing-key.js';
import { type Vector, credentialsOf, headersOf, loadVectors, queryOf } from './fixtures/load-vectors.js';

const vectors = loadVectors();
const cryptos: SignerCrypto[] = [nobleCrypto, ...(nodeCrypto ? [nodeCrypto] : [])];
const byType = (type: string) => vectors.filter((vector) => vector.type === type);

function paramsOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams.entries());
}

function v4Input(vector: Vector, crypto: SignerCrypto) {
  const input = vector.input;
  return {
    method: input.method,
    bucket: input.bucket ?? undefined,
    key: input.key ?? undefined,
    region: input.region ?? '',
    product: input.product,
    credentials: credentialsOf(input),
    headers: headersOf(input),
    query: queryOf(input),
    additionalHeaders: input.additionalHeaders,
    signTime: new Date(input.signTime ?? 0),
    expires: input.expiresSeconds,
    crypto,
    // A fresh cache per case, so each crypto derives its own key.
    signingKeyCache: createSigningKeyCache(),
  };
}

it('covers every official vector type', () => {
  const known = new Set([
    'v4-query', 'v4-header', 'v1-query', 'v1-header', 'v4-canonical-headers', 'v4-query-template',
    'callback-rsa-md5', 'callback-param-base64',
  ]);
  expect(vectors.length).toBe(44);
  expect(vectors.filter((vector) => !known.has(vector.type))).toEqual([]);
});

describe.each(cryptos.map((crypto) => [crypto.name, crypto] as const))('V4 with %s crypto', (_name, crypto) => {
  it.each(byType('v4-query').map((vector) => [vector.id, vector] as const))('query form: %s', (_id, vector) => {
    const result = signV4Query(v4Input(vector, crypto));
    expect(result.signature).toBe(vector.expected.signature);
    for (const [name, value] of Object.entries(vector.expected)) {
      // An empty expected value means the parameter is absent.
      if (name.startsWith('x-oss-')) expect(result.query[name] ?? '', name).toBe(value);
    }
    if (vector.derived?.canonicalRequest) expect(result.canonicalRequest).toBe(vector.derived.canonicalRequest);
    if (vector.derived?.stringToSign) expect(result.stringToSign).toBe(vector.derived.stringToSign);
    if (typeof vector.expected.url === 'string') {
      // The whole URL is SDK-specific (old Go escapes "/" in the path); its parameters are not.
      expect(paramsOf(`http://h/?${result.queryString}`)).toEqual(paramsOf(vector.expected.url));
    }
    expect(result.queryString.endsWith(`&x-oss-signature=${result.signature}`)).toBe(true);
  });

  it.each(byType('v4-header').map((vector) => [vector.id, vector] as const))('header form: %s', (_id, vector) => {
    const result = signV4Header(v4Input(vector, crypto));
    const { expected, derived } = vector;
    if (expected.authorization) expect(result.authorization).toBe(expected.authorization);
    if (expected.canonicalRequest) expect(result.canonicalRequest).toBe(expected.canonicalRequest);
    if (expected.stringToSign) expect(result.stringToSign).toBe(expected.stringToSign);
    if (expected.canonicalRequestContains) expect(result.canonicalRequest).toContain(expected.canonicalRequestContains);
    if (derived?.canonicalRequest) expect(result.canonicalRequest).toBe(derived.canonicalRequest);
    if (derived?.signature) expect(result.signature).toBe(derived.signature);
    expect(result.headers['x-oss-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(result.headers['x-oss-date']).toBe(result.stringToSign.split('\n')[1]);
    expect(result.headers.authorization).toBe(result.authorization);
  });

  it('query template: docs/presign-v4-get-example', () => {
    const [vector] = byType('v4-query-template');
    if (!vector) throw new Error('missing template vector');
    const signTime = new Date('2024-12-03T03:44:20Z');
    const result = signV4Query({
      ...v4Input(vector, crypto),
      credentials: { accessKeyId: 'AKIDEXAMPLE', accessKeySecret: 'secret' },
      signTime,
    });
    const template = String(vector.expected.canonicalRequestTemplate)
      .replace('<AccessKeyId>', 'AKIDEXAMPLE')
      .replace('<yyyymmdd>', '20241203')
      .replace('<yyyymmddTHHMMSSZ>', '20241203T034420Z');
    expect(result.canonicalRequest).toBe(template);
    const exampleParams = Object.keys(paramsOf(String(vector.expected.exampleUrl))).sort();
    expect(Object.keys(result.query).sort()).toEqual(exampleParams);
  });
});

describe.each(cryptos.map((crypto) => [crypto.name, crypto] as const))('V1 with %s crypto', (_name, crypto) => {
  const v1Base = (vector: Vector) => ({
    method: vector.input.method,
    bucket: vector.input.bucket ?? undefined,
    key: vector.input.key ?? undefined,
    credentials: credentialsOf(vector.input),
    headers: headersOf(vector.input),
    query: queryOf(vector.input),
    subResources: vector.input.subResource,
    crypto,
  });

  it.each(byType('v1-query').map((vector) => [vector.id, vector] as const))('presign: %s', (_id, vector) => {
    const result = presignV1({ ...v1Base(vector), expires: vector.input.expirationUnix ?? 0 });
    const { expected, derived } = vector;
    const signature = expected.signature ?? derived?.signature;
    expect(signature).toBeTruthy();
    expect(result.signature).toBe(signature);
    if (expected.stringToSign) expect(result.stringToSign).toBe(expected.stringToSign);
    if (derived?.stringToSign) expect(result.stringToSign).toBe(derived.stringToSign);
    if (typeof expected.url === 'string') expect(paramsOf(`http://h/?${result.queryString}`)).toEqual(paramsOf(expected.url));
    if (typeof expected.query === 'string') expect(result.queryString).toBe(expected.query);
    const rawDisposition = expected['response-content-disposition(raw query)'];
    if (typeof rawDisposition === 'string') {
      expect(result.queryString).toContain(`response-content-disposition=${rawDisposition}`);
    }
  });

  it.each(byType('v1-header').map((vector) => [vector.id, vector] as const))('header: %s', (_id, vector) => {
    const result = signV1Header({ ...v1Base(vector), date: vector.input.date ?? '' });
    expect(result.stringToSign).toBe(vector.expected.stringToSign);
    expect(result.authorization).toBe(vector.expected.authorization);
  });
});

it.each(byType('v4-canonical-headers').map((vector) => [vector.id, vector] as const))('canonical headers: %s', (_id, vector) => {
  const headers = headersOf(vector.input);
  const additional = resolveAdditionalHeaders(vector.input.additionalHeaders, headers);
  expect(canonicalHeadersBlock(signedHeaderList(headers, additional))).toBe(vector.expected.canonicalHeaders);
});
