import type { OssCallback, OssCallbackVar } from '../callback/callback-param.js';
import { OssPresignError } from '../errors/oss-presign-error.js';
import type { Presigner } from '../presigner/create-presigner.js';
import type { PresignRequest } from '../presigner/operations.js';
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

/**
 * A small OSS client for the calls a presign server makes itself (doc "Multipart upload").. It signs with the presigner's `signRequest` (V4 header form) and sends with
 * fetch; the Complete body goes as bytes so fetch adds no unsigned Content-Type.
 *
 * @example
 * ```ts
 * const oss = createOssClient(presigner);
 * const { uploadId } = await oss.initiateMultipartUpload({ key: 'uploads/big.bin', contentType: 'application/zip' });
 * ```
 */
export function createOssClient(presigner: Presigner, fetchImpl: FetchLike = (input, init) => fetch(input, init)): OssClient {
  async function send(operation: string, request: PresignRequest, body?: string): Promise<Response & { bodyText: string }> {
    const signed = await presigner.signRequest(request);
    let response: Response;
    try {
      response = await fetchImpl(signed.url, { method: signed.method, headers: signed.headers, ...(body === undefined ? {} : { body: encoder.encode(body) }) });
    } catch (cause) {
      throw new OssPresignError('UPSTREAM_ERROR', `${operation} failed: OSS is unreachable`, { cause, details: { operation } });
    }
    const bodyText = await response.text();
    if (!response.ok) throw ossResponseError(response.status, bodyText, operation);
    return Object.assign(response, { bodyText });
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
