import { V4_ALGORITHM, parseDateTime } from '@oss-presign/core/signer';
import { EC, OssServiceError } from '../http/errors.js';
import { signaturesEqual } from './compare.js';
import { requireCredential } from './credentials.js';
import { type AuthInput, type AuthResult, MAX_SKEW_MS } from './types.js';
import { checkV4Scope, parseV4Credential } from './v4-credential.js';
import { computeV4Signature, v4SignatureMismatch } from './v4-signature.js';

interface V4AuthorizationFields {
  readonly credential: string;
  readonly signature: string;
  readonly additionalHeaders: readonly string[];
}

function malformed(detail: string): OssServiceError {
  return new OssServiceError('InvalidArgument', {
    message: `The Authorization header is invalid: ${detail}`,
    ec: EC.v4HeaderCredentialInvalid,
  });
}

/**
 * Splits `OSS4-HMAC-SHA256 Credential=…,AdditionalHeaders=…,Signature=…`. SDKs differ in spacing
 * and field order (OSS doc "Include a V4 signature in the Authorization header"), so fields are read as key=value pairs in any order.
 *
 * @example
 * ```ts
 * parseV4Authorization('OSS4-HMAC-SHA256 Credential=ak/20240101/cn-hangzhou/oss/aliyun_v4_request,Signature=ab');
 * ```
 */
export function parseV4Authorization(header: string): V4AuthorizationFields {
  const fields = new Map<string, string>();
  for (const part of header.slice(V4_ALGORITHM.length).split(',')) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq === -1) throw malformed(`"${item}" is not a key=value field.`);
    fields.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signature = fields.get('Signature');
  if (!credential) throw malformed('the Credential field is missing.');
  if (!signature) throw malformed('the Signature field is missing.');
  const additional = fields.get('AdditionalHeaders');
  return { credential, signature, additionalHeaders: additional ? additional.toLowerCase().split(';') : [] };
}

function checkSkew(dateText: string | undefined, now: Date): Date {
  if (!dateText) {
    throw new OssServiceError('AccessDenied', { message: 'The x-oss-date header is required for V4 header signing.', ec: EC.dateMissing });
  }
  const requestTime = parseDateTime(dateText);
  if (!requestTime) {
    throw new OssServiceError('AccessDenied', { message: `x-oss-date must be yyyymmddTHHMMSSZ; got "${dateText}".`, ec: EC.dateInvalid });
  }
  if (Math.abs(now.getTime() - requestTime.getTime()) > MAX_SKEW_MS) {
    throw new OssServiceError('RequestTimeTooSkewed', {
      details: { RequestTime: requestTime.toISOString(), ServerTime: now.toISOString(), MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS) },
    });
  }
  return requestTime;
}

/**
 * Verifies `Authorization: OSS4-HMAC-SHA256 …`: fields, x-oss-date within 15 minutes of the server
 * clock (else RequestTimeTooSkewed), scope, key and STS token, then the signature
 * (OSS doc "Error responses").
 *
 * @example
 * ```ts
 * verifyV4Header(authInput);
 * ```
 */
export function verifyV4Header(input: AuthInput): AuthResult {
  const fields = parseV4Authorization(input.headers.authorization ?? '');
  const credential = parseV4Credential(fields.credential, 'header');
  const dateTime = input.headers['x-oss-date'];
  checkSkew(dateTime, input.now);
  checkV4Scope(credential, dateTime as string, input.region, 'header');
  const known = requireCredential(input.lookup, credential.accessKeyId, input.headers['x-oss-security-token'], input.now);
  const computation = computeV4Signature({
    method: input.method,
    bucket: input.bucket,
    key: input.key,
    query: input.query,
    headers: input.headers,
    additionalHeaders: fields.additionalHeaders,
    dateTime: dateTime as string,
    region: input.region,
    secret: known.accessKeySecret,
    signingKeyCache: input.signingKeyCache,
  });
  if (!signaturesEqual(computation.signature, fields.signature)) {
    throw v4SignatureMismatch(computation, credential.accessKeyId, fields.signature);
  }
  return { scheme: 'v4-header', accessKeyId: credential.accessKeyId };
}
