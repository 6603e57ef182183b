import { type CredentialsSource, synchronousCredentialsReader, toCredentialsProvider } from '../credentials/credentials-provider.js';
import { OssPresignError } from '../errors/oss-presign-error.js';
import { type ClockOffset, createClockOffset } from '../oss/clock-offset.js';
import { signedHeaderList } from '../signer/canonical-headers.js';
import { canonicalQueryString, encodeQuery } from '../signer/canonical-query.js';
import type { SignerCrypto } from '../signer/crypto.js';
import { encodePath } from '../signer/encode.js';
import { presignV1 } from '../signer/sign-v1.js';
import { type OssCredentials, signV4Header, signV4QueryForEncodedKey } from '../signer/sign-v4.js';
import { type EndpointOptions, assertCloudBoxId, createObjectUrlBuilder, normalizeRegion } from './endpoint.js';
import { type ExpiryBeyondCredentials, type ExpiryOptions, assertCredentialsUnexpired, resolveExpiresSeconds } from './expiry.js';
import { type PresignRequest, type SignableRequest, toSignableRequest } from './operations.js';
import { assertBucketName } from './validate.js';

export interface PresignerOptions extends EndpointOptions {
  /** Default bucket for requests that name none. */
  readonly bucket?: string | undefined;
  /** An AccessKey pair, or a provider such as fromEnv() or refreshingCredentials(). */
  readonly credentials: CredentialsSource;
  /** Clock; `() => new Date()` by default. */
  readonly now?: (() => Date) | undefined;
  /** Added to every clock reading, to correct a host clock that is off (RequestTimeTooSkewed). */
  readonly clockOffsetMs?: number | undefined;
  /**
   * A shared, updatable correction (see createClockOffset); takes precedence over `clockOffsetMs`.
   * The server's OSS client sets it when OSS answers RequestTimeTooSkewed, so later signatures and
   * presigned URLs use OSS's clock.
   */
  readonly clockOffset?: ClockOffset | undefined;
  /** Cloud Box id: signs with product `oss-cloudbox` and the Cloud Box id as scope region. */
  readonly cloudBoxId?: string | undefined;
  /** `v4` (default) or the legacy `v1` for presigned URLs. */
  readonly signatureVersion?: 'v4' | 'v1' | undefined;
  /** Crypto implementation; node:crypto where available, else @noble/hashes. */
  readonly crypto?: SignerCrypto | undefined;
  /**
   * When a requested lifetime reaches past the expiration of the credentials that sign (STS):
   * `'clamp'` (default) ends the URL when the credentials do, and `expiration` says so;
   * `'refuse'` throws INVALID_EXPIRY. OSS refuses a URL once its STS token has expired.
   */
  readonly onExpiryBeyondCredentials?: ExpiryBeyondCredentials | undefined;
}

/** What a presign returns: everything an uploader needs, and nothing secret. */
export interface PresignedRequest {
  readonly method: string;
  readonly url: string;
  /**
   * When the URL stops working (x-oss-date + x-oss-expires); never later than the expiration of the
   * credentials that signed it.
   */
  readonly expiration: Date;
  /** Headers the uploader must send byte for byte, lower-case names. */
  readonly signedHeaders: Record<string, string>;
}

/** A request signed with an Authorization header, for server-side calls. */
export interface SignedRequest {
  readonly method: string;
  readonly url: string;
  /** Every header to send, Authorization included. */
  readonly headers: Record<string, string>;
}

export interface Presigner {
  /** The bare region id. */
  readonly region: string;
  /** The default bucket, if one was configured. */
  readonly bucket: string | undefined;
  /** Presigns a request: the URL form of Signature V4 (or V1). */
  presign(request: PresignRequest, options?: ExpiryOptions): Promise<PresignedRequest>;
  /** Signs a request in the Authorization-header form, for the server's own calls to OSS. */
  signRequest(request: PresignRequest): Promise<SignedRequest>;
  /** The clock correction every signature uses; the server's OSS client updates it on RequestTimeTooSkewed. */
  readonly clockOffset?: ClockOffset | undefined;
}

/**
 * Creates a presigner: the TypeScript counterpart of the Go SDK V2 `client.Presign`. Configuration
 * is checked here, not on the first request.
 *
 * `presign` throws OssPresignError: INVALID_KEY, INVALID_BUCKET, INVALID_HEADER (a header value
 * no HTTP client can send as signed; the message names the fix), INVALID_ARGUMENT, INVALID_EXPIRY,
 * CREDENTIALS_EXPIRED. The returned `expiration` never passes the credentials' own.
 *
 * @throws OssPresignError INVALID_CONFIG or MISSING_CREDENTIALS for a configuration mistake.
 * @example
 * ```ts
 * const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'examplebucket', credentials: fromEnv() });
 * const { method, url, expiration, signedHeaders } = await presigner.presign(
 *   { operation: 'PutObject', key: 'exampleobject.txt', contentType: 'text/plain' },
 *   { expires: 600 },
 * );
 * ```
 */
