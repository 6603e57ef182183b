import { MAX_EXPIRES_SECONDS, MIN_EXPIRES_SECONDS, V4_ALGORITHM, parseDateTime } from '@oss-presign/core/signer';
import { EC, OssServiceError } from '../http/errors.js';
import { signaturesEqual } from './compare.js';
import { requireCredential } from './credentials.js';
import { type AuthInput, type AuthResult, MAX_SKEW_MS } from './types.js';
import { checkV4Scope, parseV4Credential } from './v4-credential.js';
import { computeV4Signature, v4SignatureMismatch } from './v4-signature.js';

const DIGITS = /^\d+$/;

function requiredParam(input: AuthInput, name: string, missingEc: string, blankEc: string): string {
  const value = input.query.get(name);
  if (value === undefined) {
    throw new OssServiceError('InvalidArgument', { message: `Missing required parameter ${name}.`, ec: missingEc });
  }
  if (value.trim() === '') {
    throw new OssServiceError('InvalidArgument', { message: `Parameter ${name} must not be blank.`, ec: blankEc });
  }
  return value;
}

function parseExpires(input: AuthInput): number {
  const text = requiredParam(input, 'x-oss-expires', EC.v4ExpiresMissing, EC.v4ExpiresMissing);
  const expires = DIGITS.test(text) ? Number(text) : Number.NaN;
  if (!(expires >= MIN_EXPIRES_SECONDS && expires <= MAX_EXPIRES_SECONDS)) {
    throw new OssServiceError('InvalidArgument', {
      message: `x-oss-expires must be an integer from ${MIN_EXPIRES_SECONDS} to ${MAX_EXPIRES_SECONDS}; got "${text}".`,
      ec: EC.v4ExpiresOutOfRange,
    });
  }
  return expires;
}

function checkWindow(signedAt: Date, expires: number, now: Date): void {
  const start = signedAt.getTime() - MAX_SKEW_MS;
  const end = signedAt.getTime() + expires * 1000;
  if (now.getTime() < start) {
    throw new OssServiceError('AccessDenied', {
      message: 'Request is not valid yet.',
      ec: EC.v4NotYetValid,
      details: { ServerTime: now.toISOString(), XOssDate: signedAt.toISOString() },
    });
  }
  if (now.getTime() > end) {
    throw new OssServiceError('AccessDenied', {
      message: 'Request has expired.',
      ec: EC.v4Expired,
      details: { Expires: new Date(end).toISOString(), ServerTime: now.toISOString() },
    });
  }
}

/**
 * Verifies a V4 presigned URL: every x-oss-* parameter, the scope, the validity window
 * `x-oss-date - 15 min .. x-oss-date + x-oss-expires`, the key (and STS token), then the signature
 * (OSS doc "Include a V4 signature in a URL").
 *
 * @example
 * ```ts
 * const { accessKeyId } = verifyV4Query(authInput);
 * ```
 */
export function verifyV4Query(input: AuthInput): AuthResult {
  const version = input.query.get('x-oss-signature-version');
  if (version !== V4_ALGORITHM) {
    throw new OssServiceError('InvalidArgument', {
      message: `x-oss-signature-version must be ${V4_ALGORITHM}; got "${version ?? ''}".`,
    });
  }
  const credentialText = requiredParam(input, 'x-oss-credential', EC.v4CredentialMissing, EC.v4CredentialBlank);
  const provided = requiredParam(input, 'x-oss-signature', EC.v4SignatureMissing, EC.v4SignatureBlank);
  const dateTime = input.query.get('x-oss-date') ?? '';
  const signedAt = parseDateTime(dateTime);
  if (!signedAt) {
    throw new OssServiceError('InvalidArgument', {
      message: `x-oss-date must be yyyymmddTHHMMSSZ; got "${dateTime}".`,
      ec: EC.v4SignDateInvalid,
    });
  }
  const expires = parseExpires(input);
  const credential = parseV4Credential(credentialText, 'query');
  checkV4Scope(credential, dateTime, input.region, 'query');
  const known = requireCredential(input.lookup, credential.accessKeyId, input.query.get('x-oss-security-token'), input.now);
  checkWindow(signedAt, expires, input.now);

  const additional = input.query.get('x-oss-additional-headers');
  const computation = computeV4Signature({
    method: input.method,
    bucket: input.bucket,
    key: input.key,
    query: input.query,
    headers: input.headers,
    additionalHeaders: additional ? additional.toLowerCase().split(';') : [],
    dateTime,
    region: input.region,
    secret: known.accessKeySecret,
    signingKeyCache: input.signingKeyCache,
  });
  if (!signaturesEqual(computation.signature, provided)) {
    throw v4SignatureMismatch(computation, credential.accessKeyId, provided);
  }
  return { scheme: 'v4-query', accessKeyId: credential.accessKeyId };
}
