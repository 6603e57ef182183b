import { type KeyObject, generateKeyPair, sign } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

/** The emulator's own callback key pair (OSS uses gosspublic.alicdn.com's; OSS doc "Callback"). */
export interface CallbackKeyPair {
  readonly publicKeyPem: string;
  /** base64(RSA-MD5 signature of `data`), the callback's `authorization` header. */
  sign(data: Buffer): string;
}

/**
 * Generates a fresh RSA key pair at start.
 *
 * @example
 * ```ts
 * const keys = await createCallbackKeyPair();
 * keys.sign(Buffer.from('/cb\nbucket=demo'));
 * ```
 */
export async function createCallbackKeyPair(): Promise<CallbackKeyPair> {
  // 1024 bits: quick to generate at every start (OSS's own callback key is 512 bits).
  const { publicKey, privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 1024 });
  const publicKeyPem = (publicKey as KeyObject).export({ type: 'spki', format: 'pem' }).toString();
  return {
    publicKeyPem,
    // RSASSA-PKCS1-v1_5 with MD5, as OSS signs callbacks (OSS doc "Callback").
    sign: (data) => sign('RSA-MD5', data, privateKey as KeyObject).toString('base64'),
  };
}
