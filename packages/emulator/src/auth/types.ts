import type { SigningKeyCache } from '@oss-presign/core/signer';
import type { QueryParams } from '../http/query.js';
import type { CredentialLookup } from './credentials.js';

/** Everything a verifier needs about the request and the emulator. */
export interface AuthInput {
  readonly method: string;
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  readonly query: QueryParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly now: Date;
  /** The region the addressed bucket lives in: the credential scope must name it. */
  readonly region: string;
  readonly lookup: CredentialLookup;
  readonly signingKeyCache: SigningKeyCache;
}

/** Which scheme authenticated the request, and with which key. */
export interface AuthResult {
  readonly scheme: 'v4-query' | 'v4-header' | 'v1-query' | 'v1-header';
  readonly accessKeyId: string;
}

/** 15 minutes: the header-auth skew limit and the early-use window of presigned URLs (OSS doc "Include a V4 signature in a URL"). */
export const MAX_SKEW_MS = 15 * 60 * 1000;
