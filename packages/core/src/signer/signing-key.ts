import { V4_KEY_PREFIX, V4_TERMINATOR } from './constants.js';
import type { SignerCrypto } from './crypto.js';

/**
 * Derives the V4 signing key: HMAC chain over "aliyun_v4" + secret, date, region, product and
 * "aliyun_v4_request" (doc "Include a V4 signature in the Authorization header").
 *
 * @example
 * ```ts
 * deriveSigningKey(nobleCrypto, 'sk', '20231217', 'cn-hangzhou', 'oss');
 * ```
 */
export function deriveSigningKey(
  crypto: SignerCrypto,
  secret: string,
  date: string,
  region: string,
  product: string,
): Uint8Array {
  const dateKey = crypto.hmacSha256(`${V4_KEY_PREFIX}${secret}`, date);
  const regionKey = crypto.hmacSha256(dateKey, region);
  const productKey = crypto.hmacSha256(regionKey, product);
  return crypto.hmacSha256(productKey, V4_TERMINATOR);
}

/** A derived signing key with its prepared HMAC function. */
export interface SigningKey {
  readonly key: Uint8Array;
  /** Hex HMAC-SHA256 under this key, with the key setup done once. */
  readonly sign: (data: string) => string;
  /** The same over `head + tail`, where an implementation may keep the work for a repeated head. */
  readonly signParts: (head: string, tail: string) => string;
}

/** A bounded cache of derived signing keys; a key changes once a day per (secret, region, product). */
export interface SigningKeyCache {
  get(crypto: SignerCrypto, secret: string, date: string, region: string, product: string): SigningKey;
}

/**
 * Creates a signing-key cache holding at most `maxEntries` keys (oldest evicted first).
 *
 * @example
 * ```ts
 * const cache = createSigningKeyCache(16);
 * cache.get(defaultCrypto, secret, '20231217', 'cn-hangzhou', 'oss').sign(stringToSign);
 * ```
 */
export function createSigningKeyCache(maxEntries = 64): SigningKeyCache {
  const entries = new Map<string, SigningKey>();
  // The last key handed out, compared field by field: a server signing many URLs in a row with one
  // credential pays neither the string concatenation nor the map lookup.
  let last: { crypto: SignerCrypto; secret: string; date: string; region: string; product: string; value: SigningKey } | undefined;
  return {
    get(crypto, secret, date, region, product) {
      if (
        last !== undefined && last.date === date && last.secret === secret && last.region === region &&
        last.product === product && last.crypto === crypto
      ) {
        return last.value;
      }
      // The crypto name is part of the key so that both implementations can be tested side by side.
      const cacheKey = `${crypto.name}\n${date}\n${region}\n${product}\n${secret}`;
      let value = entries.get(cacheKey);
      if (!value) {
        const key = deriveSigningKey(crypto, secret, date, region, product);
        const sign = crypto.createHmacSha256Hex(key);
        value = { key, sign, signParts: crypto.createHmacSha256HexOfParts?.(key) ?? ((head, tail) => sign(head + tail)) };
        if (entries.size >= maxEntries) {
          const oldest = entries.keys().next().value;
          if (oldest !== undefined) entries.delete(oldest);
        }
        entries.set(cacheKey, value);
      }
      last = { crypto, secret, date, region, product, value };
      return value;
    },
  };
}

/** The process-wide cache used when a caller does not pass its own. */
export const sharedSigningKeyCache: SigningKeyCache = createSigningKeyCache();
