// @oss-presign/core, server entry. Named re-exports only.

// --- errors
export { HTTP_STATUS_BY_CODE, OssPresignError, httpStatusOf, toOssPresignError } from './errors/oss-presign-error.js';
export type { OssPresignErrorCode, OssPresignErrorOptions } from './errors/oss-presign-error.js';

// --- signer
export { presignV1, signV1Header } from './signer/sign-v1.js';
export type { PresignV1Input, PresignV1Result, SignV1HeaderInput, SignV1HeaderResult, SignV1Input } from './signer/sign-v1.js';
export { signV4Header, signV4Query } from './signer/sign-v4.js';
export type { OssCredentials, SignV4HeaderResult, SignV4Input, SignV4QueryResult } from './signer/sign-v4.js';
export { encodePostPolicy, signPostPolicyV1, signPostPolicyV4 } from './signer/sign-post-policy.js';
export type { PostPolicy, SignPostPolicyV1Input, SignPostPolicyV4Input } from './signer/sign-post-policy.js';
export { defaultCrypto, nobleCrypto, nodeCrypto } from './signer/crypto.js';
export type { SignerCrypto } from './signer/crypto.js';

// --- presigner
export { createPresigner } from './presigner/create-presigner.js';
export type { PresignedRequest, Presigner, PresignerOptions, SignedRequest } from './presigner/create-presigner.js';
export { createObjectUrlBuilder, normalizeRegion } from './presigner/endpoint.js';
export type { EndpointOptions, ObjectUrlBuilder } from './presigner/endpoint.js';
export { DEFAULT_EXPIRES_SECONDS, MAX_STS_EXPIRES_SECONDS } from './presigner/expiry.js';
export type { ExpiryOptions } from './presigner/expiry.js';
export type {
  AbortMultipartUploadRequest,
  CompleteMultipartUploadRequest,
  DeleteObjectRequest,
  GenericRequest,
  GetObjectRequest,
  HeadObjectRequest,
  InitiateMultipartUploadRequest,
  ListPartsRequest,
  PresignRequest,
  PutObjectRequest,
  UploadPartRequest,
} from './presigner/operations.js';
export { assertBucketName, assertObjectKey, OBJECT_ACLS, SERVER_SIDE_ENCRYPTIONS, STORAGE_CLASSES } from './presigner/validate.js';
export type { ObjectAcl, ServerSideEncryption, StorageClass } from './presigner/validate.js';

// --- credentials
export { fromEnv, refreshingCredentials, staticCredentials } from './credentials/credentials-provider.js';
export type {
  CredentialsProvider,
  CredentialsSource,
  ExpiringCredentials,
  RefreshingCredentialsOptions,
} from './credentials/credentials-provider.js';

// --- callbacks
export { encodeCallback, encodeCallbackParam, encodeCallbackVar } from './callback/callback-param.js';
export type { OssCallback, OssCallbackVar } from './callback/callback-param.js';

// --- integrity
export { combineCrc64, createCrc64, crc64 } from './integrity/crc64.js';
export type { Crc64 } from './integrity/crc64.js';

// --- presign handler (issue 5)
export { createOssClient } from './oss-client/create-oss-client.js';
export type { FetchLike, OssClient, OssListedObject, OssListedPart } from './oss-client/create-oss-client.js';
export { createPresignHandler } from './handler/create-presign-handler.js';
export type { PresignHandler } from './handler/create-presign-handler.js';
export { createCallbackHandler } from './handler/create-callback-handler.js';
export type { CallbackHandler, CallbackHandlerOptions, PlainCallbackRequest, UploadCompleteEvent } from './handler/create-callback-handler.js';
export type { CallbackOptions, HandlerRequest, KeyInput, PresignEvent, PresignHandlerOptions } from './handler/options.js';
export { matchPresignRoute, normalizeHeaders, readBodyBytes } from './handler/plain-http.js';
export type { PlainBody, PlainRequest, PlainResponse } from './handler/plain-http.js';
export { createContentTypeMatcher } from './handler/content-type.js';
export { sanitizeFileName } from './handler/file-name.js';
export { defaultObjectKey } from './handler/object-key.js';
export { createPresignClient } from './handler/presign-client.js';
export type { CallOptions, FileInfo, PresignClient, PresignClientOptions, PresignUploadRef } from './handler/presign-client.js';
export { PRESIGN_ROUTES } from './handler/wire.js';
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
  ListedPart,
  MultipartHandle,
  PresignAction,
  PresignErrorBody,
  PartToPresign,
  PresignPartsRequest,
  PresignPartsResponse,
  PresignUploadRequest,
  PresignUploadResponse,
  PresignedPart,
  PresignedTarget,
} from './handler/wire.js';
export { createPublicKeyCache, isAllowedPublicKeyUrl, verifyOssCallback } from './callback/verify-callback.js';
export type { OssCallbackRequest, PublicKeyCache, VerifiedOssCallback, VerifyOssCallbackOptions } from './callback/verify-callback.js';
