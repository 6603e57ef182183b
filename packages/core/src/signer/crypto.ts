import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The small crypto surface the signer needs. Two implementations pass every vector:
 * {@link nobleCrypto} (pure JS, any runtime) and {@link nodeCrypto} (node:crypto, faster).
 */
export interface SignerCrypto {
  readonly name: string;
  /** Lower-case hex SHA-256 of the UTF-8 bytes of `data`. */
  sha256Hex(data: string): string;
  /** HMAC-SHA256 of the UTF-8 bytes of `data` under a raw-byte (or UTF-8 string) key. */
  hmacSha256(key: Uint8Array | string, data: string): Uint8Array;
  /**
   * Prepares a key once and returns a function computing lower-case hex HMAC-SHA256 under it of
   * `data` followed by `suffix`. The signer keeps one per derived signing key, so the per-request
   * work is one HMAC and no key setup; it passes the string to sign as its fixed first lines and
   * the canonical request's hash, and an implementation may keep work done for the `data` it saw
   * last.
   */
  createHmacSha256Hex(key: Uint8Array): (data: string, suffix?: string) => string;
  /** Base64 HMAC-SHA1, for Signature V1. */
  hmacSha1Base64(key: string, data: string): string;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function toKeyBytes(key: Uint8Array | string): Uint8Array {
  return typeof key === 'string' ? utf8ToBytes(key) : key;
}

/**
 * Pure-JS crypto from @noble/hashes: works in browsers, workers, Deno, Bun and Node.
 *
 * @example
 * ```ts
 * signV4Query({ ...input, crypto: nobleCrypto });
 * ```
 */
export const nobleCrypto: SignerCrypto = {
  name: 'noble',
  sha256Hex: (data) => bytesToHex(sha256(utf8ToBytes(data))),
  hmacSha256: (key, data) => hmac(sha256, toKeyBytes(key), utf8ToBytes(data)),
  hmacSha1Base64: (key, data) => bytesToBase64(hmac(sha1, utf8ToBytes(key), utf8ToBytes(data))),
  createHmacSha256Hex(key) {
    // noble keeps the padded-key state in the HMAC object; cloning it skips the key setup.
    const prepared = hmac.create(sha256, key);
    return (data, suffix = '') => bytesToHex(prepared.clone().update(utf8ToBytes(data + suffix)).digest());
  },
};

type NodeCryptoModule = typeof import('node:crypto');

type NodeBufferClass = typeof import('node:buffer').Buffer;

function loadBuiltinModule<T>(id: string): T | undefined {
  // process.getBuiltinModule loads a built-in synchronously without a static import, so browser
  // bundles of this file never see node:crypto (Node >= 20.16, Bun and Deno provide it).
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return processLike?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

function createNodeCrypto(module: NodeCryptoModule, BufferClass: NodeBufferClass | undefined): SignerCrypto {
  // crypto.hash (Node >= 20.12) hashes in one native call, about twice as fast as createHash.
  const oneShotHash = (module as { hash?: OneShotHash }).hash;
  return {
    name: 'node',
    sha256Hex: oneShotHash
      ? (data) => oneShotHash('sha256', data, 'hex')
      : (data) => module.createHash('sha256').update(data, 'utf8').digest('hex'),
    hmacSha256: (key, data) => new Uint8Array(module.createHmac('sha256', key).update(data, 'utf8').digest()),
    hmacSha1Base64: (key, data) => module.createHmac('sha1', key).update(data, 'utf8').digest('base64'),
    createHmacSha256Hex(key) {
      // A KeyObject is imported once; passing raw bytes would re-import the key on every call.
      const keyObject = module.createSecretKey(key);
      const viaHmacObject = (data: string, suffix = '') =>
        module.createHmac('sha256', keyObject).update(data, 'utf8').update(suffix, 'utf8').digest('hex');
      return oneShotHash && BufferClass && key.length <= SHA256_BLOCK_BYTES
        ? createTwoHashHmac(oneShotHash, BufferClass, key, viaHmacObject)
        : viaHmacObject;
    },
  };
}

const SHA256_BLOCK_BYTES = 64;
// Strings up to this many UTF-16 units always fit the scratch buffer (3 UTF-8 bytes per unit at most).
const TWO_HASH_MAX_DATA_UNITS = 1024;

type OneShotHash = (algorithm: string, data: string | Uint8Array, encoding: 'hex' | 'latin1') => string;

/**
 * HMAC-SHA256 (RFC 2104) as two one-shot hashes, H((K ^ opad) || H((K ^ ipad) || m)), over
 * buffers padded once per key. Each node:crypto call costs far more than the hashing itself with
 * SHA-NI, and the pair costs about half of createHmac + update + digest (see bench/presign.bench.ts).
 * The buffers are reused: signing is synchronous, so no two calls interleave.
 */
function createTwoHashHmac(
  hash: OneShotHash,
  BufferClass: NodeBufferClass,
  key: Uint8Array,
  fallback: (data: string, suffix?: string) => string,
): (data: string, suffix?: string) => string {
  const inner = BufferClass.alloc(SHA256_BLOCK_BYTES + TWO_HASH_MAX_DATA_UNITS * 3);
  const outer = BufferClass.alloc(SHA256_BLOCK_BYTES + 32);
  for (let i = 0; i < SHA256_BLOCK_BYTES; i++) {
    inner[i] = (key[i] ?? 0) ^ 0x36;
    outer[i] = (key[i] ?? 0) ^ 0x5c;
  }
  // One view per message length: a subarray per call would cost as much as a hash of the data.
  const innerViews: Uint8Array[] = [];
  // The `data` whose bytes follow the padded key in `inner` right now (when a suffix came with it),
  // and where they end: the string to sign's first lines repeat for a whole second, and writing
  // them once instead of on every call was 5% of a presign.
  let writtenData: string | undefined;
  let writtenDataEnd = SHA256_BLOCK_BYTES;
  return (data, suffix) => {
    if (data.length + (suffix?.length ?? 0) > TWO_HASH_MAX_DATA_UNITS) return fallback(data, suffix);
    let length: number;
    if (suffix === undefined) {
      writtenData = undefined;
      length = SHA256_BLOCK_BYTES + inner.write(data, SHA256_BLOCK_BYTES, 'utf8');
    } else {
      if (data !== writtenData) {
        writtenDataEnd = SHA256_BLOCK_BYTES + inner.write(data, SHA256_BLOCK_BYTES, 'utf8');
        writtenData = data;
      }
      length = writtenDataEnd + inner.write(suffix, writtenDataEnd, 'utf8');
    }
    let view = innerViews[length];
    if (view === undefined) {
      view = inner.subarray(0, length);
      innerViews[length] = view;
    }
    // latin1 maps each digest byte to one char and back, with no Buffer allocated in between.
    outer.write(hash('sha256', view, 'latin1'), SHA256_BLOCK_BYTES, 'latin1');
    return hash('sha256', outer, 'hex');
  };
}

const nodeCryptoModule = loadBuiltinModule<NodeCryptoModule>('node:crypto');

/**
 * node:crypto behind the same interface, or `undefined` outside a runtime that has it.
 *
 * @example
 * ```ts
 * const crypto = nodeCrypto ?? nobleCrypto;
 * ```
 */
export const nodeCrypto: SignerCrypto | undefined = nodeCryptoModule
  ? createNodeCrypto(nodeCryptoModule, loadBuiltinModule<{ Buffer: NodeBufferClass }>('node:buffer')?.Buffer)
  : undefined;

/**
 * The fastest implementation this runtime offers: node:crypto where it exists, noble elsewhere.
 *
 * @example
 * ```ts
 * defaultCrypto.sha256Hex('abc');
 * ```
 */
export const defaultCrypto: SignerCrypto = nodeCrypto ?? nobleCrypto;
