import { OssPresignError } from '../errors/oss-presign-error.js';

/** What an upload token vouches for. */
export interface UploadTokenClaims {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly size: number;
  readonly partSize: number;
  /** Unix seconds after which the token is refused. */
  readonly expiresAt: number;
}

/** Issues and checks upload tokens under one secret. */
export interface UploadTokenSigner {
  issue(claims: UploadTokenClaims): Promise<string>;
  /** Returns the claims, or throws UPLOAD_TOKEN_INVALID (403). */
  verify(token: unknown, now: Date): Promise<UploadTokenClaims>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of unpadded base64url text, or `undefined` when no encoder could have written it. */
function fromBase64Url(text: string): Uint8Array | undefined {
  // 4n+1 characters cannot end a base64 text (a lone character carries 6 of a byte's 8 bits);
  // atob throws InvalidCharacterError on it, which must stay a refused token, never a crash.
  if (text.length % 4 === 1) return undefined;
  try {
    return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** HMAC-SHA256 tags are 32 bytes. */
const MAC_BYTES = 32;

function invalid(reason: string): OssPresignError {
  return new OssPresignError('UPLOAD_TOKEN_INVALID', `The upload token is not valid: ${reason}`);
}

function isClaims(value: unknown): value is UploadTokenClaims {
  const claims = value as Partial<UploadTokenClaims> | null;
  return (
    typeof claims === 'object' && claims !== null &&
    typeof claims.bucket === 'string' && typeof claims.key === 'string' && typeof claims.uploadId === 'string' &&
    Number.isSafeInteger(claims.size) && Number.isSafeInteger(claims.partSize) && Number.isSafeInteger(claims.expiresAt)
  );
}

/**
 * Creates the HMAC-SHA256 signer of multipart upload tokens (`base64url(claims).base64url(mac)`).
 * The token lets the handler stay stateless: later calls carry it back, and the server checks that
 * key, upload id, size and part size are the ones it agreed to at initiate. Web Crypto only, so it
 * runs wherever the handler does.
 *
 * @example
 * ```ts
 * const tokens = createUploadTokenSigner(process.env.UPLOAD_TOKEN_SECRET!);
 * const token = await tokens.issue({ bucket: 'demo', key: 'uploads/a.bin', uploadId: 'U1', size: 10, partSize: 102400, expiresAt: 1_900_000_000 });
 * ```
 */
export function createUploadTokenSigner(secret: string | Uint8Array): UploadTokenSigner {
  const secretBytes = typeof secret === 'string' ? encoder.encode(secret) : secret;
  if (secretBytes.byteLength < 32) throw new OssPresignError('INVALID_CONFIG', 'The upload-token secret must be at least 32 bytes');
  const keyPromise = crypto.subtle.importKey('raw', secretBytes as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);

  return {
    async issue(claims) {
      const payload = toBase64Url(encoder.encode(JSON.stringify(claims)));
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await keyPromise, encoder.encode(payload)));
      return `${payload}.${toBase64Url(mac)}`;
    },

    async verify(token, now) {
      if (typeof token !== 'string' || token.length > 4096 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) {
        throw invalid('uploadToken must be the string the initiate call returned');
      }
      const [payload, encodedMac] = token.split('.') as [string, string];
      const mac = fromBase64Url(encodedMac);
      if (mac?.byteLength !== MAC_BYTES) throw invalid('signature mismatch');
      // subtle.verify compares in constant time.
      const ok = await crypto.subtle.verify('HMAC', await keyPromise, mac as Uint8Array<ArrayBuffer>, encoder.encode(payload));
      if (!ok) throw invalid('signature mismatch');
      const claimBytes = fromBase64Url(payload);
      if (!claimBytes) throw invalid('unreadable claims');
      let claims: unknown;
      try {
        claims = JSON.parse(decoder.decode(claimBytes));
      } catch {
        throw invalid('unreadable claims');
      }
      if (!isClaims(claims)) throw invalid('unreadable claims');
      if (claims.expiresAt * 1000 < now.getTime()) throw invalid('it has expired');
      return claims;
    },
  };
}
