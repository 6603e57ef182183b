import { OssPresignError } from '../errors/oss-presign-error.js';
import { DEFAULT_EXPIRES_SECONDS, MAX_EXPIRES_SECONDS, MIN_EXPIRES_SECONDS } from '../oss/limits.js';
import { type CanonicalHeader, canonicalHeadersBlock, resolveAdditionalHeaders, signedHeaderList } from './canonical-headers.js';
import { type EncodedQueryPair, type QueryValue, canonicalQueryString, encodeQuery, mergeSortedQuery } from './canonical-query.js';
import { canonicalRequest } from './canonical-request.js';
import { canonicalUri, canonicalUriForEncodedKey } from './canonical-uri.js';
import {
  DEFAULT_PRODUCT,
  HEADER_CONTENT_SHA256,
  HEADER_DATE,
  HEADER_SECURITY_TOKEN,
  QUERY_ADDITIONAL_HEADERS,
  QUERY_CREDENTIAL,
  QUERY_DATE,
  QUERY_EXPIRES,
  QUERY_SECURITY_TOKEN,
  QUERY_SIGNATURE,
  QUERY_SIGNATURE_VERSION,
  UNSIGNED_PAYLOAD,
  V4_ALGORITHM,
} from './constants.js';
import { type SignerCrypto, defaultCrypto } from './crypto.js';
import { formatDateTime } from './date.js';
import { encodePath, percentEncode } from './encode.js';
import { joinFlat } from './flat-string.js';
import { type SigningKey, type SigningKeyCache, sharedSigningKeyCache } from './signing-key.js';
import { credentialScope, stringToSignPrefix } from './string-to-sign.js';

/** An AccessKey pair, with the STS token when the pair is temporary. */
export interface OssCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string | undefined;
}

/** What the V4 signer signs. The time is passed in: the signer reads no clock. */
export interface SignV4Input {
  readonly method: string;
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  /** Bare region id (`cn-hangzhou`), or the Cloud Box id when product is `oss-cloudbox`. */
  readonly region: string;
  readonly product?: 'oss' | 'oss-cloudbox' | (string & {}) | undefined;
  readonly credentials: OssCredentials;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Raw (decoded) names and values; `null` or `''` is a valueless sub-resource such as `uploads`. */
  readonly query?: Readonly<Record<string, QueryValue>> | undefined;
  readonly additionalHeaders?: readonly string[] | undefined;
  readonly signTime: Date;
  /** Seconds the presigned URL stays valid (x-oss-expires); query form only. Default 900. */
  readonly expires?: number | undefined;
  /** Crypto implementation; node:crypto where available, else @noble/hashes. */
  readonly crypto?: SignerCrypto | undefined;
  /** Where derived signing keys are cached; a process-wide cache by default. */
  readonly signingKeyCache?: SigningKeyCache | undefined;
}

export interface SignV4QueryResult {
  /** Every x-oss-* parameter to append to the URL, raw (not URL-encoded), including x-oss-signature. */
  readonly query: Record<string, string>;
  readonly signature: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  /** The whole encoded query string to put after `?`: the caller's parameters, the x-oss-* ones and the signature. */
  readonly queryString: string;
  /** The signed headers (lower-case names, trimmed values): what the client must send byte for byte. */
  readonly signedHeaders: Record<string, string>;
  /** The encoded `/bucket/key`; the URL path is built from this same string (doc "Include a V4 signature in the Authorization header"). */
  readonly canonicalUri: string;
}

