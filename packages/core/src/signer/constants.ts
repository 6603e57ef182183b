/** Constants of OSS Signature V4 (doc "Include a V4 signature in the Authorization header"). */
export const V4_ALGORITHM = 'OSS4-HMAC-SHA256';
export const V4_KEY_PREFIX = 'aliyun_v4';
export const V4_TERMINATOR = 'aliyun_v4_request';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const DEFAULT_PRODUCT = 'oss';

/** Presign query parameter names (Go v2 `oss/signer/v4.go` authQuery). */
export const QUERY_SIGNATURE_VERSION = 'x-oss-signature-version';
export const QUERY_CREDENTIAL = 'x-oss-credential';
export const QUERY_DATE = 'x-oss-date';
export const QUERY_EXPIRES = 'x-oss-expires';
export const QUERY_ADDITIONAL_HEADERS = 'x-oss-additional-headers';
export const QUERY_SECURITY_TOKEN = 'x-oss-security-token';
export const QUERY_SIGNATURE = 'x-oss-signature';

export const HEADER_DATE = 'x-oss-date';
export const HEADER_CONTENT_SHA256 = 'x-oss-content-sha256';
export const HEADER_SECURITY_TOKEN = 'x-oss-security-token';
