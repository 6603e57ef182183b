import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RsaMd5, bigIntRsaMd5, nodeRsaMd5 } from '../../src/callback/rsa-md5.js';
import { createPublicKeyCache, isAllowedPublicKeyUrl, verifyOssCallback } from '../../src/callback/verify-callback.js';
import { OssPresignError } from '../../src/errors/oss-presign-error.js';
import { loadVectors } from '../fixtures/load-vectors.js';
import callbackFile from '../fixtures/vectors/callback.json' with { type: 'json' };

const OFFICIAL_PEM = callbackFile.publicKeyPem;
const rsaVectors = loadVectors().filter((vector) => vector.type === 'callback-rsa-md5');

interface RsaInput {
  rawPath: string;
  rawQuery: string;
  body: string;
  contentType: string;
  authorization: string;
  xOssPubKeyUrl: string;
}

/** Serves the official key for the official URLs: the only stand-in for the network in this file. */
const officialKeyFetch = async (url: string) => {
  if (!url.includes('gosspublic.alicdn.com/')) throw new Error(`unexpected key fetch ${url}`);
  return new Response(OFFICIAL_PEM, { status: 200 });
};

function requestOf(input: RsaInput, overrides: Partial<RsaInput> = {}) {
  const merged = { ...input, ...overrides };
  return {
    url: merged.rawQuery ? `${merged.rawPath}?${merged.rawQuery}` : merged.rawPath,
    headers: { authorization: merged.authorization, 'x-oss-pub-key-url': merged.xOssPubKeyUrl, 'content-type': merged.contentType },
    body: merged.body,
  };
}

async function rejectionOf(promise: Promise<unknown>): Promise<OssPresignError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(caught instanceof OssPresignError)) throw new Error(`expected an OssPresignError, got ${String(caught)}`);
  return caught;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

// Both RSA-MD5 paths: node:crypto (found at run time) and the BigInt one used where it is missing.
const RSA_PATHS: readonly RsaMd5[] = [nodeRsaMd5 as RsaMd5, bigIntRsaMd5];

describe.each(RSA_PATHS.map((rsa) => [rsa.name, rsa] as const))('verifyOssCallback on the official vectors (%s RSA)', (_name, rsa) => {
  it('has both RSA vectors to check', () => {
    expect(rsaVectors.map((vector) => vector.id)).toEqual(['docs/callback-signature-example', 'cloudreve/TestVerifyCallbackSignature']);
  });

  for (const vector of rsaVectors) {
    const input = vector.input as unknown as RsaInput;

    it(`accepts ${vector.id}`, async () => {
      const verified = await verifyOssCallback(requestOf(input), { fetch: officialKeyFetch, cache: createPublicKeyCache(), rsa });
      expect(verified.publicKeyUrl).toBe(vector.derived?.publicKeyUrl);
      expect(new TextDecoder().decode(verified.rawBody)).toBe(input.body);
    });

    it(`rejects ${vector.id} with one body byte changed`, async () => {
      const changed = `${input.body.slice(0, -1)}${input.body.endsWith('t') ? 'u' : 't'}`;
      const error = await rejectionOf(verifyOssCallback(requestOf(input, { body: changed }), { fetch: officialKeyFetch, cache: createPublicKeyCache(), rsa }));
      expect(error.code).toBe('CALLBACK_SIGNATURE_INVALID');
    });

    it(`rejects ${vector.id} with a forged signature`, async () => {
      const forged = `${input.authorization[0] === 'e' ? 'f' : 'e'}${input.authorization.slice(1)}`;
      const error = await rejectionOf(verifyOssCallback(requestOf(input, { authorization: forged }), { fetch: officialKeyFetch, cache: createPublicKeyCache(), rsa }));
      expect(error.code).toBe('CALLBACK_SIGNATURE_INVALID');
    });

    it(`rejects ${vector.id} with its path changed`, async () => {
      const error = await rejectionOf(
        verifyOssCallback(requestOf(input, { rawPath: `${input.rawPath}x` }), { fetch: officialKeyFetch, cache: createPublicKeyCache(), rsa }),
      );
      expect(error.code).toBe('CALLBACK_SIGNATURE_INVALID');
    });
  }

  it('parses a form body and a JSON body', async () => {
    const [form, json] = rsaVectors.map((vector) => vector.input as unknown as RsaInput) as [RsaInput, RsaInput];
    const cache = createPublicKeyCache();
    expect((await verifyOssCallback(requestOf(form), { fetch: officialKeyFetch, cache })).body).toEqual({ bucket: 'yonghu-test' });
    expect((await verifyOssCallback(requestOf(json), { fetch: officialKeyFetch, cache })).body).toMatchObject({ size: 114020 });
  });
});

