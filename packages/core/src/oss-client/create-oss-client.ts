import type { OssCallback, OssCallbackVar } from '../callback/callback-param.js';
import { OssPresignError } from '../errors/oss-presign-error.js';
import type { Presigner } from '../presigner/create-presigner.js';
import type { PresignRequest } from '../presigner/operations.js';
import { readOssFailure } from '../oss/classify.js';
import { serverTimeOf } from '../oss/clock-offset.js';
import { parseDateTime } from '../oss/date-time.js';
import { MAX_LIST_PARTS_PAGE } from '../oss/limits.js';
import { type ListedPart, listAllParts } from '../oss/list-parts.js';
import { xmlElementText, xmlElements } from '../oss/xml.js';
import { completeMultipartXml } from '../shared/complete-multipart-xml.js';
import { ossResponseError } from './oss-response-error.js';

/** The fetch this client needs (the global one by default). */
export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array<ArrayBuffer> }) => Promise<Response>;

/** The server's own multipart calls to OSS, signed with an Authorization header. */
export interface OssClient {
  initiateMultipartUpload(input: {
    key: string;
    contentType?: string | undefined;
    metadata?: Readonly<Record<string, string>> | undefined;
    forbidOverwrite?: boolean | undefined;
  }): Promise<{ bucket: string; key: string; uploadId: string }>;
  completeMultipartUpload(input: {
    key: string;
    uploadId: string;
    parts: readonly { partNumber: number; etag: string }[];
    forbidOverwrite?: boolean | undefined;
    callback?: OssCallback | undefined;
    callbackVar?: OssCallbackVar | undefined;
  }): Promise<{ etag?: string | undefined; crc64?: string | undefined; callback?: unknown }>;
  abortMultipartUpload(input: { key: string; uploadId: string }): Promise<void>;
  listParts(input: { key: string; uploadId: string }): Promise<ListedPart[]>;
  /** ListObjectsV2, one page (at most 1000 keys), for apps that show what was uploaded. */
  listObjects(input?: { prefix?: string | undefined; maxKeys?: number | undefined }): Promise<OssListedObject[]>;
}

/** An object as ListObjectsV2 reports it. */
export interface OssListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified?: string;
}

const encoder = new TextEncoder();

/** How far OSS's clock is ahead of the time a request was signed at, ms; `undefined` when unknown. */
function measuredSkew(result: { response: Response; bodyText: string; signedAt: Date | undefined }): number | undefined {
  const serverTime = serverTimeOf(result.bodyText, result.response.headers.get('date'));
  if (!serverTime || !result.signedAt) return undefined;
  return serverTime.getTime() - result.signedAt.getTime();
}

/**
 * A small OSS client for the calls a presign server makes itself (doc "Multipart upload").. It signs with the presigner's `signRequest` (V4 header form) and sends with
 * fetch; the Complete body goes as bytes so fetch adds no unsigned Content-Type. On
 * RequestTimeTooSkewed it learns OSS's clock into `presigner.clockOffset`, signs again once, and
 * otherwise fails with UPSTREAM_ERROR naming `clockOffsetMs` and the measured skew.
 *
 * @example
 * ```ts
 * const oss = createOssClient(presigner);
 * const { uploadId } = await oss.initiateMultipartUpload({ key: 'uploads/big.bin', contentType: 'application/zip' });
 * ```
 */
