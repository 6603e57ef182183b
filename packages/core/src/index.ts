// @oss-presign/core, server entry. Named re-exports only.

// --- errors
export { HTTP_STATUS_BY_CODE, OssPresignError, httpStatusOf, toOssPresignError } from './errors/oss-presign-error.js';
export type { OssPresignErrorCode, OssPresignErrorOptions } from './errors/oss-presign-error.js';

// --- signer
export { presignV1, signV1Header } from './signer/sign-v1.js';
export type { PresignV1Input, PresignV1Result, SignV1HeaderInput, SignV1HeaderResult, SignV1Input } from './signer/sign-v1.js';
export { signV4Header, signV4Query } from './signer/sign-v4.js';
export type { OssCredentials, SignV4HeaderResult, SignV4Input, SignV4QueryResult } from './signer/sign-v4.js';
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
