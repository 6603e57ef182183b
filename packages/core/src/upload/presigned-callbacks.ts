/**
 * Multipart callbacks where every OSS call goes through a presigned URL: the app server (or a
 * server-side presigner) only signs, and the uploader itself POSTs ?uploads, PUTs the parts,
 * POSTs the Complete XML, DELETEs on abort and GETs every ListParts page. OSS's XML is read by
 * oss/xml.ts, the reader the server's OSS client uses too (why it is not an XML library: see there).
 */

import { completeMultipartXml } from '../shared/complete-multipart-xml.js';
import { bytesPayload } from './body.js';
import { diagnosedError } from './error-from-response.js';
import { OssUploadError } from './errors.js';
import { requestHeaders } from './send-once.js';
import { validateTarget } from './target-slot.js';
import { listAllParts } from '../oss/list-parts.js';
import { xmlElementText } from '../oss/xml.js';
import type { CompleteResult, MultipartCallbacks, PresignedPart } from './multipart.js';
import { type Transport, type TransportResponse, defaultWebTransport } from './transport.js';
import type { PresignedTarget } from './types.js';

/** The operations the callbacks ask to presign, shaped like the presigner's input (minus key). */
export type PresignOperationRequest =
  | { readonly operation: 'InitiateMultipartUpload'; readonly contentType?: string | undefined }
  | { readonly operation: 'UploadPart'; readonly uploadId: string; readonly partNumber: number; readonly contentMd5?: string | undefined }
  | { readonly operation: 'CompleteMultipartUpload'; readonly uploadId: string }
  | { readonly operation: 'AbortMultipartUpload'; readonly uploadId: string }
  | { readonly operation: 'ListParts'; readonly uploadId: string; readonly partNumberMarker?: number | undefined };

export interface PresignedMultipartOptions {
  /** Presigns one operation for the object being uploaded. */
  readonly presign: (request: PresignOperationRequest, context: { readonly signal: AbortSignal }) => Promise<PresignedTarget>;
  /** Default: XHR in browsers, fetch elsewhere. Pass the Node entry's transport in Node. */
  readonly transport?: Transport | undefined;
  readonly now?: (() => number) | undefined;
}

const DEFAULT_METHOD: Readonly<Record<PresignOperationRequest['operation'], string>> = {
  InitiateMultipartUpload: 'POST',
  UploadPart: 'PUT',
  CompleteMultipartUpload: 'POST',
  AbortMultipartUpload: 'DELETE',
  ListParts: 'GET',
};

/**
 * Multipart callbacks that presign each OSS call and send it from here. Hand them to
 * `uploadMultipart` or `upload` when your server exposes a "presign this operation" endpoint.
 *
 * @example
 * ```ts
 * const callbacks = presignedMultipart({
 *   presign: (request) => presigner.presign({ ...request, key: 'videos/big.mp4' }),
 * });
 * await uploadMultipart({ body: file, ...callbacks });
 * ```
 */
export function presignedMultipart(options: PresignedMultipartOptions): Required<MultipartCallbacks> {
  const transport = options.transport ?? defaultWebTransport();
  const now = options.now ?? Date.now;

  const call = async (request: PresignOperationRequest, signal: AbortSignal, body?: string): Promise<TransportResponse> => {
    const target = validateTarget(await options.presign(request, { signal }));
    const fetchedAt = now();
    const headers = requestHeaders(target);
    const response = await transport.send({
      method: target.method ?? DEFAULT_METHOD[request.operation],
      url: target.url,
      headers,
      // Bytes, not a string: a string body would make fetch/XHR add an unsigned text/plain type.
      body: body === undefined ? undefined : bytesPayload(new TextEncoder().encode(body)),
      signal,
    });
    if (response.status < 200 || response.status >= 300 || response.status === 203) {
      throw await diagnosedError(response, { target, sent: { url: target.url, headers }, now: now(), targetFetchedAt: fetchedAt });
    }
    return response;
  };

  return {
    async initiate(input, { signal }) {
      const response = await call({ operation: 'InitiateMultipartUpload', contentType: input.contentType }, signal);
      const uploadId = xmlElementText(response.body, 'UploadId');
      if (!uploadId) throw new OssUploadError('HTTP_ERROR', 'InitiateMultipartUpload answered without an UploadId', { status: response.status });
      return { uploadId, key: xmlElementText(response.body, 'Key') };
    },
    async presignParts(input, { signal }) {
      return Promise.all(
        input.parts.map(
          async (part): Promise<PresignedPart> => ({
            ...(await options.presign(
              { operation: 'UploadPart', uploadId: input.uploadId, partNumber: part.partNumber, contentMd5: part.contentMd5 },
              { signal },
            )),
            partNumber: part.partNumber,
          }),
        ),
      );
    },
    async complete(input, { signal }): Promise<CompleteResult> {
      const response = await call({ operation: 'CompleteMultipartUpload', uploadId: input.uploadId }, signal, completeMultipartXml(input.parts));
      return {
        etag: xmlElementText(response.body, 'ETag') ?? response.headers.etag,
        crc64: response.headers['x-oss-hash-crc64ecma'],
        location: xmlElementText(response.body, 'Location'),
        requestId: response.headers['x-oss-request-id'],
        body: response.body,
      };
    },
    async abort(input, { signal }) {
      await call({ operation: 'AbortMultipartUpload', uploadId: input.uploadId }, signal);
    },
    listParts(input, { signal }) {
      return listAllParts(
        async (marker) => (await call({ operation: 'ListParts', uploadId: input.uploadId, partNumberMarker: marker }, signal)).body,
        (message) => new OssUploadError('HTTP_ERROR', message, { retryable: false }),
      );
    },
  };
}
