// The shortcuts that make a presign cheap (memos, the two-hash HMAC, ordered inserts) must never
// change a byte of output: each is checked here against the plain computation.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refreshingCredentials, staticCredentials, synchronousCredentialsReader } from '../src/credentials/credentials-provider.js';
import { expirationText } from '../src/handler/expiration-text.js';
import { assertBucketName } from '../src/presigner/validate.js';
import { resolveAdditionalHeaders, signedHeaderList } from '../src/signer/canonical-headers.js';
import { canonicalUri } from '../src/signer/canonical-uri.js';
import { nobleCrypto, nodeCrypto } from '../src/signer/crypto.js';
import { insertInOrder } from '../src/signer/insert-in-order.js';
import { signV4Header, signV4Query } from '../src/signer/sign-v4.js';
import { createSigningKeyCache } from '../src/signer/signing-key.js';

const node = nodeCrypto;
if (!node) throw new Error('these tests run on Node, where node:crypto exists');

describe('two-hash HMAC (nodeCrypto.createHmacSha256Hex)', () => {
  const reference = (key: Uint8Array, data: string) => createHmac('sha256', key).update(data, 'utf8').digest('hex');

  it('equals createHmac for random keys up to a block and random text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }), fc.string({ unit: 'binary', maxLength: 300 }), (key, data) => {
        expect(node.createHmacSha256Hex(key)(data)).toBe(reference(key, data));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps working across lengths, repeated calls and data longer than its buffer', () => {
    const key = new Uint8Array(32).map((_, index) => index * 7);
    const sign = node.createHmacSha256Hex(key);
    for (const length of [0, 1, 55, 56, 63, 64, 65, 141, 1023, 1024, 1025, 5000]) {
      const data = 'x'.repeat(length);
      expect(sign(data)).toBe(reference(key, data));
      expect(sign('中'.repeat(length))).toBe(reference(key, '中'.repeat(length)));
    }
    // Lone surrogates become U+FFFD in both (node:crypto's UTF-8 conversion).
    expect(sign('a\uD800b')).toBe(reference(key, 'a\uD800b'));
    // A shorter message after a longer one must not hash the longer one's leftover bytes.
    expect(sign('short')).toBe(reference(key, 'short'));
  });

  it('signs data then suffix as one message, however calls with and without a suffix interleave', () => {
    const key = new Uint8Array(32).map((_, index) => 255 - index);
    const sign = node.createHmacSha256Hex(key);
    const nobleSign = nobleCrypto.createHmacSha256Hex(key);
    const prefix = 'OSS4-HMAC-SHA256\n20240601T080000Z\n20240601/cn-hangzhou/oss/aliyun_v4_request\n';
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(prefix, `${prefix}x`, '', 'é'), fc.option(fc.string({ unit: 'binary', maxLength: 80 }))), { maxLength: 12 }),
        (calls) => {
          for (const [data, suffix] of calls) {
            const expected = reference(key, data + (suffix ?? ''));
            expect(suffix === null ? sign(data) : sign(data, suffix)).toBe(expected);
            expect(suffix === null ? nobleSign(data) : nobleSign(data, suffix)).toBe(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
    // Together longer than the buffer: the HMAC object takes over, with the same answer.
    expect(sign(prefix, 'y'.repeat(2000))).toBe(reference(key, prefix + 'y'.repeat(2000)));
    expect(sign(prefix, 'z')).toBe(reference(key, `${prefix}z`));
  });

  it('falls back to createHmac for keys longer than a block, and matches noble', () => {
    const key = new Uint8Array(100).fill(3);
    expect(node.createHmacSha256Hex(key)('data')).toBe(reference(key, 'data'));
    expect(node.createHmacSha256Hex(key)('data')).toBe(nobleCrypto.createHmacSha256Hex(key)('data'));
    expect(node.createHmacSha256Hex(key)('da', 'ta')).toBe(reference(key, 'data'));
  });
});

describe('insertInOrder', () => {
  it('sorts like Array.prototype.sort in byte order and keeps equal names in arrival order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.nat())), (entries) => {
        const list: [string, number][] = [];
        for (const entry of entries) insertInOrder(list, entry, ([name]) => name);
        const expected = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        expect(list).toEqual(expected);
      }),
    );
  });
});