export function createPresigner(options: PresignerOptions): Presigner {
  if (!options || typeof options !== 'object') {
    throw new OssPresignError('INVALID_CONFIG', "createPresigner needs an options object: { region: 'cn-hangzhou', bucket, credentials: fromEnv() }");
  }
  const region = normalizeRegion(options.region);
  if (options.bucket !== undefined) assertBucketName(options.bucket);
  if (!options.credentials) {
    throw new OssPresignError(
      'MISSING_CREDENTIALS',
      'createPresigner needs credentials: pass credentials: fromEnv() (reads OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN), { accessKeyId, accessKeySecret }, or refreshingCredentials({ fetch }) for STS',
    );
  }
  const onExpiryBeyondCredentials = options.onExpiryBeyondCredentials ?? 'clamp';
  if (onExpiryBeyondCredentials !== 'clamp' && onExpiryBeyondCredentials !== 'refuse') {
    throw new OssPresignError(
      'INVALID_CONFIG',
      `onExpiryBeyondCredentials must be 'clamp' or 'refuse'; got ${JSON.stringify(onExpiryBeyondCredentials)}`,
    );
  }
  if (options.clockOffsetMs !== undefined && !Number.isFinite(options.clockOffsetMs)) {
    throw new OssPresignError('INVALID_CONFIG', `clockOffsetMs must be a finite number of milliseconds (server time minus local time); got ${String(options.clockOffsetMs)}`);
  }
  const credentialsProvider = toCredentialsProvider(options.credentials);
  const readCredentialsNow = synchronousCredentialsReader(credentialsProvider);
  const cloudBox = options.cloudBoxId;
  if (cloudBox !== undefined) assertCloudBoxId(cloudBox);
  const product = cloudBox ? 'oss-cloudbox' : 'oss';
  const scopeRegion = cloudBox ?? region;
  const buildUrl = createObjectUrlBuilder(
    cloudBox && !options.endpoint ? { ...options, endpoint: `${cloudBox}.${region}.oss-cloudbox.aliyuncs.com` } : options,
  );
  const readClock = options.now ?? (() => new Date());
  const clockOffset = options.clockOffset ?? createClockOffset(options.clockOffsetMs ?? 0);
  const now = () => {
    const offsetMs = clockOffset.get();
    return offsetMs === 0 ? readClock() : new Date(readClock().getTime() + offsetMs);
  };
  const signatureVersion = options.signatureVersion ?? 'v4';
  const crypto = options.crypto;

  const signInput = (credentials: OssCredentials, signable: SignableRequest, signTime: Date, expires?: number) => ({
    method: signable.method,
    bucket: signable.bucket,
    key: signable.key,
    region: scopeRegion,
    product,
    credentials,
    headers: signable.headers,
    query: signable.query,
    additionalHeaders: signable.additionalHeaders,
    signTime,
    expires,
    crypto,
  });
  const urlOf = (signable: SignableRequest) => buildUrl(signable.bucket, signable.key ? encodePath(signable.key) : '');

  return {
    region,
    bucket: options.bucket,
    clockOffset,

    async presign(request, expiry = {}) {
      const signable = toSignableRequest(request, options.bucket, 'query');
      const credentials = readCredentialsNow?.() ?? (await credentialsProvider());
      // One clock reading for x-oss-date and x-oss-expires.
      const signTime = now();
      const expires = resolveExpiresSeconds(expiry, signTime, credentials, onExpiryBeyondCredentials);
      const expiration = new Date((Math.floor(signTime.getTime() / 1000) + expires) * 1000);
      if (signatureVersion === 'v1') {
        // V1 signs exactly the headers handed back: an empty value (which is not sent) must not be
        // signed either, or OSS computes another signature.
        const signedHeaders = v1SignedHeaders(signable);
        const signed = presignV1({
          ...signInput(credentials, { ...signable, headers: signedHeaders }, signTime),
          expires: expiration.getTime() / 1000,
        });
        return { method: signable.method, url: `${urlOf(signable)}?${signed.queryString}`, expiration, signedHeaders };
      }
      // The key is encoded once, for the signed path and the URL path: the path sent is byte for
      // byte the path signed (doc "Include a V4 signature in the Authorization header").
      const encodedKey = signable.key ? encodePath(signable.key) : '';
      const signed = signV4QueryForEncodedKey(signInput(credentials, signable, signTime, expires), encodedKey);
      return {
        method: signable.method,
        url: `${buildUrl(signable.bucket, encodedKey)}?${signed.queryString}`,
        expiration,
        signedHeaders: signed.signedHeaders,
      };
    },

    async signRequest(request) {
      const signable = toSignableRequest(request, options.bucket, 'header');
      const credentials = readCredentialsNow?.() ?? (await credentialsProvider());
      const signTime = now();
      assertCredentialsUnexpired(credentials, signTime);
      const signed = signV4Header(signInput(credentials, signable, signTime));
      const queryString = canonicalQueryString(encodeQuery(signable.query));
      return { method: signable.method, url: queryString ? `${urlOf(signable)}?${queryString}` : urlOf(signable), headers: signed.headers };
    },
  };
}

// V1 signs content-type, content-md5 and x-oss-* headers only (doc "Include a V1 signature in the Authorization header").
function v1SignedHeaders(signable: SignableRequest): Record<string, string> {
  const signed: Record<string, string> = {};
  for (const header of signedHeaderList(signable.headers, [])) signed[header.name] = header.value;
  return signed;
}
