// @oss-presign/core: the OSS Signature V4 signer and presigner (V1 for legacy), credentials,
// endpoints, upload-callback verification and CRC-64. Named re-exports only; web globals only (no
// node: import: node:crypto is a faster path found at run time), so it runs in edge runtimes.
// The presign handler is `@oss-presign/core/http`; the uploader `@oss-presign/core/upload`.

// --- errors
export { OssPresignError } from './errors/oss-presign-error.js';
// Masking of signatures and tokens, for anyone logging a presigned URL, a request or an error body.
export { redactError, redactText } from './oss/redact.js';
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
export { createClockOffset } from './oss/clock-offset.js';
export type { ClockOffset } from './oss/clock-offset.js';
export type { PresignedRequest, Presigner, PresignerOptions, SignedRequest } from './presigner/create-presigner.js';
export { createObjectUrlBuilder, normalizeRegion } from './presigner/endpoint.js';
export type { EndpointOptions, ObjectUrlBuilder } from './presigner/endpoint.js';
export { DEFAULT_EXPIRES_SECONDS, MAX_EXPIRES_SECONDS, MAX_STS_EXPIRES_SECONDS } from './oss/limits.js';
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
export { OBJECT_ACLS, SERVER_SIDE_ENCRYPTIONS, STORAGE_CLASSES } from './presigner/validate.js';
export type { ObjectAcl, ServerSideEncryption, StorageClass } from './presigner/validate.js';

// --- the server's own OSS calls (multipart, listing), signed with the presigner
export { createOssClient } from './oss-client/create-oss-client.js';
export type { FetchLike, OssClient, OssListedObject } from './oss-client/create-oss-client.js';
export type { ListedPart } from './oss/list-parts.js';

// --- credentials
export { fromEnv, refreshingCredentials, staticCredentials } from './credentials/credentials-provider.js';
export type {
  CredentialsProvider,
  CredentialsSource,
  ExpiringCredentials,
  RefreshingCredentialsOptions,
} from './credentials/credentials-provider.js';

// --- upload callbacks: what to sign, and verifying what OSS sends
export { encodeCallback, encodeCallbackParam, encodeCallbackVar } from './callback/callback-param.js';
export type { OssCallback, OssCallbackVar } from './callback/callback-param.js';
export { createPublicKeyCache, isAllowedPublicKeyUrl, verifyOssCallback } from './callback/verify-callback.js';
export type { OssCallbackRequest, PublicKeyCache, VerifiedOssCallback, VerifyOssCallbackOptions } from './callback/verify-callback.js';
export { bigIntRsaMd5, nodeRsaMd5 } from './callback/rsa-md5.js';
export type { RsaMd5, RsaMd5PublicKey } from './callback/rsa-md5.js';

// --- integrity
export { combineCrc64, createCrc64, crc64 } from './integrity/crc64.js';
export type { Crc64 } from './integrity/crc64.js';
