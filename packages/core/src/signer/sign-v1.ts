import { OssPresignError } from '../errors/oss-presign-error.js';
import { type QueryValue, canonicalQueryString, encodeQuery } from './canonical-query.js';
import { type SignerCrypto, defaultCrypto } from './crypto.js';
import type { OssCredentials } from './sign-v4.js';

/**
 * Query parameters that Signature V1 signs as sub-resources (Go v2 `requiredSignedParametersMap`,
 * doc "Include a V1 signature in the Authorization header"). Any `x-oss-*` parameter is signed
 * too, and callers may declare more.
 */
export const V1_SUB_RESOURCES: ReadonlySet<string> = new Set([
  'acl', 'bucketInfo', 'location', 'stat', 'delete', 'append', 'tagging', 'objectMeta',
  'uploads', 'uploadId', 'partNumber', 'security-token', 'position',
  'response-content-type', 'response-content-language', 'response-expires', 'response-cache-control',
  'response-content-disposition', 'response-content-encoding',
  'restore', 'callback', 'callback-var', 'versions', 'versioning', 'versionId', 'sequential',
  'continuation-token', 'regionList', 'cloudboxes', 'symlink',
]);

export interface SignV1Input {
  readonly method: string;
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  readonly credentials: OssCredentials;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly query?: Readonly<Record<string, QueryValue>> | undefined;
  /** Extra query names to sign as sub-resources, beyond {@link V1_SUB_RESOURCES}. */
  readonly subResources?: readonly string[] | undefined;
  readonly crypto?: SignerCrypto | undefined;
}

export interface PresignV1Input extends SignV1Input {
  /** Absolute expiry, Unix seconds (the `Expires` parameter). */
  readonly expires: number;
}

export interface PresignV1Result {
  /** OSSAccessKeyId, Expires, Signature and security-token (with STS), raw. */
  readonly query: Record<string, string>;
  readonly signature: string;
  readonly stringToSign: string;
  /** The whole encoded query string: the caller's parameters and the V1 ones, sorted by name. */
  readonly queryString: string;
}

export interface SignV1HeaderInput extends SignV1Input {
  /** The `Date` header value (RFC 1123). */
  readonly date: string;
}

export interface SignV1HeaderResult {
  readonly authorization: string;
  readonly headers: Record<string, string>;
  readonly signature: string;
  readonly stringToSign: string;
}

const CR_OR_LF = /[\r\n]/;

function headerValue(headers: Readonly<Record<string, string>>, lowerName: string): string {
  for (const name in headers) {
    if (name.toLowerCase() === lowerName) return (headers[name] ?? '').trim();
  }
  return '';
}

function canonicalizedOssHeaders(headers: Readonly<Record<string, string>>): string {
  const lines: string[] = [];
  for (const name in headers) {
    const lower = name.toLowerCase();
    const value = headers[name];
    if (CR_OR_LF.test(value ?? '')) throw new OssPresignError('INVALID_HEADER', `Header "${name}" contains CR or LF`);
    if (lower.startsWith('x-oss-')) lines.push(`${lower}:${(value ?? '').trim()}\n`);
  }
  return lines.sort().join('');
}

function canonicalizedResource(input: SignV1Input, query: Readonly<Record<string, QueryValue>>): string {
  const base = input.bucket ? `/${input.bucket}/${input.key ?? ''}` : '/';
  const extra = new Set(input.subResources ?? []);
  const names = Object.keys(query)
    .filter((name) => V1_SUB_RESOURCES.has(name) || extra.has(name) || name.startsWith('x-oss-'))
    .sort();
  if (names.length === 0) return base;
  // Values are signed decoded, as given (doc "Include a V1 signature in the Authorization header": values are URL-decoded).
  const parts = names.map((name) => (query[name] ? `${name}=${query[name]}` : name));
  return `${base}?${parts.join('&')}`;
}

/**
 * The V1 string to sign: verb, Content-MD5, Content-Type, Date or Expires, the x-oss-* headers and
 * the canonicalized resource.
 *
 * @example
 * ```ts
 * v1StringToSign({ method: 'GET', bucket: 'b', key: 'k', credentials }, {}, '1699808204');
 * // 'GET\n\n\n1699808204\n/b/k'
 * ```
 */
export function v1StringToSign(
  input: SignV1Input,
  query: Readonly<Record<string, QueryValue>>,
  dateOrExpires: string,
): string {
  const headers = input.headers ?? {};
  return `${input.method.toUpperCase()}\n${headerValue(headers, 'content-md5')}\n${headerValue(headers, 'content-type')}\n${dateOrExpires}\n${canonicalizedOssHeaders(headers)}${canonicalizedResource(input, query)}`;
}

/**
 * Legacy Signature V1 presigned URL parameters (`OSSAccessKeyId`, `Expires`, `Signature`), for users
 * still on V1. Content-Type and Content-MD5 given here are signed but not put in the URL: the client
 * must send them.
 *
 * @example
 * ```ts
 * const { queryString } = presignV1({ method: 'GET', bucket: 'b', key: 'k', credentials, expires: 1699808204 });
 * const url = `https://b.oss-cn-hangzhou.aliyuncs.com/k?${queryString}`;
 * ```
 */
export function presignV1(input: PresignV1Input): PresignV1Result {
  if (!Number.isInteger(input.expires) || input.expires <= 0) {
    throw new OssPresignError('INVALID_EXPIRY', `Expires must be a Unix time in whole seconds; got ${input.expires}`);
  }
  const crypto = input.crypto ?? defaultCrypto;
  const query: Record<string, QueryValue> = { ...input.query };
  // security-token is a sub-resource in V1, so it is signed inside the canonicalized resource.
  if (input.credentials.securityToken) query['security-token'] = input.credentials.securityToken;
  const toSign = v1StringToSign(input, query, String(input.expires));
  const signature = crypto.hmacSha1Base64(input.credentials.accessKeySecret, toSign);
  const v1Query: Record<string, string> = {
    OSSAccessKeyId: input.credentials.accessKeyId,
    Expires: String(input.expires),
    Signature: signature,
  };
  if (input.credentials.securityToken) v1Query['security-token'] = input.credentials.securityToken;
  return {
    query: v1Query,
    signature,
    stringToSign: toSign,
    queryString: canonicalQueryString(encodeQuery({ ...query, ...v1Query })),
  };
}

/**
 * Legacy Signature V1 in the Authorization header: `OSS <AccessKeyId>:<Signature>`. With STS the
 * token travels as the signed x-oss-security-token header.
 *
 * @example
 * ```ts
 * const { headers } = signV1Header({ method: 'GET', bucket: 'b', key: 'k', credentials, date: new Date().toUTCString() });
 * ```
 */
export function signV1Header(input: SignV1HeaderInput): SignV1HeaderResult {
  const crypto = input.crypto ?? defaultCrypto;
  const headers: Record<string, string> = { ...input.headers, date: input.date };
  if (input.credentials.securityToken) headers['x-oss-security-token'] = input.credentials.securityToken;
  const toSign = v1StringToSign({ ...input, headers }, input.query ?? {}, input.date);
  const signature = crypto.hmacSha1Base64(input.credentials.accessKeySecret, toSign);
  const authorization = `OSS ${input.credentials.accessKeyId}:${signature}`;
  headers.authorization = authorization;
  return { authorization, headers, signature, stringToSign: toSign };
}
