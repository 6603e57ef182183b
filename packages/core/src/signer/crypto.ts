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
   * Prepares a key once and returns a function computing lower-case hex HMAC-SHA256 under it. The
   * signer keeps one per derived signing key, so the per-request work is one HMAC and no key setup.
   */
  createHmacSha256Hex(key: Uint8Array): (data: string) => string;
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

function loadNodeCryptoModule(): NodeCryptoModule | undefined {
  // process.getBuiltinModule loads node:crypto synchronously without a static import, so browser
  // bundles of this file never see node:crypto (Node >= 20.16, Bun and Deno provide it).
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return processLike?.getBuiltinModule?.('node:crypto') as NodeCryptoModule | undefined;
  } catch {
    return undefined;
  }
}

function createNodeCrypto(module: NodeCryptoModule): SignerCrypto {
  // crypto.hash (Node >= 20.12) hashes in one native call, about twice as fast as createHash.
  const oneShotHash = (module as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
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
      return (data) => module.createHmac('sha256', keyObject).update(data, 'utf8').digest('hex');
    },
  };
}

const nodeCryptoModule = loadNodeCryptoModule();

/**
 * node:crypto behind the same interface, or `undefined` outside a runtime that has it.
 *
 * @example
 * ```ts
 * const crypto = nodeCrypto ?? nobleCrypto;
 * ```
 */
export const nodeCrypto: SignerCrypto | undefined = nodeCryptoModule ? createNodeCrypto(nodeCryptoModule) : undefined;

/**
 * The fastest implementation this runtime offers: node:crypto where it exists, noble elsewhere.
 *
 * @example
 * ```ts
 * defaultCrypto.sha256Hex('abc');
 * ```
 */
export const defaultCrypto: SignerCrypto = nodeCrypto ?? nobleCrypto;
