// @oss-presign/core/upload: the browser-safe uploader entry. Named exports only.
//
// This entry imports nothing from the signer, @noble/hashes, fast-xml-parser or any node: module,
// so a browser bundle of it stays a few KiB (packages/tests/test/upload-bundle.test.ts checks).
// Node-only pieces (file-path and Readable bodies, the node:http transport that counts bytes as
// they are written, the JSON-file resume store) live in the separate `@oss-presign/core/upload/node`
// entry rather than behind `process.getBuiltinModule` here: a separate entry keeps their code out
// of browser bundles entirely (not just unexecuted), gives them static `node:` imports that every
// bundler and type checker understands, and lets Node callers opt in explicitly.

import type { AutoUploadResult, UploadOptions } from './upload/auto.js';
import type { WebUploadBody } from './upload/body.js';
import type { MultipartUploadResult, UploadMultipartOptions } from './upload/multipart.js';
import type { UploadObjectOptions } from './upload/put-object.js';
import type { CreateUploaderOptions } from './upload/store/options.js';
import { type PresignClient, type PresignClientOptions, presignClientWith } from './protocol/presign-client.js';
import { type Uploader, createUploaderWith } from './upload/store/create-uploader.js';
import type { UploadResult } from './upload/types.js';

// Everything an upload needs beyond the page's few KiB (the engine, the store's reducer and policy
// check, the presign client's requests) is this one module, so bundlers make it one lazy chunk.
const loadEngine = () => import('./upload/web-engine.js');

/**
 * Uploads a body with one PUT to a presigned URL, sending exactly the signed headers, with
 * progress, retries, abort and a CRC-64 check against OSS.
 *
 * @example
 * ```ts
 * const target = await fetch('/api/presign', { method: 'POST', body: JSON.stringify({ key }) }).then((r) => r.json());
 * const { etag, verified } = await uploadObject({
 *   target, body: file, onProgress: (p) => (bar.value = p.percent), signal: controller.signal,
 * });
 * ```
 */
export function uploadObject(options: UploadObjectOptions<WebUploadBody>): Promise<UploadResult> {
  return import('./upload/web-put.js').then((engine) => engine.uploadObjectWeb(options));
}

/**
 * Uploads a body in parts through per-part presigned URLs: parallel, each part retried alone,
 * resumable, CRC-64 checked per part and for the whole object.
 *
 * @example
 * ```ts
 * const result = await uploadMultipart({
 *   body: file,
 *   initiate: (input) => api('initiate', input),
 *   presignParts: (input) => api('presign-parts', input),
 *   complete: (input) => api('complete', input),
 *   abort: (input) => api('abort', input),
 *   listParts: (input) => api('list-parts', input),
 *   resume: { store: createLocalStorageStore() },
 *   onProgress: (p) => console.log(p.percent, p.part?.partNumber),
 * });
 * ```
 */
export function uploadMultipart(options: UploadMultipartOptions<WebUploadBody>): Promise<MultipartUploadResult> {
  return loadEngine().then((engine) => engine.uploadMultipartWeb(options));
}

/**
 * Uploads with a single PUT up to `multipartThreshold` (100 MiB by default), multipart above it.
 *
 * @example
 * ```ts
 * const result = await upload({ body: file, target: presignPut, ...presignedMultipart({ presign }) });
 * result.mode; // 'put' or 'multipart'
 * ```
 */
export function upload(options: UploadOptions<WebUploadBody>): Promise<AutoUploadResult> {
  return loadEngine().then((engine) => engine.uploadWeb(options));
}

/**
 * A small client for the presign handler's protocol, for browsers and Node. Its methods are the
 * uploader's callbacks, so wiring takes two lines; it remembers the key and upload token of every
 * upload it starts (the uploader also saves the token in its resume state). Failures throw
 * OssPresignError with the server's code. The request code loads with the first call, in the
 * engine's chunk, so a page that only creates an uploader does not carry it.
 *
 * @example
 * ```ts
 * const api = createPresignClient({ endpoint: '/api/oss' });
 * const result = await upload({ body: file, ...api, target: api.target(file) });
 * ```
 */
export function createPresignClient(options: PresignClientOptions): PresignClient {
  return presignClientWith(loadEngine, options);
}

/** What the browser store takes as a file: a File, a Blob, bytes or a ReadableStream (with `size`). */
export type UploaderBody = Exclude<WebUploadBody, string>;

