import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { loadBuiltinModule } from '../shared/builtin-module.js';

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
   * Prepares a key once and returns a function computing lower-case hex HMAC-SHA256 under it. The
   * signer keeps one per derived signing key, so the per-request work is one HMAC and no key setup.
   */
  createHmacSha256Hex(key: Uint8Array): (data: string) => string;
  /**
   * Optional: like {@link SignerCrypto.createHmacSha256Hex}, over the one string `head + tail`.
   * The signer passes the string to sign as its first three lines (the same for a whole second)
   * and the canonical request's hash, so an implementation may keep the work done for the `head`
   * it saw last. Without it, the signer joins the two and calls `createHmacSha256Hex`'s function.
   */
  createHmacSha256HexOfParts?(key: Uint8Array): (head: string, tail: string) => string;
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
    return (data) => bytesToHex(prepared.clone().update(utf8ToBytes(data)).digest());
  },
};

type NodeCryptoModule = typeof import('node:crypto');

type NodeBufferClass = typeof import('node:buffer').Buffer;

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
    createHmacSha256Hex: (key) => prepareHmac(key).whole,
    createHmacSha256HexOfParts: (key) => prepareHmac(key).ofParts,
  };

  function prepareHmac(key: Uint8Array): { whole: (data: string) => string; ofParts: (head: string, tail: string) => string } {
    const viaHmacObject = hmacObjectSigner(module, key);
    const twoHash = oneShotHash && BufferClass && key.length <= SHA256_BLOCK_BYTES
      ? createTwoHashHmac(oneShotHash, BufferClass, key, viaHmacObject)
      : undefined;
    return twoHash ? { whole: twoHash, ofParts: twoHash.ofParts } : { whole: viaHmacObject, ofParts: (head, tail) => viaHmacObject(head + tail) };
  }
}

function hmacObjectSigner(module: NodeCryptoModule, key: Uint8Array): (data: string) => string {
  // A KeyObject is imported once; passing raw bytes would re-import the key on every call.
  const keyObject = module.createSecretKey(key);
  return (data) => module.createHmac('sha256', keyObject).update(data, 'utf8').digest('hex');
}

const SHA256_BLOCK_BYTES = 64;
// Strings up to this many UTF-16 units always fit the scratch buffer (3 UTF-8 bytes per unit at most).
const TWO_HASH_MAX_DATA_UNITS = 1024;

type OneShotHash = (algorithm: string, data: string | Uint8Array, encoding: 'hex' | 'latin1') => string;

/** A prepared two-hash HMAC: over one string, and over a head and a tail (see createHmacSha256HexOfParts). */
type TwoHashHmac = ((data: string) => string) & { readonly ofParts: (head: string, tail: string) => string };

const HIGH_SURROGATE_MIN = 0xd800;
const HIGH_SURROGATE_MAX = 0xdbff;

/**
 * HMAC-SHA256 (RFC 2104) as two one-shot hashes, H((K ^ opad) || H((K ^ ipad) || m)), over
 * buffers padded once per key. Each node:crypto call costs far more than the hashing itself with
 * SHA-NI, and the pair costs about half of createHmac + update + digest (see bench/presign.bench.ts).
 * The buffers are reused: signing is synchronous, so no two calls interleave. Returns `undefined`
 * when this runtime's crypto.hash does not give createHmac's answer on a probe (a runtime that
 * took Buffer input or latin1 output differently would otherwise sign wrongly without a sound).
 */
function createTwoHashHmac(
  hash: OneShotHash,
  BufferClass: NodeBufferClass,
  key: Uint8Array,
  fallback: (data: string) => string,
): TwoHashHmac | undefined {
  const inner = BufferClass.alloc(SHA256_BLOCK_BYTES + TWO_HASH_MAX_DATA_UNITS * 3);
  const outer = BufferClass.alloc(SHA256_BLOCK_BYTES + 32);
  for (let i = 0; i < SHA256_BLOCK_BYTES; i++) {
    inner[i] = (key[i] ?? 0) ^ 0x36;
    outer[i] = (key[i] ?? 0) ^ 0x5c;
  }
  // One view per message length: a subarray per call would cost as much as a hash of the data.
  const innerViews: Uint8Array[] = [];
  const finish = (length: number) => {
    let view = innerViews[length];
    if (view === undefined) {
      view = inner.subarray(0, length);
      innerViews[length] = view;
    }
    // latin1 maps each digest byte to one char and back, with no Buffer allocated in between.
    outer.write(hash('sha256', view, 'latin1'), SHA256_BLOCK_BYTES, 'latin1');
    return hash('sha256', outer, 'hex');
  };
  // The head whose bytes follow the padded key in `inner` right now, and where they end: the string
  // to sign's first lines repeat for a whole second, and writing them once was 5% of a presign.
  let writtenHead: string | undefined;
  let writtenHeadEnd = SHA256_BLOCK_BYTES;

  const whole = (data: string): string => {
    if (data.length > TWO_HASH_MAX_DATA_UNITS) return fallback(data);
    writtenHead = undefined;
    return finish(SHA256_BLOCK_BYTES + inner.write(data, SHA256_BLOCK_BYTES, 'utf8'));
  };
  const ofParts = (head: string, tail: string): string => {
    // A surrogate pair split between head and tail must be encoded as one character: join them.
    const last = head.charCodeAt(head.length - 1);
    if (head.length + tail.length > TWO_HASH_MAX_DATA_UNITS || (last >= HIGH_SURROGATE_MIN && last <= HIGH_SURROGATE_MAX)) {
      return whole(head + tail);
    }
    if (head !== writtenHead) {
      writtenHeadEnd = SHA256_BLOCK_BYTES + inner.write(head, SHA256_BLOCK_BYTES, 'utf8');
      writtenHead = head;
    }
    return finish(writtenHeadEnd + inner.write(tail, writtenHeadEnd, 'utf8'));
  };

  const probe = 'OSS4-HMAC-SHA256\n\u00e9\u4e2d\ud83d\ude00';
  if (whole(probe) !== fallback(probe) || ofParts(probe, probe) !== fallback(probe + probe)) return undefined;
  return Object.assign(whole, { ofParts });
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
