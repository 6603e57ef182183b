import { type SigningKeyCache, V4_ALGORITHM, parseDateTime, signPostPolicyV1, signPostPolicyV4 } from '@oss-presign/core/signer';
import { hexBytes, signaturesEqual } from '../auth/compare.js';
import { type CredentialLookup, requireCredential } from '../auth/credentials.js';
import { checkV4Scope, parseV4Credential } from '../auth/v4-credential.js';
import { EC, OssServiceError } from '../http/errors.js';

/** What verifying a PostObject form needs. */
export interface FormAuthInput {
  /** The text fields, by lower-case name. */
  readonly fields: ReadonlyMap<string, string>;
  readonly region: string;
  readonly lookup: CredentialLookup;
  readonly signingKeyCache: SigningKeyCache;
  /** The request's time: an STS credential past its expiration is refused (SecurityTokenExpired). */
  readonly now: Date;
}

/** Which scheme signed the form, and the policy it signed. */
export interface FormAuthResult {
  readonly scheme: 'v1-post' | 'v4-post';
  readonly accessKeyId: string;
  /** The base64 policy, as sent. */
  readonly policy: string;
}

/** Form fields the V4 policy must pin to the values the form carries. */
export const V4_POLICY_FIELDS = ['x-oss-signature-version', 'x-oss-credential', 'x-oss-date'] as const;

function required(fields: ReadonlyMap<string, string>, name: string, label: string): string {
  const value = fields.get(name.toLowerCase());
  if (value === undefined || value.trim() === '') {
    throw new OssServiceError('InvalidArgument', {
      message: `The ${label} form field is required.`,
      details: { ArgumentName: label, ArgumentValue: value ?? '' },
    });
  }
  return value;
}

function mismatch(accessKeyId: string, policy: string, provided: string, ec?: string): OssServiceError {
  // The string to sign of a form is the base64 policy itself (OSS doc "PostObject", "Signature").
  return new OssServiceError('SignatureDoesNotMatch', {
    ec,
    details: { OSSAccessKeyId: accessKeyId, SignatureProvided: provided, StringToSign: policy, StringToSignBytes: hexBytes(policy) },
  });
}

function verifyV1(input: FormAuthInput): FormAuthResult {
  const { fields } = input;
  const accessKeyId = required(fields, 'OSSAccessKeyId', 'OSSAccessKeyId');
  const policy = required(fields, 'policy', 'policy');
  const provided = required(fields, 'Signature', 'Signature');
  const credential = requireCredential(input.lookup, accessKeyId, fields.get('x-oss-security-token'), input.now);
  const expected = signPostPolicyV1({ policy, accessKeySecret: credential.accessKeySecret });
  if (!signaturesEqual(expected, provided)) throw mismatch(accessKeyId, policy, provided, EC.v1SignatureMismatch);
  return { scheme: 'v1-post', accessKeyId, policy };
}

function verifyV4(input: FormAuthInput): FormAuthResult {
  const { fields } = input;
  const version = fields.get('x-oss-signature-version');
  if (version !== V4_ALGORITHM) {
    throw new OssServiceError('InvalidArgument', {
      message: `x-oss-signature-version must be ${V4_ALGORITHM}; got "${version ?? ''}".`,
      details: { ArgumentName: 'x-oss-signature-version', ArgumentValue: version ?? '' },
    });
  }
  const credentialText = required(fields, 'x-oss-credential', 'x-oss-credential');
  const dateTime = required(fields, 'x-oss-date', 'x-oss-date');
  const provided = required(fields, 'x-oss-signature', 'x-oss-signature');
  const policy = required(fields, 'policy', 'policy');
  if (!parseDateTime(dateTime)) {
    throw new OssServiceError('InvalidArgument', { message: `x-oss-date must be yyyymmddTHHMMSSZ; got "${dateTime}".`, ec: EC.v4SignDateInvalid });
  }
  const credential = parseV4Credential(credentialText, 'query');
  checkV4Scope(credential, dateTime, input.region, 'query');
  const known = requireCredential(input.lookup, credential.accessKeyId, fields.get('x-oss-security-token'), input.now);
  const expected = signPostPolicyV4({
    policy,
    accessKeySecret: known.accessKeySecret,
    date: credential.date,
    region: credential.region,
    signingKeyCache: input.signingKeyCache,
  });
  if (!signaturesEqual(expected, provided)) throw mismatch(credential.accessKeyId, policy, provided);
  return { scheme: 'v4-post', accessKeyId: credential.accessKeyId, policy };
}

/**
 * Verifies the signature a PostObject form carries, with core's policy signers: V4 when it has
 * x-oss-signature-version (x-oss-credential, x-oss-date, x-oss-signature: hex HMAC-SHA256 of the
 * base64 policy under the derived key), V1 when it has OSSAccessKeyId (Signature: base64
 * HMAC-SHA1 of the base64 policy), the STS token in x-oss-security-token either way. A form with
 * neither is anonymous and refused, as every emulated bucket is private. Headers and URL
 * signatures play no part (OSS doc "PostObject").
 *
 * @example
 * ```ts
 * const { policy } = verifyFormSignature({ fields: form.fields, region, lookup, signingKeyCache });
 * ```
 */
export function verifyFormSignature(input: FormAuthInput): FormAuthResult {
  const { fields } = input;
  if (fields.has('x-oss-signature-version') || fields.has('x-oss-credential') || fields.has('x-oss-signature')) return verifyV4(input);
  if (fields.has('ossaccesskeyid')) return verifyV1(input);
  throw new OssServiceError('AccessDenied', { message: 'You have no right to access this object because of bucket acl.', ec: EC.anonymous });
}
