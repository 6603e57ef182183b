// @oss-presign/core/upload/node: the uploader for Node. Named exports only.
//
// Same API as `@oss-presign/core/upload`, plus what only Node has: file-path (`{ path }`, file:
// URL) and Readable bodies, streamed with a known length and never read whole; the node:http(s)
// transport, which counts bytes as they are written; the JSON-file resume store; node:crypto MD5.
// It is a separate entry so that browser bundles of the main uploader entry never contain this
// code (see the comment at the top of upload.ts).

import { type AutoUploadResult, type UploadOptions, uploadWith } from './upload/auto.js';
import type { MultipartUploadResult, UploadMultipartOptions } from './upload/multipart.js';
import { uploadMultipartWith } from './upload/multipart.js';
import { createNodeHttpTransport } from './upload/node/http-transport.js';
import { type PresignedMultipartOptions, presignedMultipart as presignedMultipartWith } from './upload/presigned-callbacks.js';
import type { MultipartCallbacks } from './upload/multipart.js';
import { type NodeUploadBody, toNodeBodySource } from './upload/node/sources.js';
import { type UploadObjectOptions, type UploaderRuntime, uploadObjectWith } from './upload/put-object.js';
import type { Transport } from './upload/transport.js';
import type { CreateUploaderOptions } from './upload/store/options.js';
import { type StoreParts, type Uploader, createUploaderWith } from './upload/store/create-uploader.js';
import { policyRefusal } from './upload/store/policy.js';
import { uploaderReducer } from './upload/store/reducer.js';
import { createPresignCalls } from './protocol/presign-calls.js';
import { type PresignClient, type PresignClientOptions, presignClientWith } from './protocol/presign-client.js';
import { describeNodeBody } from './upload/node/sources.js';
import type { UploadResult } from './upload/types.js';

let defaultTransport: Transport | undefined;

const nodeRuntime: UploaderRuntime<NodeUploadBody> = {
  resolveBody: (body, size) => toNodeBodySource(body, size),
  defaultTransport: () => {
    defaultTransport ??= createNodeHttpTransport();
    return defaultTransport;
  },
};

/**
 * Uploads a body with one PUT to a presigned URL, from Node: a file is streamed from disk.
 *
 * @example
 * ```ts
 * const target = await presigner.presign({ operation: 'PutObject', key: 'backup.tar' });
 * const { etag, verified } = await uploadObject({ target, body: { path: './backup.tar' } });
 * ```
 */
export function uploadObject(options: UploadObjectOptions<NodeUploadBody>): Promise<UploadResult> {
  return uploadObjectWith(nodeRuntime, options);
}

/**
 * Multipart upload from Node: file ranges are read in parallel, a Readable is buffered one part
 * at a time (memory: concurrency × partSize).
 *
 * @example
 * ```ts
 * const result = await uploadMultipart({
 *   body: { path: './video.mp4' },
 *   ...presignedMultipart({ presign: (r) => presigner.presign({ ...r, key: 'video.mp4' }), transport: createNodeHttpTransport() }),
 *   resume: { store: createJsonFileStore('.resume.json') },
 * });
 * ```
 */
export function uploadMultipart(options: UploadMultipartOptions<NodeUploadBody>): Promise<MultipartUploadResult> {
  return uploadMultipartWith(nodeRuntime, options);
}

/**
 * Single PUT up to `multipartThreshold` (100 MiB by default), multipart above it, from Node.
 *
 * @example
 * ```ts
 * await upload({ body: { path: file }, target: presignPut, ...callbacks });
 * ```
 */
export function upload(options: UploadOptions<NodeUploadBody>): Promise<AutoUploadResult> {
  return uploadWith(nodeRuntime, options);
}

/**
 * Multipart callbacks that presign each OSS call and send it from here, over node:http by default.
 *
 * @example
 * ```ts
 * const callbacks = presignedMultipart({ presign: (r) => presigner.presign({ ...r, key: 'big.bin' }) });
 * await uploadMultipart({ body: { path: './big.bin' }, ...callbacks });
 * ```
 */
export function presignedMultipart(options: PresignedMultipartOptions): Required<MultipartCallbacks> {
  return presignedMultipartWith({ ...options, transport: options.transport ?? nodeRuntime.defaultTransport() });
}