/**
 * Creates the uploader store: upload files through the presign handler at `endpoint`, and
 * subscribe to one snapshot of every file's state and progress. Options are checked here
 * (OssUploadError INVALID_OPTIONS); nothing touches `window` until an upload starts.
 *
 * @example
 * ```ts
 * const uploader = createUploader({ endpoint: '/api/oss' });
 * const unsubscribe = uploader.subscribe(() => render(uploader.getSnapshot()));
 * const [outcome] = await uploader.upload(input.files[0]);
 * if (outcome.status === 'success') console.log(outcome.result.key);
 * // React: useSyncExternalStore(uploader.subscribe, uploader.getSnapshot, uploader.getServerSnapshot)
 * ```
 */
export function createUploader(options: CreateUploaderOptions): Uploader<UploaderBody> {
  return createUploaderWith<UploaderBody>(
    {
      // The engine loads with the first upload, not with the page.
      upload: async (engineOptions) => (await loadEngine()).uploadWeb(engineOptions),
      describe: async (body) => (await loadEngine()).describeWebBody(body),
      loadStore: loadEngine,
    },
    options,
  );
}

// Values: what an app calls. Every file named here loads with the page (bundlers split by file), so
// each is small and holds nothing only the engine needs. Engine internals (XML reading, part
// planning, retry timing) stay inside, so they load on demand and can change without a major version.
export { DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE, MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE } from './upload/defaults.js';
export { OssUploadError } from './upload/errors.js';
export { presignedMultipart } from './upload/presigned-callbacks.js';
export { OssPresignError } from './upload/presign-error.js';
// No `createMd5` here: the built-in MD5 loads on demand (`integrity: { contentMd5: true }`), and a
// static export would put it in every page. The Node entry exports it.
export { createLocalStorageStore, createMemoryStore } from './upload/resume-store.js';
export { createFetchTransport, createXhrTransport } from './upload/transport.js';
// Types: the shapes of options, results, callbacks and errors.
export type { AutoUploadResult, UploadOptions } from './upload/auto.js';
export type { BodyPayload, BodySource, RandomAccessSource, SequentialSource, WebUploadBody } from './upload/body.js';
export type { OssUploadErrorCode, OssUploadErrorOptions } from './upload/errors.js';
export type { OssErrorDetails } from './oss/error-xml.js';
export type { OssPresignErrorCode } from './errors/oss-presign-error.js';
export type { SignatureHintCause } from './upload/hint.js';
export type { IncrementalDigest, Md5Factory } from './upload/md5.js';
export type {
  CompleteInput,
  CompleteResult,
  CompletedPartRef,
  InitiateInput,
  InitiateResult,
  ListedPart,
  MultipartCallbacks,
  MultipartUploadResult,
  PartToSign,
  PresignPartsInput,
  PresignedPart,
  ResumeOptions,
  UploadMultipartOptions,
  UploadRef,
} from './upload/multipart.js';
export type { PresignOperationRequest, PresignedMultipartOptions } from './upload/presigned-callbacks.js';
export type { PartProgress, UploadPhase, UploadProgress } from './upload/progress.js';
export type { UploadObjectOptions } from './upload/put-object.js';
export type { LocalStorageStoreOptions, ResumePart, ResumeState, ResumeStore, StorageLike } from './upload/resume-store.js';
export type { RetryEvent, RetryOptions, Sleep } from './upload/retry.js';
export type { FetchTransportOptions, Transport, TransportRequest, TransportResponse, XhrTransportOptions } from './upload/transport.js';
export type {
  CallbackContext,
  CommonUploadOptions,
  IntegrityOptions,
  PresignedTarget,
  TargetProvider,
  TargetRequest,
  UploadResult,
} from './upload/types.js';
export type { CreateUploaderOptions, SelectedFile, UploaderClient } from './upload/store/options.js';
export type { UploadPolicy } from './upload/store/policy.js';
export type { UploadCallOptions, UploadFile, UploadInput, Uploader } from './upload/store/create-uploader.js';
export type {
  FileUploadOutcome,
  FileUploadResult,
  FileUploadState,
  FileUploadStatus,
  ProgressSnapshot,
  UploaderSnapshot,
  UploaderStatus,
} from './upload/store/types.js';
export type { CallOptions, FileInfo, PresignClient, PresignClientOptions, PresignUploadRef } from './protocol/presign-client.js';
