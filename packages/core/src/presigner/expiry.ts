import { OssPresignError } from '../errors/oss-presign-error.js';
import { DEFAULT_EXPIRES_SECONDS, MAX_EXPIRES_SECONDS, MAX_STS_EXPIRES_SECONDS } from '../oss/limits.js';

/**
 * What to do when a URL would outlive the credentials that sign it: `clamp` shortens it to end when
 * they do, `refuse` throws INVALID_EXPIRY.
 */
export type ExpiryBeyondCredentials = 'clamp' | 'refuse';

export interface ExpiryOptions {
  /** Lifetime in seconds. */
  readonly expires?: number | undefined;
  /** Absolute deadline; wins over `expires`. */
  readonly expiration?: Date | undefined;
  /** Overrides the presigner's `onExpiryBeyondCredentials` for this request. */
  readonly onExpiryBeyondCredentials?: ExpiryBeyondCredentials | undefined;
}

/** What the expiry depends on about the signing credentials. */
export interface SigningCredentialsLifetime {
  /** STS credentials carry a token, and OSS caps their URLs at 12 hours. */
  readonly securityToken?: string | undefined;
  /** When the credentials stop working; OSS refuses any URL they signed after it. */
  readonly expiration?: Date | undefined;
}

/**
 * Turns `{ expires, expiration }` into the whole seconds of x-oss-expires, counted from the same
 * clock reading as x-oss-date (`signTime`, truncated to the second as x-oss-date is). A URL never
 * outlives its credentials: OSS refuses it once the STS token has expired (doc "0002-00000007"),
 * and uploaders trust the returned expiration to decide when to presign again. So the lifetime is
 * cut to the credentials' expiration (`clamp`, the default) or refused (`refuse`).
 *
 * @throws OssPresignError INVALID_EXPIRY for a lifetime that is not positive, past, beyond OSS's
 *   ceiling (7 days; 12 hours with STS) or, under `refuse`, beyond the credentials' expiration;
 *   CREDENTIALS_EXPIRED when the credentials have already expired at `signTime`.
 * @example
 * ```ts
 * resolveExpiresSeconds({ expires: 600 }, new Date(), {}); // 600
 * resolveExpiresSeconds({ expires: 3600 }, signTime, { securityToken: 't', expiration: tenMinutesLater }); // 600
 * ```
 */
export function resolveExpiresSeconds(
  options: ExpiryOptions,
  signTime: Date,
  credentials: SigningCredentialsLifetime,
  onBeyondCredentials: ExpiryBeyondCredentials = 'clamp',
): number {
  const signSecond = Math.floor(signTime.getTime() / 1000);
  let seconds: number;
  if (options.expiration !== undefined) {
    const deadline = options.expiration instanceof Date ? options.expiration.getTime() : Number.NaN;
    if (!Number.isFinite(deadline)) {
      throw new OssPresignError('INVALID_EXPIRY', 'expiration must be a valid Date (the absolute deadline); pass expires in seconds for a lifetime');
    }
    seconds = Math.floor(deadline / 1000) - signSecond;
    if (seconds <= 0) {
      throw new OssPresignError(
        'INVALID_EXPIRY',
        `expiration ${options.expiration.toISOString()} is not after the signing time ${signTime.toISOString()}; pass a later Date, or expires in seconds`,
        { details: { expiration: options.expiration.toISOString(), signTime: signTime.toISOString() } },
      );
    }
  } else {
    seconds = options.expires ?? DEFAULT_EXPIRES_SECONDS;
    if (!Number.isInteger(seconds) || seconds <= 0) {
      throw new OssPresignError('INVALID_EXPIRY', `expires must be a positive whole number of seconds; got ${String(seconds)}`, {
        details: { expires: seconds },
      });
    }
  }
  const withSecurityToken = Boolean(credentials.securityToken);
  const max = withSecurityToken ? MAX_STS_EXPIRES_SECONDS : MAX_EXPIRES_SECONDS;
  if (seconds > max) {
    throw new OssPresignError(
      'INVALID_EXPIRY',
      withSecurityToken
        ? `A presigned URL made with STS credentials may be valid for at most ${max} seconds (12 hours); asked for ${seconds}. Pass a shorter expires`
        : `A presigned URL may be valid for at most ${max} seconds (7 days); asked for ${seconds}. Pass a shorter expires`,
      { details: { expires: seconds, max } },
    );
  }
  return withinCredentials(seconds, signTime, signSecond, credentials.expiration, options.onExpiryBeyondCredentials ?? onBeyondCredentials);
}

function withinCredentials(
  seconds: number,
  signTime: Date,
  signSecond: number,
  credentialsExpiration: Date | undefined,
  mode: ExpiryBeyondCredentials,
): number {
  if (credentialsExpiration === undefined) return seconds;
  // Whole seconds left, rounded down: the URL must not claim a second the credentials lack.
  const left = Math.floor(credentialsExpiration.getTime() / 1000) - signSecond;
  if (left <= 0) throw credentialsExpired(credentialsExpiration, signTime);
  if (seconds <= left) return seconds;
  if (mode === 'clamp') return left;
  if (mode !== 'refuse') {
    throw new OssPresignError('INVALID_CONFIG', `onExpiryBeyondCredentials must be 'clamp' or 'refuse'; got ${JSON.stringify(mode)}`);
  }
  throw new OssPresignError(
    'INVALID_EXPIRY',
    `A URL valid for ${seconds} seconds would outlive the credentials that sign it (they expire at ${credentialsExpiration.toISOString()}, in ${left} seconds): pass expires of at most ${left}, or use onExpiryBeyondCredentials: 'clamp'`,
    { details: { expires: seconds, credentialsExpiration: credentialsExpiration.toISOString(), maxExpires: left } },
  );
}

function credentialsExpired(credentialsExpiration: Date, signTime: Date): OssPresignError {
  return new OssPresignError(
    'CREDENTIALS_EXPIRED',
    `The signing credentials expired at ${credentialsExpiration.toISOString()}, at or before the signing time ${signTime.toISOString()}: OSS refuses anything they sign. Fetch fresh STS credentials (refreshingCredentials does this before they expire)`,
    { details: { credentialsExpiration: credentialsExpiration.toISOString(), signTime: signTime.toISOString() } },
  );
}

/**
 * Throws CREDENTIALS_EXPIRED when the credentials have expired by `signTime`: a request they sign
 * would only earn OSS's SecurityTokenExpired (doc "0002-00000007").
 *
 * @example
 * ```ts
 * assertCredentialsUnexpired(credentials, signTime);
 * ```
 */
export function assertCredentialsUnexpired(credentials: SigningCredentialsLifetime, signTime: Date): void {
  const expiration = credentials.expiration;
  if (expiration !== undefined && Math.floor(expiration.getTime() / 1000) <= Math.floor(signTime.getTime() / 1000)) {
    throw credentialsExpired(expiration, signTime);
  }
}