// Node loads everything up front: no page to keep light. The store takes these the way the
// browser entry hands over its lazily loaded engine module.
const NODE_STORE: StoreParts = { uploaderReducer, policyRefusal, createPresignCalls };

/**
 * The presign handler's protocol client (see `createPresignClient` in @oss-presign/core/upload),
 * with its request code loaded up front.
 *
 * @example
 * ```ts
 * const api = createPresignClient({ endpoint: 'http://127.0.0.1:3000/api/oss' });
 * const result = await upload({ body: { path: './photo.png' }, ...api, target: api.target({ fileName: 'photo.png' }) });
 * ```
 */
export function createPresignClient(options: PresignClientOptions): PresignClient {
  return presignClientWith(async () => NODE_STORE, options);
}

/**
 * Creates the uploader store for Node: the browser entry's store, with file paths (`{ path }`)
 * and Readables (with `size`) as files, sent over node:http. A bare string is refused
 * (INVALID_BODY): pass `{ path }` for a file or bytes for text.
 *
 * @example
 * ```ts
 * const uploader = createUploader({ endpoint: 'http://127.0.0.1:3000/api/oss' });
 * uploader.subscribe(() => bar.update(uploader.getSnapshot().progress.percent));
 * const outcomes = await uploader.upload([{ path: './a.mp4' }, { path: './b.mp4' }]);
 * ```
 */
export function createUploader(options: CreateUploaderOptions): Uploader<NodeUploadBody> {
  return createUploaderWith<NodeUploadBody>({ upload, describe: describeNodeBody, loadStore: async () => NODE_STORE }, options);
}

export { createJsonFileStore } from './upload/node/json-file-store.js';
export { createNodeHttpTransport } from './upload/node/http-transport.js';
export type { NodeHttpTransportOptions } from './upload/node/http-transport.js';
export { createNodeMd5 } from './upload/node/node-md5.js';
export { createMd5 } from './upload/md5.js';
export type { FilePathBody, NodeUploadBody } from './upload/node/sources.js';
// Everything else is the browser entry's: this entry is a strict superset of it (a test checks).
export {
  createFetchTransport,
  createLocalStorageStore,
  createMemoryStore,
  createXhrTransport,
  DEFAULT_MULTIPART_THRESHOLD,
  DEFAULT_PART_SIZE,
  MAX_PART_SIZE,
  MAX_PARTS,
  MIN_PART_SIZE,
  OssPresignError,
  OssUploadError,
} from './upload.js';
export type {
  AutoUploadResult,
  BodyPayload,
  BodySource,
  CallbackContext,
  CallOptions,
  CommonUploadOptions,
  CompletedPartRef,
  CompleteInput,
  CompleteResult,
  CreateUploaderOptions,
  FetchTransportOptions,
  SelectedFile,
  FileInfo,
  FileUploadOutcome,
  FileUploadResult,
  FileUploadState,
  FileUploadStatus,
  UploadPolicy,
  IncrementalDigest,
  InitiateInput,
  InitiateResult,
  IntegrityOptions,
  ListedPart,
  LocalStorageStoreOptions,
  Md5Factory,
  MultipartCallbacks,
  MultipartUploadResult,
  OssErrorDetails,
  OssPresignErrorCode,
  OssUploadErrorCode,
  OssUploadErrorOptions,
  PartProgress,
  PartToSign,
  PresignClient,
  PresignClientOptions,
  PresignedMultipartOptions,
  PresignedPart,
  PresignedTarget,
  PresignOperationRequest,
  PresignPartsInput,
  PresignUploadRef,
  ProgressSnapshot,
  RandomAccessSource,
  ResumeOptions,
  ResumePart,
  ResumeState,
  ResumeStore,
  RetryEvent,
  RetryOptions,
  SequentialSource,
  SignatureHintCause,
  Sleep,
  StorageLike,
  TargetProvider,
  TargetRequest,
  Transport,
  TransportRequest,
  TransportResponse,
  UploadCallOptions,
  Uploader,
  UploaderBody,
  UploaderClient,
  UploaderSnapshot,
  UploaderStatus,
  UploadFile,
  UploadInput,
  UploadMultipartOptions,
  UploadObjectOptions,
  UploadOptions,
  UploadPhase,
  UploadProgress,
  UploadRef,
  UploadResult,
  WebUploadBody,
  XhrTransportOptions,
} from './upload.js';
