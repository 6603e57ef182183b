/**
 * RSA signature verification with MD5 (RSASSA-PKCS1-v1_5, RFC 8017 section 8.2.2), the scheme OSS
 * signs upload callbacks with (doc "Callback", step 4). Two implementations behind one interface:
 * node:crypto where the runtime has it (found at run time, never imported statically), and a small
 * BigInt one elsewhere, because WebCrypto offers no RSA with MD5. Both verify only: a public key,
 * no secret, so the BigInt version's timing reveals nothing worth hiding.
 */

import { md5 } from '@noble/hashes/legacy.js';
import { loadBuiltinModule } from '../shared/builtin-module.js';

/** A public key ready to check signatures. */
export interface RsaMd5PublicKey {
  /** True when `signature` is a valid RSA-MD5 signature of the concatenated `message` chunks. */
  verify(message: readonly Uint8Array[], signature: Uint8Array): boolean;
}

/** Turns a PEM public key (SPKI `PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY`) into a verifier; throws on anything else. */
export interface RsaMd5 {
  readonly name: string;
  importPublicKey(pem: string): RsaMd5PublicKey;
}

// --- the BigInt implementation

/** One DER element: its tag and where its contents lie. */
interface DerElement {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

function readDer(bytes: Uint8Array, offset: number, limit = bytes.length): DerElement {
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  if (tag === undefined || length === undefined) throw new TypeError('truncated DER');
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new TypeError('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] ?? Number.NaN);
    start += count;
  }
  const end = start + length;
  if (!(end <= limit)) throw new TypeError('truncated DER');
  return { tag, start, end };
}

function bigIntOf(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
// 1.2.840.113549.1.1.1 rsaEncryption, DER-encoded with its tag and length.
const RSA_ENCRYPTION_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/** Reads RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1). */
function readRsaPublicKey(der: Uint8Array, offset: number, limit: number): { n: bigint; e: bigint } {
  const sequence = readDer(der, offset, limit);
  if (sequence.tag !== SEQUENCE) throw new TypeError('not an RSA public key');
  const modulus = readDer(der, sequence.start, sequence.end);
  const exponent = readDer(der, modulus.end, sequence.end);
  if (modulus.tag !== INTEGER || exponent.tag !== INTEGER) throw new TypeError('not an RSA public key');
  return { n: bigIntOf(der.subarray(modulus.start, modulus.end)), e: bigIntOf(der.subarray(exponent.start, exponent.end)) };
}

/** Reads SubjectPublicKeyInfo (RFC 5280 4.1) holding an rsaEncryption key, or a bare PKCS#1 key. */
function readPublicKeyDer(der: Uint8Array, pkcs1: boolean): { n: bigint; e: bigint } {
  if (pkcs1) return readRsaPublicKey(der, 0, der.length);
  const info = readDer(der, 0);
  const algorithm = readDer(der, info.start, info.end);
  if (info.tag !== SEQUENCE || algorithm.tag !== SEQUENCE) throw new TypeError('not a SubjectPublicKeyInfo');
  if (!RSA_ENCRYPTION_OID.every((byte, i) => der[algorithm.start + i] === byte)) throw new TypeError('not an RSA key');
  const bits = readDer(der, algorithm.end, info.end);
  if (bits.tag !== BIT_STRING || der[bits.start] !== 0) throw new TypeError('not an RSA key');
  return readRsaPublicKey(der, bits.start + 1, bits.end);
}

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

// DigestInfo for MD5 (RFC 8017 section 9.2, note 1): what precedes the 16-byte hash.
const MD5_DIGEST_INFO = [0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10];
const PEM = /^-----BEGIN (RSA )?PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END \1?PUBLIC KEY-----\s*$/;

/**
 * RSA-MD5 verification in plain JavaScript (BigInt and @noble/hashes' MD5), for runtimes without
 * node:crypto. It rebuilds the expected EMSA-PKCS1-v1_5 block and compares it whole, the RFC's
 * recommended way, so no parsing of attacker-shaped padding happens.
 *
 * @example
 * ```ts
 * const key = bigIntRsaMd5.importPublicKey(pem);
 * key.verify([new TextEncoder().encode('/cb\n'), body], signature); // true or false
 * ```
 */
export const bigIntRsaMd5: RsaMd5 = {
  name: 'bigint',
  importPublicKey(pem) {
    const match = PEM.exec(pem.trim());
    if (!match) throw new TypeError('not a PEM public key');
    const { n, e } = readPublicKeyDer(base64Bytes((match[2] ?? '').replace(/\s+/g, '')), match[1] !== undefined);
    const size = Math.ceil(n.toString(16).length / 2);
    if (size < 64 || e < 3n) throw new TypeError('unusable RSA public key');
    return {
      verify(message, signature) {
        if (signature.length !== size) return false;
        const s = bigIntOf(signature);
        if (s >= n) return false;
        const hash = md5.create();
        for (const chunk of message) hash.update(chunk);
        const expected = [0, 1, ...new Array<number>(size - 3 - MD5_DIGEST_INFO.length - 16).fill(0xff), 0, ...MD5_DIGEST_INFO, ...hash.digest()];
        let m = modPow(s, e, n);
        let same = true;
        for (let i = size - 1; i >= 0; i--) {
          same = same && Number(m & 0xffn) === expected[i];
          m >>= 8n;
        }
        return same;
      },
    };
  },
};

// --- node:crypto

type NodeCryptoModule = typeof import('node:crypto');

function createNodeRsaMd5(module: NodeCryptoModule): RsaMd5 {
  return {
    name: 'node',
    importPublicKey(pem) {
      const key = module.createPublicKey(pem);
      if (key.asymmetricKeyType !== 'rsa') throw new TypeError('not an RSA key');
      return {
        verify(message, signature) {
          const verifier = module.createVerify('RSA-MD5');
          for (const chunk of message) verifier.update(chunk);
          return verifier.verify(key, signature);
        },
      };
    },
  };
}

const nodeCryptoModule = loadBuiltinModule<NodeCryptoModule>('node:crypto');

/**
 * node:crypto's RSA-MD5, or `undefined` outside a runtime that has it.
 *
 * @example
 * ```ts
 * const rsa = nodeRsaMd5 ?? bigIntRsaMd5;
 * ```
 */
export const nodeRsaMd5: RsaMd5 | undefined = nodeCryptoModule ? createNodeRsaMd5(nodeCryptoModule) : undefined;

/**
 * The fastest implementation this runtime offers: node:crypto where it exists, BigInt elsewhere.
 *
 * @example
 * ```ts
 * defaultRsaMd5.importPublicKey(pem).verify([data], signature);
 * ```
 */
export const defaultRsaMd5: RsaMd5 = nodeRsaMd5 ?? bigIntRsaMd5;