describe('verifyOssCallback key handling', () => {
  const own = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const ownPem = own.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  let keyServerUrl = '';
  let keyFetches = 0;
  const server = createServer((_req, res) => {
    keyFetches += 1;
    res.end(ownPem);
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    keyServerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback-pub-key.pem`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function signedWithOwnKey(url: string, body: string, keyUrl: string) {
    const [path, query] = url.split('?') as [string, string | undefined];
    const signer = createSign('RSA-MD5');
    signer.update(`${decodeURIComponent(path)}${query === undefined ? '' : `?${query}`}\n${body}`);
    return {
      url,
      headers: { authorization: signer.sign(own.privateKey, 'base64'), 'x-oss-pub-key-url': b64(keyUrl), 'content-type': 'application/json' },
      body,
    };
  }

  it.each(RSA_PATHS.map((rsa) => [rsa.name, rsa] as const))('accepts a 1024-bit key and rejects an altered body (%s RSA)', async (_name, rsa) => {
    const request = signedWithOwnKey('/oss/callback?a=1&b=%2B', '{"object":"k"}', keyServerUrl);
    const verified = await verifyOssCallback(request, { publicKeyUrl: keyServerUrl, cache: createPublicKeyCache(), rsa });
    expect(verified.body).toEqual({ object: 'k' });
    const altered = { ...request, body: '{"object":"j"}' };
    expect((await rejectionOf(verifyOssCallback(altered, { publicKeyUrl: keyServerUrl, cache: createPublicKeyCache(), rsa }))).code).toBe('CALLBACK_SIGNATURE_INVALID');
  });

  it('accepts a callback signed by the configured extra key URL (the emulator case) and caches the key', async () => {
    const cache = createPublicKeyCache();
    const body = '{"bucket":"demo","object":"uploads/a%20b.txt","size":3}';
    const request = signedWithOwnKey('/oss/callback?tag=x%20y', body, keyServerUrl);
    const before = keyFetches;
    const first = await verifyOssCallback(request, { publicKeyUrl: keyServerUrl, cache });
    await verifyOssCallback(request, { publicKeyUrl: keyServerUrl, cache });
    expect(first.body).toEqual({ bucket: 'demo', object: 'uploads/a%20b.txt', size: 3 });
    expect(keyFetches - before).toBe(1);
  });

  it('refuses the same callback when that key URL is not configured', async () => {
    const request = signedWithOwnKey('/oss/callback', '{}', keyServerUrl);
    const error = await rejectionOf(verifyOssCallback(request, { cache: createPublicKeyCache() }));
    expect(error.code).toBe('CALLBACK_PUBLIC_KEY_URL_NOT_ALLOWED');
  });

  it('rejects a callback signed with another key while naming the official key URL (wrong key)', async () => {
    const request = signedWithOwnKey('/oss/callback', '{"object":"x"}', 'https://gosspublic.alicdn.com/callback_pub_key_v1.pem');
    const error = await rejectionOf(verifyOssCallback(request, { fetch: officialKeyFetch, cache: createPublicKeyCache() }));
    expect(error.code).toBe('CALLBACK_SIGNATURE_INVALID');
  });

  it('does not fetch a key from a disallowed host at all', async () => {
    let fetched = false;
    const request = signedWithOwnKey('/oss/callback', '{}', 'https://evil.example/key.pem');
    const error = await rejectionOf(
      verifyOssCallback(request, {
        fetch: async () => {
          fetched = true;
          return new Response(ownPem);
        },
        cache: createPublicKeyCache(),
      }),
    );
    expect(error.code).toBe('CALLBACK_PUBLIC_KEY_URL_NOT_ALLOWED');
    expect(fetched).toBe(false);
  });

  it('reports a key that cannot be fetched, and retries it next time', async () => {
    const cache = createPublicKeyCache();
    let calls = 0;
    const failing = async () => {
      calls += 1;
      return new Response('nope', { status: 500 });
    };
    const request = signedWithOwnKey('/cb', '{}', 'https://gosspublic.alicdn.com/callback_pub_key_v1.pem');
    expect((await rejectionOf(verifyOssCallback(request, { fetch: failing, cache }))).code).toBe('CALLBACK_PUBLIC_KEY_FETCH_FAILED');
    expect((await rejectionOf(verifyOssCallback(request, { fetch: failing, cache }))).code).toBe('CALLBACK_PUBLIC_KEY_FETCH_FAILED');
    expect(calls).toBe(2);
  });

  it('rejects callbacks without a signature or with non-Base64 headers', async () => {
    const cache = createPublicKeyCache();
    expect((await rejectionOf(verifyOssCallback({ url: '/cb', headers: {}, body: '' }, { cache }))).code).toBe('CALLBACK_SIGNATURE_INVALID');
    const garbled = { url: '/cb', headers: { authorization: 'not base64!', 'x-oss-pub-key-url': b64('https://gosspublic.alicdn.com/k.pem') }, body: '' };
    expect((await rejectionOf(verifyOssCallback(garbled, { fetch: officialKeyFetch, cache }))).code).toBe('CALLBACK_SIGNATURE_INVALID');
  });
});

describe('isAllowedPublicKeyUrl', () => {
  it.each([
    ['http://gosspublic.alicdn.com/callback_pub_key_v1.pem', undefined, true],
    ['https://gosspublic.alicdn.com/callback_pub_key_v1.pem', undefined, true],
    ['https://gosspublic.alicdn.com.evil.example/k.pem', undefined, false],
    ['https://gosspublic.alicdn.com@evil.example/k.pem', undefined, false],
    ['https://user@gosspublic.alicdn.com/k.pem', undefined, false],
    ['https://gosspublic.alicdn.com:8443/k.pem', undefined, false],
    ['ftp://gosspublic.alicdn.com/k.pem', undefined, false],
    ['https://evil.example/k.pem', undefined, false],
    ['http://127.0.0.1:9000/pub.pem', 'http://127.0.0.1:9000/pub.pem', true],
    ['http://127.0.0.1:9000/other.pem', 'http://127.0.0.1:9000/pub.pem', false],
    ['http://127.0.0.1:9000/keys/a.pem', 'http://127.0.0.1:9000/keys/', true],
    ['http://127.0.0.1:9000/keys/../x.pem', 'http://127.0.0.1:9000/keys/', false],
    ['not a url', undefined, false],
  ])('%s (extra %s) → %s', (url, extra, allowed) => {
    expect(isAllowedPublicKeyUrl(url, extra)).toBe(allowed);
  });
});

describe('RSA-MD5 without node:crypto (BigInt)', () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const message = [new TextEncoder().encode('/cb?x=1\n'), new TextEncoder().encode('{"a":1}')];
  const signature = (() => {
    const signer = createSign('RSA-MD5');
    for (const chunk of message) signer.update(chunk);
    return new Uint8Array(signer.sign(pair.privateKey));
  })();

  it('agrees with node:crypto on SPKI and PKCS#1 PEM keys', () => {
    for (const type of ['spki', 'pkcs1'] as const) {
      const pem = pair.publicKey.export({ type, format: 'pem' }).toString();
      expect(bigIntRsaMd5.importPublicKey(pem).verify(message, signature)).toBe(true);
      expect(nodeRsaMd5?.importPublicKey(pem).verify(message, signature)).toBe(true);
    }
  });

  it('rejects a flipped byte, a short signature and a signature at or above the modulus', () => {
    const key = bigIntRsaMd5.importPublicKey(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const flipped = signature.slice();
    flipped[100] = (flipped[100] ?? 0) ^ 1;
    expect(key.verify(message, flipped)).toBe(false);
    expect(key.verify(message, signature.subarray(1))).toBe(false);
    expect(key.verify(message, new Uint8Array(signature.length).fill(0xff))).toBe(false);
  });

  it('refuses what is not an RSA public key', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => bigIntRsaMd5.importPublicKey(ec)).toThrow(TypeError);
    expect(() => nodeRsaMd5?.importPublicKey(ec)).toThrow(TypeError);
    expect(() => bigIntRsaMd5.importPublicKey('-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----')).toThrow(TypeError);
    expect(() => bigIntRsaMd5.importPublicKey('not a key')).toThrow(TypeError);
  });
});
