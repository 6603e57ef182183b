import { HTTP_STATUS_BY_CODE, OssPresignError, type OssPresignErrorCode } from '../errors/oss-presign-error.js';
import {
  type CompleteResponse,
  type InitiateResponse,
  type ListPartsResponse,
  PRESIGN_ROUTES,
  type PresignAction,
  type PresignPartsResponse,
  type PresignUploadResponse,
  type PresignedPartBody,
  type UploadPolicyBody,
  presignMethodOf,
} from './wire.js';
import type { ListedPart } from '../oss/list-parts.js';

// Browser-safe: this file imports neither the signer nor any node: module. Its method shapes are
// the uploader's callbacks (@oss-presign/core/upload), so `upload({ body, ...client })` just works.

export interface PresignClientOptions {
  /** Where the presign handler is mounted: `/api/oss` or an absolute URL. */
  readonly endpoint: string;
  /** fetch to use; the global one by default. */
  readonly fetch?: typeof fetch | undefined;
  /** Extra headers for every call (a CSRF token, an Authorization header), or a function giving them. */
  readonly headers?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>) | undefined;
  /** Cookie policy of the calls. Default `same-origin`. */
  readonly credentials?: 'omit' | 'same-origin' | 'include' | undefined;
}

/** Per-call context, as the uploader passes it. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
}

/** What the client needs to know about a file. `name` is what the uploader passes (File.name). */
export interface FileInfo {
  readonly fileName?: string | undefined;
  readonly name?: string | undefined;
  readonly contentType?: string | undefined;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
}

/** Identifies a multipart upload; key and token may be left out when this client started it. */
export interface PresignUploadRef {
  readonly uploadId: string;
  readonly key?: string | undefined;
  readonly uploadToken?: string | undefined;
}

/** The protocol's calls, shaped as the uploader's callbacks. Failures throw OssPresignError with the server's code. */
export interface PresignClient {
  /** `POST /upload`. Also usable as the uploader's `target` function (then the file is named `upload`). */
  presignUpload(input: FileInfo & { readonly size: number; readonly contentMd5?: string | undefined; readonly expires?: number | undefined }, options?: CallOptions): Promise<PresignUploadResponse>;
  /** A `target` function for the uploader that presigns with this file's name and metadata. */
  target(file?: FileInfo): (request: { size: number; contentType?: string | undefined; contentMd5?: string | undefined }, options?: CallOptions) => Promise<PresignUploadResponse>;
  initiate(input: FileInfo & { readonly size: number; readonly partSize?: number | undefined }, options?: CallOptions): Promise<InitiateResponse>;
  presignParts(input: PresignUploadRef & { readonly parts: readonly { partNumber: number; contentMd5?: string | undefined }[] }, options?: CallOptions): Promise<readonly PresignedPartBody[]>;
  complete(
    input: PresignUploadRef & { readonly parts: readonly { partNumber: number; etag: string }[] },
    options?: CallOptions,
  ): Promise<CompleteResponse & { readonly body?: string | undefined }>;
  abort(input: PresignUploadRef, options?: CallOptions): Promise<void>;
  listParts(input: PresignUploadRef, options?: CallOptions): Promise<readonly ListedPart[]>;
  /** `GET /config`: the handler's upload policy, for checks before any presign. */
  config(options?: CallOptions): Promise<UploadPolicyBody>;
}

function errorFrom(status: number, payload: unknown): OssPresignError {
  const error = (payload as { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | null)?.error;
  const known = typeof error?.code === 'string' && error.code in HTTP_STATUS_BY_CODE;
  const code = (known ? error?.code : status >= 500 ? 'UPSTREAM_ERROR' : 'BAD_REQUEST') as OssPresignErrorCode;
  const message = typeof error?.message === 'string' ? error.message : `The presign endpoint answered HTTP ${status}`;
  return new OssPresignError(code, message, { details: { status, requestId: error?.requestId } });
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
 * A small client for the presign handler's protocol, for browsers and Node. Its methods are the
 * uploader's callbacks, so wiring takes two lines; it remembers the key and upload token of every
 * upload it starts (the uploader also saves the token in its resume state).
 *
 * @example
 * ```ts
 * const api = createPresignClient({ endpoint: '/api/oss' });
 * const result = await upload({ body: file, ...api, target: api.target(file) });
 * ```
 */
export function createPresignClient(options: PresignClientOptions): PresignClient {
  if (!options || typeof options.endpoint !== 'string') throw new TypeError('createPresignClient needs { endpoint }');
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const handles = new Map<string, { key: string; uploadToken: string }>();

  async function call<T>(action: PresignAction, body: unknown, callOptions: CallOptions = {}): Promise<T> {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
    let response: Response;
    try {
      const method = presignMethodOf(action);
      response = await fetchImpl(`${endpoint}${PRESIGN_ROUTES[action]}`, {
        method,
        headers: method === 'GET' ? { ...extra, accept: 'application/json' } : { ...extra, 'content-type': 'application/json', accept: 'application/json' },
        ...(method === 'GET' ? {} : { body: JSON.stringify(body) }),
        credentials: options.credentials ?? 'same-origin',
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
      });
    } catch (cause) {
      if (callOptions.signal?.aborted) throw cause;
      throw new OssPresignError('UPSTREAM_ERROR', 'The presign endpoint could not be reached', { cause });
    }
    let payload: unknown;
    try {
      payload = await response.json();
    } catch (cause) {
      throw new OssPresignError('UPSTREAM_ERROR', `The presign endpoint answered HTTP ${response.status} without JSON`, {
        cause,
        details: { status: response.status },
      });
    }
    if (!response.ok) throw errorFrom(response.status, payload);
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