describe('canonical headers', () => {
  it('finds an additional header whatever the casing of its name, and only with a non-empty value', () => {
    expect(resolveAdditionalHeaders(['Host', 'ZAbc', 'zabc', 'missing'], { host: 'h', ZABC: ' v ' })).toEqual(['host', 'zabc']);
    expect(resolveAdditionalHeaders(['host'], { host: '  ', HOST: 'h' })).toEqual(['host']);
    expect(resolveAdditionalHeaders(['host'], { host: '  ' })).toEqual([]);
  });

  it('orders signed headers by name and joins repeated names', () => {
    const list = signedHeaderList({ 'X-Oss-B': '2', 'content-type': 't', 'x-oss-a': '1', 'X-OSS-A': '3', zz: 'z' }, ['zz']);
    expect(list).toEqual([
      { name: 'content-type', value: 't' },
      { name: 'x-oss-a', value: '1,3' },
      { name: 'x-oss-b', value: '2' },
      { name: 'zz', value: 'z' },
    ]);
  });
});

describe('per-second memos of the signer', () => {
  const signTime = new Date('2024-06-01T08:00:00Z');
  const base = { method: 'PUT', bucket: 'bucket-a', key: 'a b.txt', region: 'cn-hangzhou', signTime, expires: 600 } as const;
  const first = { accessKeyId: 'ak-1', accessKeySecret: 'secret-1' };
  const second = { accessKeyId: 'ak-2', accessKeySecret: 'secret-2' };

  // What a cold signer computes: a fresh key cache and the pure-JS crypto, so no memo is shared.
  const cold = (input: Parameters<typeof signV4Query>[0]) =>
    signV4Query({ ...input, crypto: nobleCrypto, signingKeyCache: createSigningKeyCache() });

  it('never reuses one credential, region, bucket or product for another within the same second', () => {
    const inputs = [
      { ...base, credentials: first },
      { ...base, credentials: second },
      { ...base, credentials: { ...first, accessKeySecret: 'secret-1b' } },
      { ...base, credentials: first, region: 'cn-beijing' },
      { ...base, credentials: first, bucket: 'bucket-b' },
      { ...base, credentials: first, product: 'oss-cloudbox' },
      { ...base, credentials: { ...first, securityToken: 'token' } },
    ];
    for (let round = 0; round < 2; round++) {
      for (const input of inputs) {
        const warm = signV4Query(input);
        const expected = cold(input);
        expect(warm.signature).toBe(expected.signature);
        expect(warm.queryString).toBe(expected.queryString);
      }
    }
  });

  it('keeps the header form in step with the query form when both alternate', () => {
    const header = signV4Header({ ...base, credentials: first });
    signV4Query({ ...base, credentials: second });
    const again = signV4Header({ ...base, credentials: first });
    expect(again.authorization).toBe(header.authorization);
    expect(again.authorization).toContain('Credential=ak-1/20240601/cn-hangzhou/oss/aliyun_v4_request');
  });

  it('encodes each bucket of the canonical URI anew when buckets alternate', () => {
    expect(canonicalUri('bucket-a', 'k')).toBe('/bucket-a/k');
    expect(canonicalUri('b c', 'k')).toBe('/b%20c/k');
    expect(canonicalUri('bucket-a', undefined)).toBe('/bucket-a/');
  });

  it('still rejects an invalid bucket name right after a valid one', () => {
    assertBucketName('bucket-a');
    expect(() => assertBucketName('Bucket_A')).toThrow(/Invalid bucket name/);
    assertBucketName('bucket-a');
  });

  it('formats each expiration of its own, even when several alternate', () => {
    const a = new Date('2024-06-01T08:10:00Z');
    const b = new Date('2024-06-01T08:15:00Z');
    expect([expirationText(a), expirationText(a), expirationText(b), expirationText(a)]).toEqual([
      a.toISOString(),
      a.toISOString(),
      b.toISOString(),
      a.toISOString(),
    ]);
  });
});

describe('synchronous credential reads', () => {
  it('reads static credentials at once', () => {
    const credentials = { accessKeyId: 'ak', accessKeySecret: 'sk' };
    expect(synchronousCredentialsReader(staticCredentials(credentials))?.()).toEqual(credentials);
  });

  it('reads STS credentials only while they are cached and fresh', async () => {
    let now = 0;
    const provider = refreshingCredentials({
      fetch: async () => ({ accessKeyId: 'sts', accessKeySecret: 'sk', securityToken: 't', expiration: new Date(now + 600_000) }),
      refreshBeforeMs: 60_000,
      now: () => now,
    });
    const readNow = synchronousCredentialsReader(provider);
    expect(readNow?.()).toBeUndefined();
    await provider();
    expect(readNow?.()?.accessKeyId).toBe('sts');
    now += 550_000; // inside the refresh window: the presigner must go through the provider again
    expect(readNow?.()).toBeUndefined();
  });

  it('has no synchronous read for a caller-supplied provider', () => {
    expect(synchronousCredentialsReader(async () => ({ accessKeyId: 'a', accessKeySecret: 'b' }))).toBeUndefined();
  });
});
