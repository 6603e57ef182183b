import { OssServiceError } from '../http/errors.js';

/** An AccessKey pair the emulator accepts; with `securityToken` it is an STS credential. */
export interface EmulatorCredential {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** When set, every request signed with this key must carry exactly this token. */
  readonly securityToken?: string | undefined;
  /**
   * When the STS credential stops working, as STS's `Expiration`: from then on every request
   * signed with it is refused with 403 SecurityTokenExpired, as OSS does.
   */
  readonly expiration?: Date | undefined;
}

/** Finds the credential of an AccessKeyId. */
export type CredentialLookup = (accessKeyId: string) => EmulatorCredential | undefined;

/**
 * Indexes the configured credentials by AccessKeyId.
 *
 * @example
 * ```ts
 * const lookup = createCredentialLookup([{ accessKeyId: 'ak', accessKeySecret: 'sk' }]);
 * ```
 */
export function createCredentialLookup(credentials: readonly EmulatorCredential[]): CredentialLookup {
  const byId = new Map<string, EmulatorCredential>();
  for (const credential of credentials) byId.set(credential.accessKeyId, credential);
  return (accessKeyId) => byId.get(accessKeyId);
}

/**
 * Resolves the AccessKeyId to its credential and checks the STS token: a temporary key needs its
 * token, a token on a permanent key is refused (OSS doc "Signature Version 4 (recommended)"), and a token past its
 * expiration is refused with SecurityTokenExpired (OSS doc "0002-00000007"), whatever the URL's
 * own x-oss-expires says.
 *
 * @example
 * ```ts
 * const credential = requireCredential(lookup, 'ak', query.get('x-oss-security-token'), now);
 * ```
 */
export function requireCredential(
  lookup: CredentialLookup,
  accessKeyId: string,
  presentedToken: string | undefined,
  now: Date,
): EmulatorCredential {
  const credential = lookup(accessKeyId);
  if (!credential) throw new OssServiceError('InvalidAccessKeyId', { details: { OSSAccessKeyId: accessKeyId } });
  if ((credential.securityToken ?? '') !== (presentedToken ?? '')) throw new OssServiceError('InvalidSecurityToken');
  const expiration = credential.expiration;
  if (expiration !== undefined && now.getTime() >= expiration.getTime()) {
    // The token itself is a secret: the answer names the key id and the times, never the token.
    throw new OssServiceError('SecurityTokenExpired', {
      details: { OSSAccessKeyId: accessKeyId, Expiration: expiration.toISOString(), ServerTime: now.toISOString() },
    });
  }
  return credential;
}
