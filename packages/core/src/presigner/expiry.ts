import { OssPresignError } from '../errors/oss-presign-error.js';
import { DEFAULT_EXPIRES_SECONDS, MAX_EXPIRES_SECONDS, MAX_STS_EXPIRES_SECONDS } from '../oss/limits.js';

export interface ExpiryOptions {
  /** Lifetime in seconds. */
  readonly expires?: number | undefined;
  /** Absolute deadline; wins over `expires`. */
  readonly expiration?: Date | undefined;
}

/**
 * Turns `{ expires, expiration }` into the whole seconds of x-oss-expires, counted from the same
 * clock reading as x-oss-date (`signTime`, truncated to the second as x-oss-date is).
 *
 * @example
 * ```ts
 * resolveExpiresSeconds({ expires: 600 }, new Date(), false); // 600
 * ```
 */
export function resolveExpiresSeconds(options: ExpiryOptions, signTime: Date, withSecurityToken: boolean): number {
  const signSecond = Math.floor(signTime.getTime() / 1000);
  let seconds: number;
  if (options.expiration !== undefined) {
    const deadline = options.expiration.getTime();
    if (!Number.isFinite(deadline)) throw new OssPresignError('INVALID_EXPIRY', 'expiration is not a valid Date');
    seconds = Math.floor(deadline / 1000) - signSecond;
    if (seconds <= 0) {
      throw new OssPresignError('INVALID_EXPIRY', `expiration ${options.expiration.toISOString()} is already past`, {
        details: { expiration: options.expiration.toISOString() },
      });
    }
  } else {
    seconds = options.expires ?? DEFAULT_EXPIRES_SECONDS;
    if (!Number.isInteger(seconds) || seconds <= 0) {
      throw new OssPresignError('INVALID_EXPIRY', `expires must be a positive whole number of seconds; got ${seconds}`, {
        details: { expires: seconds },
      });
    }
  }
  const max = withSecurityToken ? MAX_STS_EXPIRES_SECONDS : MAX_EXPIRES_SECONDS;
  if (seconds > max) {
    throw new OssPresignError(
      'INVALID_EXPIRY',
      withSecurityToken
        ? `A presigned URL made with STS credentials may be valid for at most ${max} seconds (12 hours); asked for ${seconds}`
        : `A presigned URL may be valid for at most ${max} seconds (7 days); asked for ${seconds}`,
      { details: { expires: seconds, max } },
    );
  }
  return seconds;
}