export function createOssClient(presigner: Presigner, fetchImpl: FetchLike = (input, init) => fetch(input, init)): OssClient {
  async function attempt(operation: string, request: PresignRequest, body: string | undefined) {
    const signed = await presigner.signRequest(request);
    let response: Response;
    try {
      response = await fetchImpl(signed.url, { method: signed.method, headers: signed.headers, ...(body === undefined ? {} : { body: encoder.encode(body) }) });
    } catch (cause) {
      throw new OssPresignError('UPSTREAM_ERROR', `${operation} failed: OSS is unreachable`, { cause, details: { operation } });
    }
    return { response, bodyText: await response.text(), signedAt: parseDateTime(signed.headers['x-oss-date'] ?? '') };
  }

  async function send(operation: string, request: PresignRequest, body?: string): Promise<Response & { bodyText: string }> {
    let result = await attempt(operation, request, body);
    const clockOffset = presigner.clockOffset;
    if (!result.response.ok && clockOffset && readOssFailure(result.response.status, result.bodyText).kind === 'clock-skew') {
      // As the OSS Go SDK v2: learn OSS's clock from its answer, sign again once, and keep the
      // correction for every later signature and presigned URL (doc "Error responses", RequestTimeTooSkewed).
      const skewMs = measuredSkew(result);
      if (skewMs !== undefined) {
        clockOffset.set(clockOffset.get() + skewMs);
        result = await attempt(operation, request, body);
        if (!result.response.ok && readOssFailure(result.response.status, result.bodyText).kind === 'clock-skew') {
          const stillMs = measuredSkew(result);
          throw new OssPresignError(
            'UPSTREAM_ERROR',
            `${operation} failed: OSS answered RequestTimeTooSkewed again after the clock was corrected by clockOffsetMs ${clockOffset.get()}; ` +
              `the request was still ${stillMs === undefined ? 'an unknown amount' : `${stillMs} ms`} off OSS's clock. Fix the host clock (NTP) or pass clockOffsetMs to createPresigner`,
            { details: { operation, clockOffsetMs: clockOffset.get(), skewMs: stillMs, firstSkewMs: skewMs } },
          );
        }
      }
    }
    if (!result.response.ok) throw ossResponseError(result.response.status, result.bodyText, operation);
    return Object.assign(result.response, { bodyText: result.bodyText });
  }

  return {
    async initiateMultipartUpload(input) {
      const response = await send('InitiateMultipartUpload', { operation: 'InitiateMultipartUpload', ...input });
      const uploadId = xmlElementText(response.bodyText, 'UploadId');
      if (!uploadId) throw new OssPresignError('UPSTREAM_ERROR', 'InitiateMultipartUpload answered without an UploadId');
      return { bucket: xmlElementText(response.bodyText, 'Bucket') ?? presigner.bucket ?? '', key: input.key, uploadId };
    },

    async completeMultipartUpload(input) {
      const { parts, ...rest } = input;
      const response = await send('CompleteMultipartUpload', { operation: 'CompleteMultipartUpload', ...rest }, completeMultipartXml(parts));
      // 203: the object is stored but the app's callback failed (doc "Callback"); the SDKs report an error.
      if (response.status === 203) throw ossResponseError(203, response.bodyText, 'CompleteMultipartUpload');
      const crc64 = response.headers.get('x-oss-hash-crc64ecma') ?? undefined;
      const withCrc = crc64 === undefined ? {} : { crc64 };
      if (input.callback) {
        // With a callback OSS answers with the app's JSON instead of the XML result (doc "Callback").
        let callback: unknown = response.bodyText;
        try {
          callback = JSON.parse(response.bodyText) as unknown;
        } catch {
          // keep the text
        }
        return { etag: response.headers.get('etag') ?? undefined, ...withCrc, callback };
      }
      return { etag: xmlElementText(response.bodyText, 'ETag') ?? response.headers.get('etag') ?? undefined, ...withCrc };
    },

    async abortMultipartUpload(input) {
      await send('AbortMultipartUpload', { operation: 'AbortMultipartUpload', ...input });
    },

    listParts(input) {
      return listAllParts(
        async (marker) =>
          (await send('ListParts', { operation: 'ListParts', ...input, maxParts: MAX_LIST_PARTS_PAGE, partNumberMarker: marker })).bodyText,
        (message) => new OssPresignError('UPSTREAM_ERROR', message, { details: { operation: 'ListParts' } }),
      );
    },

    async listObjects(input = {}) {
      const query: Record<string, string> = { 'list-type': '2', 'max-keys': String(input.maxKeys ?? 1000) };
      if (input.prefix) query.prefix = input.prefix;
      const response = await send('ListObjectsV2', { operation: 'Generic', method: 'GET', query });
      return xmlElements(response.bodyText, 'Contents').map((object) => {
        const lastModified = xmlElementText(object, 'LastModified');
        return {
          key: xmlElementText(object, 'Key') ?? '',
          size: Number(xmlElementText(object, 'Size')),
          etag: xmlElementText(object, 'ETag') ?? '',
          ...(lastModified ? { lastModified } : {}),
        };
      });
    },
  };
}
