import { DEFAULT_PRODUCT } from '@oss-presign/core/signer';
import { EC, OssServiceError } from '../http/errors.js';

/** The parts of `<AccessKeyId>/<yyyymmdd>/<region>/oss/aliyun_v4_request`. */
export interface V4Credential {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
}

const TERMINATOR = 'aliyun_v4_request';
const SIGN_DATE = /^\d{8}$/;

/**
 * Splits an x-oss-credential value (or the Credential field of the Authorization header).
 *
 * @example
 * ```ts
 * parseV4Credential('ak/20240101/cn-hangzhou/oss/aliyun_v4_request', 'query').region; // 'cn-hangzhou'
 * ```
 */
export function parseV4Credential(text: string, form: 'query' | 'header'): V4Credential {
  const parts = text.split('/');
  const [accessKeyId, date, region, product, terminator] = parts;
  const ec = form === 'query' ? EC.v4CredentialMalformed : EC.v4HeaderCredentialInvalid;
  if (parts.length !== 5 || !accessKeyId || !date || !region || product !== DEFAULT_PRODUCT || terminator !== TERMINATOR) {
    throw new OssServiceError('InvalidArgument', {
      message: `Invalid credential: expected "<AccessKeyId>/<yyyymmdd>/<region>/oss/aliyun_v4_request", got "${text}".`,
      ec,
    });
  }
  if (!SIGN_DATE.test(date)) {
    throw new OssServiceError('InvalidArgument', {
      message: `Invalid signing date in credential: "${date}" is not yyyymmdd.`,
      ec: form === 'query' ? EC.v4SignDateInvalid : EC.v4HeaderCredentialInvalid,
    });
  }
  return { accessKeyId, date, region };
}

/**
 * Checks the credential scope against the request: its date must be x-oss-date's day and its
 * region the bucket's region (OSS doc "Signature Version 4 (recommended)").
 *
 * @example
 * ```ts
 * checkV4Scope(credential, '20240101T000000Z', 'cn-hangzhou', 'query');
 * ```
 */
export function checkV4Scope(credential: V4Credential, dateTime: string, region: string, form: 'query' | 'header'): void {
  if (credential.date !== dateTime.slice(0, 8)) {
    throw new OssServiceError('InvalidArgument', {
      message: `The signing date in credential (${credential.date}) must be the day of x-oss-date (${dateTime}).`,
      ec: form === 'query' ? EC.v4SignDateInvalid : EC.v4HeaderCredentialInvalid,
    });
  }
  if (credential.region !== region) {
    throw new OssServiceError('InvalidArgument', {
      message: 'The signing region in credential is invalid.',
      ec: form === 'query' ? EC.v4RegionInvalidQuery : EC.v4RegionInvalidHeader,
      details: { ExpectedRegion: region, ProvidedRegion: credential.region },
    });
  }
}
