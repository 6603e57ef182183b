import type { ListedPart } from '../oss/list-parts.js';
import type { CompleteResponse, InitiateResponse, PresignUploadResponse, PresignedPartBody, UploadPolicyBody } from './wire.js';

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

/** Where the request code comes from: the module that exports `createPresignCalls` (./presign-calls.ts). */
export type PresignCallsLoader = () => Promise<{ readonly createPresignCalls: (options: PresignClientOptions) => PresignClient }>;

/**
 * The presign client over a loader of its request code (./presign-calls.ts). Each entry's
 * `createPresignClient` names the module that brings it: the browser entry its engine's chunk, so
 * a page fetches one chunk with the first upload, not one per piece.
 *
 * @example
 * ```ts
 * const api = presignClientWith(() => import('./presign-calls.js'), { endpoint: '/api/oss' });
 * ```
 */
export function presignClientWith(loadCalls: PresignCallsLoader, options: PresignClientOptions): PresignClient {
  if (!options || typeof options.endpoint !== 'string') throw new TypeError('createPresignClient needs { endpoint }');
  let calls: Promise<PresignClient> | undefined;
  const load = (): Promise<PresignClient> => {
    calls ??= loadCalls().then((module) => module.createPresignCalls(options));
    return calls;
  };
  return {
    presignUpload: async (input, callOptions) => (await load()).presignUpload(input, callOptions),
    target: (file) => async (request, callOptions) => (await load()).target(file)(request, callOptions),
    initiate: async (input, callOptions) => (await load()).initiate(input, callOptions),
    presignParts: async (input, callOptions) => (await load()).presignParts(input, callOptions),
    complete: async (input, callOptions) => (await load()).complete(input, callOptions),
    abort: async (input, callOptions) => (await load()).abort(input, callOptions),
    listParts: async (input, callOptions) => (await load()).listParts(input, callOptions),
    config: async (callOptions) => (await load()).config(callOptions),
  };
}
