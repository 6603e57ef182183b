// Every name this package takes from @oss-presign/core, in one file: the handler side moves to the
// `@oss-presign/core/http` entry, and only the import lines below change with it.
export {
  PRESIGN_ROUTES,
  createCallbackHandler,
  createPresignHandler,
} from '@oss-presign/core';
export type {
  AbortRequest,
  AbortResponse,
  CallbackHandler,
  CallbackHandlerOptions,
  CompleteRequest,
  CompleteResponse,
  GetObjectRequest,
  InitiateRequest,
  InitiateResponse,
  ListPartsRequestBody,
  ListPartsResponse,
  PlainBody,
  PlainRequest,
  PlainResponse,
  PresignErrorBody,
  PresignHandler,
  PresignHandlerOptions,
  PresignPartsRequest,
  PresignPartsResponse,
  PresignUploadRequest,
  PresignUploadResponse,
  PresignedRequest,
  Presigner,
  UploadCompleteEvent,
} from '@oss-presign/core';
