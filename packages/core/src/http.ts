// @oss-presign/core/http: the framework-free presign handler and callback handler, the JSON
// protocol they speak and the errors they answer with. The only entry adapters import (a Biome
// rule in biome.json says so). Named exports only; web globals only (no node: import), so it
// runs in edge runtimes as well as in Node.

// --- errors: one class, one code → HTTP status table
export { HTTP_STATUS_BY_CODE, OssPresignError, httpStatusOf, toOssPresignError } from './errors/oss-presign-error.js';
export type { OssPresignErrorCode, OssPresignErrorOptions } from './errors/oss-presign-error.js';

// --- presign handler
export { createPresignHandler } from './handler/create-presign-handler.js';
export type { PresignHandler } from './handler/create-presign-handler.js';
export type { CallbackOptions, HandlerRequest, KeyInput, PresignEvent, PresignHandlerOptions } from './handler/options.js';
export { createContentTypeMatcher } from './handler/content-type.js';
export { sanitizeFileName } from './handler/file-name.js';
export { defaultObjectKey } from './handler/object-key.js';

// --- upload-callback handler
export { createCallbackHandler } from './handler/create-callback-handler.js';
export type { CallbackHandler, CallbackHandlerOptions, PlainCallbackRequest, UploadCompleteEvent } from './handler/create-callback-handler.js';

// --- plain request/response and route matching, for adapters
export { matchPresignRoute } from './handler/plain-http.js';
export type { PlainBody, PlainRequest, PlainResponse } from './handler/plain-http.js';

// --- the presign JSON protocol
export { PRESIGN_ROUTES, presignMethodOf } from './protocol/wire.js';
export type {
  AbortRequest,
  AbortResponse,
  CompleteRequest,
  CompleteResponse,
  CompletedPart,
  FileDescription,
  InitiateRequest,
  InitiateResponse,
  ListPartsRequestBody,
  ListPartsResponse,
  MultipartHandle,
  PartToPresign,
  PresignAction,
  PresignErrorBody,
  PresignPartsRequest,
  PresignPartsResponse,
  PresignUploadRequest,
  PresignUploadResponse,
  PresignedPartBody,
  PresignedTargetBody,
  UploadPolicyBody,
} from './protocol/wire.js';
export type { ListedPart } from './oss/list-parts.js';

// --- the presigner's shapes an adapter hands through (the handler options take a Presigner; an
// adapter's service may expose it). Types only: the presigner itself comes from `@oss-presign/core`.
export type { PresignedRequest, Presigner } from './presigner/create-presigner.js';
export type { GetObjectRequest } from './presigner/operations.js';
