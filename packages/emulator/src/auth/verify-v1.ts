import { type QueryValue, defaultCrypto, v1StringToSign } from '@oss-presign/core/signer';
import { EC, OssServiceError } from '../http/errors.js';
import { hexBytes, signaturesEqual } from './compare.js';
import { type EmulatorCredential, requireCredential } from './credentials.js';
import { type AuthInput, type AuthResult, MAX_SKEW_MS } from './types.js';

const DIGITS = /^\d+$/;
const V1_PREFIX = 'OSS ';
// Parameters of V1 query auth itself: never sub-resources (OSS doc "Include a V1 signature in a URL").
const V1_AUTH_PARAMS = new Set(['OSSAccessKeyId', 'Expires', 'Signature']);
// The server's sub-resource list is longer than Go v2's, which the core signer uses: Python v2 and
// the Go vectors add resourceGroup (OSS doc "Include a V1 signature in a URL"), and the bucket configuration
// sub-resources the V1 documentation lists ("Include a V1 signature in the Authorization header",
// CanonicalizedResource) and the older SDKs (Java v1 SignParameters, Go v1 signKeyList) sign, as
// ali-oss does for putBucketCORS and the like. The emulator refuses those operations, but only after
// the signature check, so it must compute their signature as OSS does.
const SERVER_SUB_RESOURCES = [
  'resourceGroup', 'cors', 'lifecycle', 'website', 'referer', 'logging', 'policy', 'encryption', 'inventory', 'inventoryId',
  'worm', 'wormId', 'wormExtend', 'replication', 'replicationProgress', 'replicationLocation', 'transferAcceleration',
  'requestPayment', 'cname', 'comp', 'qos', 'img', 'style', 'styleName', 'live', 'status', 'vod', 'startTime', 'endTime',
  'asyncFetch', 'udf', 'udfName', 'udfImage', 'udfId', 'udfImageDesc', 'udfApplication', 'udfApplicationLog',
];

function resourceQuery(input: AuthInput): Record<string, QueryValue> {
  const record: Record<string, QueryValue> = {};
  for (const [name, value] of input.query) if (!V1_AUTH_PARAMS.has(name)) record[name] = value;
  return record;
}

function v1Mismatch(credential: EmulatorCredential, toSign: string, provided: string): OssServiceError {
  return new OssServiceError('SignatureDoesNotMatch', {
    ec: EC.v1SignatureMismatch,
    details: {
      OSSAccessKeyId: credential.accessKeyId,
      SignatureProvided: provided,
      StringToSign: toSign,
      StringToSignBytes: hexBytes(toSign),
    },
  });
}

/**
 * Checks the signature against each candidate Date line in turn: the `Date` header, else
 * x-oss-date, which ali-oss sends instead of Date in V1 mode (OSS doc "Include a V1 signature in the Authorization header").
 */
function checkV1Signature(input: AuthInput, credential: EmulatorCredential, dateLines: readonly string[], provided: string): void {
  let firstToSign = '';
  for (const dateLine of dateLines) {
    const toSign = v1StringToSign(
      {
        method: input.method,
        bucket: input.bucket,
        key: input.key,
        headers: input.headers,
        credentials: credential,
        subResources: SERVER_SUB_RESOURCES,
      },
      resourceQuery(input),
      dateLine,
    );
    if (signaturesEqual(defaultCrypto.hmacSha1Base64(credential.accessKeySecret, toSign), provided)) return;
    firstToSign ||= toSign;
  }
  throw v1Mismatch(credential, firstToSign, provided);
}

/**
 * Verifies a legacy V1 presigned URL (`OSSAccessKeyId`, `Expires` as Unix seconds, `Signature`):
 * HMAC-SHA1 over the V1 string to sign, with `security-token` as a signed sub-resource
 * (OSS doc "Include a V1 signature in a URL").
 *
 * @example
 * ```ts
 * verifyV1Query(authInput);
 * ```
 */
export function verifyV1Query(input: AuthInput): AuthResult {
  const accessKeyId = input.query.get('OSSAccessKeyId');
  const expiresText = input.query.get('Expires');
  const provided = input.query.get('Signature');
  if (!accessKeyId || !expiresText || !provided) {
    // Message from the OSS error-code page (developer.aliyun.com/ask/2657).
    throw new OssServiceError('AccessDenied', {
      message: 'Query-string authentication requires the Signature, Expires and OSSAccessKeyId parameters',
    });
  }
  if (!DIGITS.test(expiresText)) {
    throw new OssServiceError('InvalidArgument', { message: `Expires must be Unix seconds; got "${expiresText}".` });
  }
  const credential = requireCredential(input.lookup, accessKeyId, input.query.get('security-token'), input.now);
  const expiresAt = new Date(Number(expiresText) * 1000);
  if (input.now.getTime() > expiresAt.getTime()) {
    throw new OssServiceError('AccessDenied', {
      message: 'Request has expired.',
      ec: EC.v1Expired,
      details: { Expires: expiresAt.toISOString(), ServerTime: input.now.toISOString() },
    });
  }
  checkV1Signature(input, credential, [expiresText], provided);
  return { scheme: 'v1-query', accessKeyId };
}

/**
 * Verifies `Authorization: OSS <AccessKeyId>:<Signature>` with the `Date` header within 15 minutes
 * of the server clock (OSS doc "Include a V1 signature in a URL").
 *
 * @example
 * ```ts
 * verifyV1Header(authInput);
 * ```
 */
export function verifyV1Header(input: AuthInput): AuthResult {
  const authorization = input.headers.authorization ?? '';
  const pair = authorization.slice(V1_PREFIX.length).trim();
  const colon = pair.lastIndexOf(':');
  if (colon <= 0 || colon === pair.length - 1) {
    throw new OssServiceError('InvalidArgument', { message: 'The Authorization header must be "OSS <AccessKeyId>:<Signature>".' });
  }
  const accessKeyId = pair.slice(0, colon);
  const provided = pair.slice(colon + 1);
  const dateLines = [input.headers.date, input.headers['x-oss-date']].filter((line): line is string => !!line);
  const date = dateLines[0];
  if (!date) throw new OssServiceError('AccessDenied', { message: 'The Date header is required.', ec: EC.dateMissing });
  const requestTime = Date.parse(date);
  if (Number.isNaN(requestTime)) {
    throw new OssServiceError('AccessDenied', { message: `The Date header is not an RFC 1123 date: "${date}".`, ec: EC.dateInvalid });
  }
  if (Math.abs(input.now.getTime() - requestTime) > MAX_SKEW_MS) {
    throw new OssServiceError('RequestTimeTooSkewed', {
      details: { RequestTime: new Date(requestTime).toISOString(), ServerTime: input.now.toISOString() },
    });
  }
  const credential = requireCredential(input.lookup, accessKeyId, input.headers['x-oss-security-token'], input.now);
  checkV1Signature(input, credential, dateLines, provided);
  return { scheme: 'v1-header', accessKeyId };
}

/**
 * Whether an Authorization header is V1 (`OSS ak:sig`).
 *
 * @example
 * ```ts
 * isV1Authorization('OSS ak:c2lnbmF0dXJl'); // true
 * ```
 */
export function isV1Authorization(header: string): boolean {
  return header.startsWith(V1_PREFIX);
}
