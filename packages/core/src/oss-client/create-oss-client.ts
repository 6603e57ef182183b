import type { OssCallback, OssCallbackVar } from '../callback/callback-param.js';
import { OssPresignError } from '../errors/oss-presign-error.js';
import type { Presigner } from '../presigner/create-presigner.js';
import type { PresignRequest } from '../presigner/operations.js';
import { ossResponseError } from './oss-response-error.js';
import { completeMultipartXml } from '../shared/complete-multipart-xml.js';
import { parseOssXml } from './oss-xml.js';

/** The fetch this client needs (the global one by default). */
export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array<ArrayBuffer> }) => Promise<Response>;

/** A part as ListParts reports it. */
export interface OssListedPart {
  partNumber: number;
  etag: string;
  size: number;
  crc64?: string;
  lastModified?: string;
}

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
  listParts(input: { key: string; uploadId: string }): Promise<OssListedPart[]>;
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

function text(node: unknown): string | undefined {
  return typeof node === 'string' ? node : undefined;
}

/**
 * A small OSS client for the calls a presign server makes itself (doc "Multipart upload";
 * oss-server.md 5). It signs with the presigner's `signRequest` (V4 header form) and sends with
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
      const result = parseOssXml(response.bodyText)?.InitiateMultipartUploadResult as Record<string, unknown> | undefined;
      const uploadId = text(result?.UploadId);
      if (!uploadId) throw new OssPresignError('UPSTREAM_ERROR', 'InitiateMultipartUpload answered without an UploadId');
      return { bucket: text(result?.Bucket) ?? presigner.bucket ?? '', key: input.key, uploadId };
    },

    async completeMultipartUpload(input) {
      const { parts, ...rest } = input;
      const response = await send('CompleteMultipartUpload', { operation: 'CompleteMultipartUpload', ...rest }, completeMultipartXml(parts));
      // 203: the object is stored but the app's callback failed (oss-signing.md 3.4); the SDKs report an error.
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
      const result = parseOssXml(response.bodyText)?.CompleteMultipartUploadResult as Record<string, unknown> | undefined;
      return { etag: text(result?.ETag) ?? response.headers.get('etag') ?? undefined, ...withCrc };
    },

    async abortMultipartUpload(input) {
      await send('AbortMultipartUpload', { operation: 'AbortMultipartUpload', ...input });
    },

    async listParts(input) {
      const parts: OssListedPart[] = [];
      let marker: number | undefined;
      // ListParts pages at 1000 parts (max-parts); a 10000-part upload needs up to ten calls.
      for (let page = 0; page < 11; page++) {
        const response = await send('ListParts', { operation: 'ListParts', ...input, maxParts: 1000, partNumberMarker: marker });
        const result = (parseOssXml(response.bodyText)?.ListPartsResult ?? {}) as Record<string, unknown>;
        for (const part of (result.Part as Record<string, unknown>[] | undefined) ?? []) {
          const lastModified = text(part.LastModified);
          const crc64 = text(part.HashCrc64ecma);
          parts.push({
            partNumber: Number(part.PartNumber),
            etag: text(part.ETag) ?? '',
            size: Number(part.Size),
            ...(crc64 ? { crc64 } : {}),
            ...(lastModified ? { lastModified } : {}),
          });
        }
        if (text(result.IsTruncated) !== 'true') return parts;
        marker = Number(text(result.NextPartNumberMarker));
        if (!Number.isSafeInteger(marker)) break;
      }
      throw new OssPresignError('UPSTREAM_ERROR', 'ListParts did not finish paging');
    },

    async listObjects(input = {}) {
      const query: Record<string, string> = { 'list-type': '2', 'max-keys': String(input.maxKeys ?? 1000) };
      if (input.prefix) query.prefix = input.prefix;
      const response = await send('ListObjectsV2', { operation: 'Generic', method: 'GET', query });
      const result = (parseOssXml(response.bodyText)?.ListBucketResult ?? {}) as Record<string, unknown>;
      const contents = result.Contents;
      const list = (Array.isArray(contents) ? contents : contents ? [contents] : []) as Record<string, unknown>[];
      return list.map((object) => {
        const lastModified = text(object.LastModified);
        return { key: text(object.Key) ?? '', size: Number(object.Size), etag: text(object.ETag) ?? '', ...(lastModified ? { lastModified } : {}) };
      });
    },
  };
}
