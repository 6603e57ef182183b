import { V4_ALGORITHM } from '@oss-presign/core/signer';
import { EC, OssServiceError } from '../http/errors.js';
import type { AuthInput, AuthResult } from './types.js';
import { isV1Authorization, verifyV1Header, verifyV1Query } from './verify-v1.js';
import { verifyV4Header } from './verify-v4-header.js';
import { verifyV4Query } from './verify-v4-query.js';
import { signableHeaders } from './wire-text.js';

function hasV4Query(input: AuthInput): boolean {
  return (
    input.query.has('x-oss-signature-version') || input.query.has('x-oss-credential') || input.query.has('x-oss-signature')
  );
}

function hasV1Query(input: AuthInput): boolean {
  return input.query.has('OSSAccessKeyId') || input.query.has('Signature');
}

/**
 * Picks the scheme the request uses and verifies it: V4 presigned URL, V4 Authorization header,
 * V1 presigned URL or V1 header. A request with none is anonymous and refused (every emulated
 * bucket is private); a URL signature together with an Authorization header is refused as OSS does
 * (OSS doc "Include a V1 signature in a URL").
 *
 * @example
 * ```ts
 * const auth = authenticate({ method, bucket, key, query, headers, now, region, lookup, signingKeyCache });
 * ```
 */
export function authenticate(request: AuthInput): AuthResult {
  // OSS signs header bytes as sent; Node decoded them as latin1 (see wire-text.ts).
  const input: AuthInput = { ...request, headers: signableHeaders(request.headers) };
  const header = input.headers.authorization;
  const v4Query = hasV4Query(input);
  const v1Query = hasV1Query(input);
  if ((v4Query || v1Query) && header) {
    throw new OssServiceError('InvalidArgument', {
      message: 'A request may carry a signature in the URL or in the Authorization header, not both.',
    });
  }
  if (v4Query && v1Query) {
    throw new OssServiceError('InvalidArgument', { message: 'A URL may carry a V4 or a V1 signature, not both.' });
  }
  if (v4Query) return verifyV4Query(input);
  if (v1Query) return verifyV1Query(input);
  if (header) {
    if (header.startsWith(`${V4_ALGORITHM} `)) return verifyV4Header(input);
    if (isV1Authorization(header)) return verifyV1Header(input);
    // The scheme is named only when it looks like one: a header without a space may be a bare
    // token, and an answer never repeats a credential.
    const scheme = /^([A-Za-z][A-Za-z0-9-]{0,31}) /.exec(header)?.[1];
    throw new OssServiceError('InvalidArgument', {
      message: `Unsupported Authorization scheme${scheme ? `: "${scheme}"` : ''}; OSS accepts "${V4_ALGORITHM} Credential=..." or "OSS AccessKeyId:Signature".`,
    });
  }
  throw new OssServiceError('AccessDenied', { message: 'You have no right to access this object because of bucket acl.', ec: EC.anonymous });
}
