// The signer pipeline, step by step, for tools that must canonicalise exactly as the presigner does
// (the emulator verifies incoming signatures with these same functions).
export { canonicalHeadersBlock, resolveAdditionalHeaders, signedHeaderList } from './signer/canonical-headers.js';
export { isDefaultSignedHeader } from './oss/signed-headers.js';
export type { CanonicalHeader } from './signer/canonical-headers.js';
export { canonicalQueryString, encodeQuery } from './signer/canonical-query.js';
export type { EncodedQueryPair, QueryValue } from './signer/canonical-query.js';
export { canonicalRequest } from './signer/canonical-request.js';
export type { CanonicalRequestParts } from './signer/canonical-request.js';
export { canonicalUri } from './signer/canonical-uri.js';
export { DEFAULT_PRODUCT, UNSIGNED_PAYLOAD, V4_ALGORITHM } from './signer/constants.js';
// OSS's limits, for tools that must enforce them exactly as core does (the emulator answers
// EntityTooSmall and checks x-oss-expires with these).
export {
  MAX_EXPIRES_SECONDS,
  MAX_PARTS,
  MAX_PART_SIZE,
  MAX_PUT_OBJECT_BYTES,
  MIN_EXPIRES_SECONDS,
  MIN_PART_SIZE,
} from './oss/limits.js';
export { defaultCrypto, nobleCrypto, nodeCrypto } from './signer/crypto.js';
export type { SignerCrypto } from './signer/crypto.js';
export { formatDateTime } from './signer/date.js';
export { parseDateTime } from './oss/date-time.js';
export { encodePath, percentEncode } from './signer/encode.js';
export { presignV1, signV1Header, v1StringToSign, V1_SUB_RESOURCES } from './signer/sign-v1.js';
export type { PresignV1Input, PresignV1Result, SignV1HeaderInput, SignV1HeaderResult, SignV1Input } from './signer/sign-v1.js';
export { signV4Header, signV4Query } from './signer/sign-v4.js';
export { encodePostPolicy, signPostPolicyV1, signPostPolicyV4 } from './signer/sign-post-policy.js';
export type { PostPolicy, SignPostPolicyV1Input, SignPostPolicyV4Input } from './signer/sign-post-policy.js';
export type { OssCredentials, SignV4HeaderResult, SignV4Input, SignV4QueryResult } from './signer/sign-v4.js';
export { createSigningKeyCache, deriveSigningKey, sharedSigningKeyCache } from './signer/signing-key.js';
export type { SigningKeyCache } from './signer/signing-key.js';
export { credentialScope, stringToSign, stringToSignPrefix } from './signer/string-to-sign.js';
export { combineCrc64, createCrc64, crc64 } from './integrity/crc64.js';
export type { Crc64 } from './integrity/crc64.js';
