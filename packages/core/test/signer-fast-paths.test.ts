// The shortcuts that make a presign cheap (memos, the two-hash HMAC, ordered inserts) must never
// change a byte of output: each is checked here against the plain computation.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refreshingCredentials, staticCredentials, synchronousCredentialsReader } from '../src/credentials/credentials-provider.js';
import { expirationText } from '../src/handler/expiration-text.js';
import { assertBucketName, hasDotSegment } from '../src/presigner/validate.js';
import { resolveAdditionalHeaders, signedHeaderList } from '../src/signer/canonical-headers.js';
import { canonicalUri } from '../src/signer/canonical-uri.js';
import { joinFlat } from '../src/signer/flat-string.js';
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

  it('signs head + tail as one message, whatever heads follow each other', () => {
    const key = new Uint8Array(32).map((_, index) => 255 - index);
    const signParts = node.createHmacSha256HexOfParts?.(key);
    if (!signParts) throw new Error('nodeCrypto offers the two-part HMAC');
    const prefix = 'OSS4-HMAC-SHA256\n20240601T080000Z\n20240601/cn-hangzhou/oss/aliyun_v4_request\n';
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(prefix, `${prefix}x`, '', 'é', 'a\uD83D'), fc.string({ unit: 'binary', maxLength: 80 })), { maxLength: 12 }),
        (calls) => {
          for (const [head, tail] of calls) expect(signParts(head, tail)).toBe(reference(key, head + tail));
        },
      ),
      { numRuns: 300 },
    );
    // A surrogate pair split between head and tail is one character, as in the joined string.
    expect(signParts('a\uD83D', '\uDE00b')).toBe(reference(key, 'a\uD83D\uDE00b'));
    // Together longer than the buffer: the HMAC object takes over, with the same answer.
    expect(signParts(prefix, 'y'.repeat(2000))).toBe(reference(key, prefix + 'y'.repeat(2000)));
    expect(signParts(prefix, 'z')).toBe(reference(key, `${prefix}z`));
  });

  it('gives a signing key the two-part HMAC, or the joined one where the crypto has none', () => {
    for (const crypto of [node, nobleCrypto]) {
      const signingKey = createSigningKeyCache().get(crypto, 'secret', '20240601', 'cn-hangzhou', 'oss');
      expect(signingKey.signParts('head\n', 'tail')).toBe(signingKey.sign('head\ntail'));
      expect(signingKey.signParts('head\n', 'tail')).toBe(reference(signingKey.key, 'head\ntail'));
    }
  });

  it('falls back to createHmac for keys longer than a block, and matches noble', () => {
    const key = new Uint8Array(100).fill(3);
    expect(node.createHmacSha256Hex(key)('data')).toBe(reference(key, 'data'));
    expect(node.createHmacSha256Hex(key)('data')).toBe(nobleCrypto.createHmacSha256Hex(key)('data'));
    expect(node.createHmacSha256HexOfParts?.(key)('da', 'ta')).toBe(reference(key, 'data'));
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
  it('ignores additional-header names that exist only on Object.prototype', () => {
    expect(resolveAdditionalHeaders(['constructor', '__proto__', 'toString', 'host'], { host: 'h' })).toEqual(['host']);
    const input = { method: 'GET', bucket: 'b-1', key: 'k', region: 'cn-hangzhou', signTime: new Date(), additionalHeaders: ['constructor'] };
    expect(signV4Query({ ...input, credentials: { accessKeyId: 'a', accessKeySecret: 's' } }).signature).toMatch(/^[0-9a-f]{64}$/);
  });

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

  it('never reuses one credential, region, product or bucket for another within the same second', () => {
    // Each input differs from the one before it in one field only, and the default crypto and key
    // cache are used throughout, so every step is a chance for a stale memo to be reused.
    const inputs = [
      { ...base, credentials: first },
      { ...base, credentials: { ...first, accessKeyId: 'ak-1b' } },
      { ...base, credentials: { ...first, accessKeyId: 'ak-1b', accessKeySecret: 'secret-1b' } },
      { ...base, credentials: { ...first, accessKeyId: 'ak-1b', accessKeySecret: 'secret-1b' }, region: 'cn-beijing' },
      { ...base, credentials: { ...first, accessKeyId: 'ak-1b', accessKeySecret: 'secret-1b' }, region: 'cn-beijing', product: 'oss-cloudbox' },
      { ...base, credentials: second, region: 'cn-beijing', product: 'oss-cloudbox' },
      { ...base, credentials: { ...second, securityToken: 'token' }, region: 'cn-beijing', product: 'oss-cloudbox' },
      { ...base, credentials: { ...second, securityToken: 'token' }, region: 'cn-beijing', product: 'oss-cloudbox', bucket: 'bucket-b' },
      { ...base, credentials: first },
    ];
    const expected = inputs.map((input) => cold(input));
    for (let round = 0; round < 2; round++) {
      for (const [index, input] of inputs.entries()) {
        const warm = signV4Query(input);
        expect(warm.signature).toBe(expected[index]?.signature);
        expect(warm.queryString).toBe(expected[index]?.queryString);
        expect(warm.stringToSign).toBe(expected[index]?.stringToSign);
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

  it('still rejects an invalid bucket name right after a valid one, the empty name included', () => {
    expect(() => assertBucketName('')).toThrow(/Invalid bucket name/);
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

describe('dot segments (hasDotSegment)', () => {
  // The rule as a regex: a "." or ".." between separators or at either end of the key.
  const DOT_SEGMENT = /(?:^|[/\\])\.\.?(?:[/\\]|$)/;

  it('agrees with the regex on keys drawn from dots, separators and letters', () => {
    const keyOfDots = fc.array(fc.constantFrom('.', '/', '\\', 'a', '..', '...'), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(keyOfDots, (key) => {
        expect(hasDotSegment(key)).toBe(DOT_SEGMENT.test(key));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds a dot segment at the start, the middle and the end, with either separator', () => {
    for (const key of ['.', '..', './a', '../a', 'a/.', 'a/..', 'a/./b', 'a\\..\\b', 'a/.\\b']) expect(hasDotSegment(key)).toBe(true);
    for (const key of ['', 'a', 'a.b', '.a', 'a.', '...', 'a/.../b', 'a/.b/c.', 'photo.jpg']) expect(hasDotSegment(key)).toBe(false);
  });
});

describe('flat strings (joinFlat)', () => {
  it('joins its parts in order', () => {
    expect(joinFlat()).toBe('');
    expect(joinFlat('x-oss-date=', '20240601T080000Z', '&')).toBe('x-oss-date=20240601T080000Z&');
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
