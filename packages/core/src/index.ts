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
