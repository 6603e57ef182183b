// Every name this package takes from @oss-presign/core, in one file: its `./http` entry, the only
// one an adapter imports.
export {
  PRESIGN_ROUTES,
  createCallbackHandler,
  createPresignHandler,
  matchPresignRoute,
} from '@oss-presign/core/http';
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
} from '@oss-presign/core/http';
