import {
  DEFAULT_PRODUCT,
  type QueryValue,
  type SigningKeyCache,
  UNSIGNED_PAYLOAD,
  canonicalHeadersBlock,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  credentialScope,
  defaultCrypto,
  encodeQuery,
  signedHeaderList,
  stringToSign,
} from '@oss-presign/core/signer';
import { OssServiceError } from '../http/errors.js';
import type { QueryParams } from '../http/query.js';
import { hexBytes } from './compare.js';

/** The request as the V4 canonicaliser sees it. */
export interface V4RequestParts {
  readonly method: string;
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  readonly query: QueryParams;
  readonly headers: Readonly<Record<string, string>>;
  /** Lower-case names from x-oss-additional-headers or the AdditionalHeaders field. */
  readonly additionalHeaders: readonly string[];
  /** x-oss-date, `yyyymmddTHHMMSSZ`. */
  readonly dateTime: string;
  readonly region: string;
  readonly secret: string;
  readonly signingKeyCache: SigningKeyCache;
}

/** The server's side of a V4 signature, kept for the SignatureDoesNotMatch answer. */
export interface V4Computation {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
}

function signedQuery(query: QueryParams): Record<string, QueryValue> {
  const record: Record<string, QueryValue> = {};
  // Every parameter is signed except the signature itself (OSS doc "Include a V4 signature in a URL").
  for (const [name, value] of query) if (name !== 'x-oss-signature') record[name] = value;
  return record;
}

/**
 * Recomputes a V4 signature with the core signer's own canonicalisation: the bucket is always in
 * the canonical URI whatever the addressing style, and the payload hash is the x-oss-content-sha256
 * header or UNSIGNED-PAYLOAD (OSS doc "Signature Version 4 (recommended)").
 *
 * @example
 * ```ts
 * const { signature } = computeV4Signature({ method: 'PUT', bucket: 'demo', key: 'a', query, headers,
 *   additionalHeaders: [], dateTime: '20240101T000000Z', region: 'cn-hangzhou', secret, signingKeyCache });
 * ```
 */
export function computeV4Signature(parts: V4RequestParts): V4Computation {
  const request = canonicalRequest({
    method: parts.method,
    canonicalUri: canonicalUri(parts.bucket, parts.key),
    canonicalQuery: canonicalQueryString(encodeQuery(signedQuery(parts.query))),
    canonicalHeaders: canonicalHeadersBlock(signedHeaderList(parts.headers, parts.additionalHeaders)),
    additionalHeaders: parts.additionalHeaders,
    hashedPayload: parts.headers['x-oss-content-sha256'] || UNSIGNED_PAYLOAD,
  });
  const date = parts.dateTime.slice(0, 8);
  const scope = credentialScope(date, parts.region, DEFAULT_PRODUCT);
  const toSign = stringToSign(parts.dateTime, scope, defaultCrypto.sha256Hex(request));
  // The cache keeps one derived key per (secret, day, region): the hot path never re-derives it.
  const signingKey = parts.signingKeyCache.get(defaultCrypto, parts.secret, date, parts.region, DEFAULT_PRODUCT);
  return { canonicalRequest: request, stringToSign: toSign, signature: signingKey.sign(toSign) };
}

/**
 * The 403 SignatureDoesNotMatch answer for V4, with the server's StringToSign and CanonicalRequest
 * so users can diff them against their own (OSS doc "Error responses").
 *
 * @example
 * ```ts
 * throw v4SignatureMismatch(computation, accessKeyId, providedSignature);
 * ```
 */
export function v4SignatureMismatch(computation: V4Computation, accessKeyId: string, provided: string): OssServiceError {
  return new OssServiceError('SignatureDoesNotMatch', {
    details: {
      OSSAccessKeyId: accessKeyId,
      SignatureProvided: provided,
      StringToSign: computation.stringToSign,
      StringToSignBytes: hexBytes(computation.stringToSign),
      CanonicalRequest: computation.canonicalRequest,
      CanonicalRequestBytes: hexBytes(computation.canonicalRequest),
    },
  });
}