export interface SignV4HeaderResult {
  /** The `Authorization` header value. */
  readonly authorization: string;
  /** The full header set to send: the caller's headers, x-oss-date, x-oss-content-sha256, the token and Authorization. */
  readonly headers: Record<string, string>;
  readonly signature: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

function hasCrOrLf(text: string): boolean {
  return text.includes('\n') || text.includes('\r');
}

function assertHeaderValues(headers: Readonly<Record<string, string>>): void {
  for (const name in headers) {
    const value = headers[name];
    if (typeof value !== 'string') {
      throw new OssPresignError('INVALID_HEADER', `Header "${name}" must be a string`);
    }
    if (hasCrOrLf(value) || hasCrOrLf(name)) {
      // A CR or LF would let a value inject another header line into the canonical request.
      throw new OssPresignError('INVALID_HEADER', `Header "${name}" contains CR or LF`);
    }
  }
}

function assertExpires(expires: number): void {
  if (!Number.isInteger(expires) || expires < MIN_EXPIRES_SECONDS || expires > MAX_EXPIRES_SECONDS) {
    throw new OssPresignError(
      'INVALID_EXPIRY',
      `x-oss-expires must be a whole number of seconds from ${MIN_EXPIRES_SECONDS} to ${MAX_EXPIRES_SECONDS} (7 days); got ${expires}`,
      { details: { expires, max: MAX_EXPIRES_SECONDS } },
    );
  }
}

interface SigningContext {
  readonly crypto: SignerCrypto;
  readonly dateTime: string;
  readonly scope: string;
  readonly signingKey: SigningKey;
  /** The string to sign without the canonical request's hash: algorithm, x-oss-date and scope lines. */
  readonly stringToSignPrefix: string;
  /** `{accessKeyId}/{scope}`, raw and percent-encoded for x-oss-credential. */
  readonly credential: string;
  readonly encodedCredential: string;
  /** `x-oss-credential=…&x-oss-date=…&x-oss-expires=`: the query string's per-second head, flat. */
  readonly queryHead: string;
}

interface RememberedContext extends SigningContext {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly region: string;
  readonly product: string;
  readonly cache: SigningKeyCache;
}

// Everything in a context changes at most once a second (x-oss-date). A server signing many URLs
// in a row with one credential reuses the last one, compared field by field.
let lastContext: RememberedContext | undefined;

function signingContext(input: SignV4Input): SigningContext {
  if (!(input.signTime instanceof Date) || Number.isNaN(input.signTime.getTime())) {
    throw new OssPresignError('INVALID_ARGUMENT', 'signTime must be a valid Date');
  }
  const credentials = input.credentials;
  if (!credentials?.accessKeyId || !credentials.accessKeySecret) {
    throw new OssPresignError('MISSING_CREDENTIALS', 'credentials need an accessKeyId and an accessKeySecret');
  }
  const crypto = input.crypto ?? defaultCrypto;
  const dateTime = formatDateTime(input.signTime);
  const product = input.product ?? DEFAULT_PRODUCT;
  const cache = input.signingKeyCache ?? sharedSigningKeyCache;
  const last = lastContext;
  if (
    last !== undefined && last.dateTime === dateTime && last.accessKeyId === credentials.accessKeyId &&
    last.accessKeySecret === credentials.accessKeySecret && last.region === input.region && last.product === product &&
    last.crypto === crypto && last.cache === cache
  ) {
    return last;
  }
  const date = dateTime.slice(0, 8);
  const scope = credentialScope(date, input.region, product);
  const credential = `${credentials.accessKeyId}/${scope}`;
  const encodedCredential = percentEncode(credential);
  lastContext = {
    crypto,
    dateTime,
    scope,
    stringToSignPrefix: stringToSignPrefix(dateTime, scope),
    signingKey: cache.get(crypto, credentials.accessKeySecret, date, input.region, product),
    credential,
    encodedCredential,
    queryHead: joinFlat(QUERY_CREDENTIAL, '=', encodedCredential, '&', QUERY_DATE, '=', dateTime, '&', QUERY_EXPIRES, '='),
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    region: input.region,
    product,
    cache,
  };
  return lastContext;
}

function signCanonicalRequest(context: SigningContext, request: string): { stringToSign: string; signature: string } {
  const hash = context.crypto.sha256Hex(request);
  return { stringToSign: `${context.stringToSignPrefix}${hash}`, signature: context.signingKey.signParts(context.stringToSignPrefix, hash) };
}

// The query string's fixed tail, joined once (see joinFlat).
const SIGNATURE_VERSION_TAIL = joinFlat('&', QUERY_SIGNATURE_VERSION, '=', V4_ALGORITHM);

// The signer's own parameters, in byte order of their names (doc "V4 signatures in presigned URLs"), as pairs to merge
// with a caller's query ...
function signerQueryPairs(
  context: SigningContext,
  expiresText: string,
  encodedAdditionalHeaders: string,
  encodedToken: string,
): EncodedQueryPair[] {
  const pairs: EncodedQueryPair[] = [];
  if (encodedAdditionalHeaders) pairs.push({ name: QUERY_ADDITIONAL_HEADERS, value: encodedAdditionalHeaders });
  pairs.push(
    { name: QUERY_CREDENTIAL, value: context.encodedCredential },
    { name: QUERY_DATE, value: context.dateTime },
    { name: QUERY_EXPIRES, value: expiresText },
  );
  if (encodedToken) pairs.push({ name: QUERY_SECURITY_TOKEN, value: encodedToken });
  pairs.push({ name: QUERY_SIGNATURE_VERSION, value: V4_ALGORITHM });
  return pairs;
}

// ... or, when there is none (a plain PutObject), straight as the canonical query string: the same
// order without the pair objects (about 1% of a presign; the vectors cover both forms), from the
// context's flat head (6%).
function signerQueryString(
  context: SigningContext,
  expiresText: string,
  encodedAdditionalHeaders: string,
  encodedToken: string,
): string {
  const additional = encodedAdditionalHeaders ? `${QUERY_ADDITIONAL_HEADERS}=${encodedAdditionalHeaders}&` : '';
  const token = encodedToken ? `&${QUERY_SECURITY_TOKEN}=${encodedToken}` : '';
  return `${additional}${context.queryHead}${expiresText}${token}${SIGNATURE_VERSION_TAIL}`;
}

function headerRecord(list: readonly CanonicalHeader[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const header of list) record[header.name] = header.value;
  return record;
}

/**
 * Signs a request in the presigned-URL form (OSS4-HMAC-SHA256 in the query string).
 *
 * @example
 * ```ts
 * const { queryString } = signV4Query({
 *   method: 'PUT', bucket: 'demo', key: 'a.txt', region: 'cn-hangzhou',
 *   credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' },
 *   headers: { 'content-type': 'text/plain' }, signTime: new Date(), expires: 600,
 * });
 * const url = `https://demo.oss-cn-hangzhou.aliyuncs.com/a.txt?${queryString}`;
 * ```
 */
export function signV4Query(input: SignV4Input): SignV4QueryResult {
  return signV4QueryForEncodedKey(input, input.key ? encodePath(input.key) : '');
}

/**
 * {@link signV4Query} for a key already encoded with `encodePath` (the key in `input` is then not
 * read): the presigner encodes a key once, for the signed path and the URL path alike.
 *
 * @example
 * ```ts
 * const encodedKey = encodePath(input.key);
 * const { queryString } = signV4QueryForEncodedKey(input, encodedKey);
 * const url = `https://${input.bucket}.oss-cn-hangzhou.aliyuncs.com/${encodedKey}?${queryString}`;
 * ```
 */
export function signV4QueryForEncodedKey(input: SignV4Input, encodedKey: string): SignV4QueryResult {
  const headers = input.headers ?? NO_HEADERS;
  assertHeaderValues(headers);
  const expires = input.expires ?? DEFAULT_EXPIRES_SECONDS;
  assertExpires(expires);
  const context = signingContext(input);
  const additionalHeaders = resolveAdditionalHeaders(input.additionalHeaders, headers);
  const additionalHeaderList = additionalHeaders.join(';');
  const expiresText = String(expires);
  const token = input.credentials.securityToken;

  const encodedAdditionalHeaders = additionalHeaderList ? percentEncode(additionalHeaderList) : '';
  const encodedToken = token ? percentEncode(token) : '';
  const callerPairs = encodeQuery(input.query);
  const canonicalQuery =
    callerPairs.length === 0
      ? signerQueryString(context, expiresText, encodedAdditionalHeaders, encodedToken)
      : canonicalQueryString(
          mergeSortedQuery(callerPairs, signerQueryPairs(context, expiresText, encodedAdditionalHeaders, encodedToken)),
        );
  const signedHeaders = signedHeaderList(headers, additionalHeaders);
  const uri = canonicalUriForEncodedKey(input.bucket, encodedKey);
  const request = canonicalRequest({
    method: input.method,
    canonicalUri: uri,
    canonicalQuery,
    canonicalHeaders: canonicalHeadersBlock(signedHeaders),
    additionalHeaders,
    hashedPayload: UNSIGNED_PAYLOAD,
  });
  const { stringToSign: toSign, signature } = signCanonicalRequest(context, request);

  const query: Record<string, string> = {
    'x-oss-signature-version': V4_ALGORITHM,
    'x-oss-credential': context.credential,
    'x-oss-date': context.dateTime,
    'x-oss-expires': expiresText,
  };
  if (additionalHeaderList) query[QUERY_ADDITIONAL_HEADERS] = additionalHeaderList;
  if (token) query[QUERY_SECURITY_TOKEN] = token;
  query[QUERY_SIGNATURE] = signature;
  return {
    query,
    signature,
    canonicalRequest: request,
    stringToSign: toSign,
    queryString: `${canonicalQuery}&${QUERY_SIGNATURE}=${signature}`,
    signedHeaders: headerRecord(signedHeaders),
    canonicalUri: uri,
  };
}

const SIGNER_OWNED_HEADERS = new Set([HEADER_DATE, HEADER_CONTENT_SHA256, HEADER_SECURITY_TOKEN, 'authorization']);

/**
 * Signs a request in the Authorization-header form. Sets x-oss-date (the signing time, overwriting
 * any caller value), `x-oss-content-sha256: UNSIGNED-PAYLOAD` and x-oss-security-token itself.
 *
 * @example
 * ```ts
 * const { headers } = signV4Header({
 *   method: 'POST', bucket: 'demo', key: 'big.bin', query: { uploads: null }, region: 'cn-hangzhou',
 *   credentials, signTime: new Date(),
 * });
 * await fetch(`https://demo.oss-cn-hangzhou.aliyuncs.com/big.bin?uploads`, { method: 'POST', headers });
 * ```
 */
export function signV4Header(input: SignV4Input): SignV4HeaderResult {
  const headers: Record<string, string> = {};
  for (const name in input.headers) {
    if (!SIGNER_OWNED_HEADERS.has(name.toLowerCase())) headers[name] = input.headers[name] as string;
  }
  assertHeaderValues(headers);
  const context = signingContext(input);
  headers[HEADER_DATE] = context.dateTime;
  headers[HEADER_CONTENT_SHA256] = UNSIGNED_PAYLOAD;
  if (input.credentials.securityToken) headers[HEADER_SECURITY_TOKEN] = input.credentials.securityToken;
  const additionalHeaders = resolveAdditionalHeaders(input.additionalHeaders, headers);

  const request = canonicalRequest({
    method: input.method,
    canonicalUri: canonicalUri(input.bucket, input.key),
    canonicalQuery: canonicalQueryString(encodeQuery(input.query)),
    canonicalHeaders: canonicalHeadersBlock(signedHeaderList(headers, additionalHeaders)),
    additionalHeaders,
    hashedPayload: UNSIGNED_PAYLOAD,
  });
  const { stringToSign: toSign, signature } = signCanonicalRequest(context, request);
  const additional = additionalHeaders.length > 0 ? `,AdditionalHeaders=${additionalHeaders.join(';')}` : '';
  const authorization = `${V4_ALGORITHM} Credential=${context.credential}${additional},Signature=${signature}`;
  headers.authorization = authorization;
  return { authorization, headers, signature, canonicalRequest: request, stringToSign: toSign };
}
