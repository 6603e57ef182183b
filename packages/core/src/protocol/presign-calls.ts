/**
 * The presign handler's protocol, spoken over fetch: one request per call (GET for the policy, POST for the rest), JSON both ways, the
 * server's `{ error: { code, message } }` turned into OssPresignError. Loaded with the first call.
 */

import { HTTP_STATUS_BY_CODE, OssPresignError, type OssPresignErrorCode } from '../errors/oss-presign-error.js';
import {
  type CompleteResponse,
  type InitiateResponse,
  type ListPartsResponse,
  PRESIGN_ROUTES,
  type PresignAction,
  type PresignPartsResponse,
  type UploadPolicyBody,
  presignMethodOf,
} from './wire.js';
import type { CallOptions, FileInfo, PresignClient, PresignClientOptions, PresignUploadRef } from './presign-client.js';

// Every error of this client names the `endpoint` it called in its details: the uploader reads
// that as "the presign endpoint failed" (PRESIGN_FAILED, upload/presign-failure.ts), unlike an
// OssPresignError from a caller's own callback (a local presigner's, say).
function errorFrom(status: number, payload: unknown, endpoint: string): OssPresignError {
  const error = (payload as { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | null)?.error;
  const known = typeof error?.code === 'string' && error.code in HTTP_STATUS_BY_CODE;
  const code = (known ? error?.code : status >= 500 ? 'UPSTREAM_ERROR' : 'BAD_REQUEST') as OssPresignErrorCode;
  const message = typeof error?.message === 'string' ? error.message : `The presign endpoint answered HTTP ${status}`;
  return new OssPresignError(code, message, { details: { status, requestId: error?.requestId, endpoint } });
}

function describe(file: FileInfo & { size: number }) {
  return {
    fileName: file.fileName ?? file.name ?? 'upload',
    // Parts and byte bodies have no type; the server needs one to sign, so they go as octet-stream.
    contentType: file.contentType || 'application/octet-stream',
    size: file.size,
    ...(file.metadata ? { metadata: file.metadata } : {}),
  };
}

/**
 * The presign client's calls (see `createPresignClient`, which loads this file with its first call).
 *
 * @example
 * ```ts
 * const api = createPresignCalls({ endpoint: '/api/oss' });
 * ```
 */
export function createPresignCalls(options: PresignClientOptions): PresignClient {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const handles = new Map<string, { key: string; uploadToken: string }>();

  async function call<T>(action: PresignAction, body: unknown, callOptions: CallOptions = {}): Promise<T> {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
    const url = `${endpoint}${PRESIGN_ROUTES[action]}`;
    let response: Response;
    try {
      const method = presignMethodOf(action);
      response = await fetchImpl(url, {
        method,
        headers: method === 'GET' ? { ...extra, accept: 'application/json' } : { ...extra, 'content-type': 'application/json', accept: 'application/json' },
        ...(method === 'GET' ? {} : { body: JSON.stringify(body) }),
        credentials: options.credentials ?? 'same-origin',
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
      });
    } catch (cause) {
      if (callOptions.signal?.aborted) throw cause;
      throw new OssPresignError('UPSTREAM_ERROR', 'The presign endpoint could not be reached', { cause, details: { endpoint: url } });
    }
    let payload: unknown;
    try {
      payload = await response.json();
    } catch (cause) {
      throw new OssPresignError('UPSTREAM_ERROR', `The presign endpoint answered HTTP ${response.status} without JSON`, {
        cause,
        details: { status: response.status, endpoint: url },
      });
    }
    if (!response.ok) throw errorFrom(response.status, payload, url);
    return payload as T;
  }

  const handleOf = (ref: PresignUploadRef) => {
    const known = handles.get(ref.uploadId);
    return { key: ref.key ?? known?.key, uploadId: ref.uploadId, uploadToken: ref.uploadToken ?? known?.uploadToken };
  };

  const presignUpload: PresignClient['presignUpload'] = (input, callOptions) =>
    call('upload', { ...describe(input), contentMd5: input.contentMd5, expires: input.expires }, callOptions);

  return {
    presignUpload,
    target: (file = {}) => (request, callOptions) => presignUpload({ ...file, ...request, contentType: request.contentType || file.contentType }, callOptions),
    async initiate(input, callOptions) {
      const started = await call<InitiateResponse>('initiate', { ...describe(input), partSize: input.partSize }, callOptions);
      handles.set(started.uploadId, { key: started.key, uploadToken: started.uploadToken });
      return started;
    },
    async presignParts(input, callOptions) {
      const parts = input.parts.map((part) => ({ partNumber: part.partNumber, contentMd5: part.contentMd5 }));
      return (await call<PresignPartsResponse>('presignParts', { ...handleOf(input), parts }, callOptions)).parts;
    },
    async complete(input, callOptions) {
      const parts = input.parts.map((part) => ({ partNumber: part.partNumber, etag: part.etag }));
      const done = await call<CompleteResponse>('complete', { ...handleOf(input), parts }, callOptions);
      handles.delete(input.uploadId);
      // The uploader reads the app's callback answer as `body`, the text OSS relayed.
      return done.callback === undefined ? done : { ...done, body: JSON.stringify(done.callback) };
    },
    async abort(input, callOptions) {
      await call('abort', handleOf(input), callOptions);
      handles.delete(input.uploadId);
    },
    async listParts(input, callOptions) {
      return (await call<ListPartsResponse>('listParts', handleOf(input), callOptions)).parts;
    },
    config: (callOptions) => call<UploadPolicyBody>('config', undefined, callOptions),
  };
}
