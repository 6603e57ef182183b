import { OssPresignError } from '../errors/oss-presign-error.js';

// Bucket naming rules (OSS "Bucket naming conventions"): 3-63 chars, lowercase letters, digits and
// hyphens, starting and ending with a letter or digit.
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_KEY_BYTES = 1023;
const utf8 = new TextEncoder();
let lastValidBucket: string | undefined;

/**
 * Throws INVALID_BUCKET unless `bucket` follows the OSS naming rules.
 *
 * @example
 * ```ts
 * assertBucketName('my-bucket');
 * ```
 */
export function assertBucketName(bucket: string): void {
  // A presigner checks its one bucket on every request: remember the last name that passed (the
  // regex was 4% of a presign).
  if (bucket === lastValidBucket) return;
  if (typeof bucket !== 'string' || !BUCKET_NAME.test(bucket)) {
    throw new OssPresignError(
      'INVALID_BUCKET',
      `Invalid bucket name ${JSON.stringify(bucket)}: use 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit`,
      { details: { bucket } },
    );
  }
  lastValidBucket = bucket;
}

/**
 * Throws INVALID_KEY unless `key` is an object key that survives a URL round trip: 1 to 1023 UTF-8
 * bytes, no leading `/` or `\`, no `.` or `..` path segment (WHATWG URL parsers remove those, even
 * percent-encoded, so the signed path would no longer be the one sent: doc "Include a V4 signature in the Authorization header"), no lone
 * UTF-16 surrogate.
 *
 * @example
 * ```ts
 * assertObjectKey('uploads/2024/photo.jpg');
 * ```
 */
export function assertObjectKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) invalidKey(key, 'it must be a non-empty string');
  if (!isWellFormed(key)) invalidKey(key, 'it contains a lone UTF-16 surrogate');
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so short keys need no encoding to be measured.
  if (key.length * 3 > MAX_KEY_BYTES && utf8.encode(key).length > MAX_KEY_BYTES) {
    invalidKey(key, `it is longer than ${MAX_KEY_BYTES} UTF-8 bytes`);
  }
  if (key.startsWith('/') || key.startsWith('\\')) invalidKey(key, 'it must not start with "/" or "\\"');
  if (hasDotSegment(key)) invalidKey(key, '"." and ".." path segments are rewritten by URL parsers');
}

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const DOT = 0x2e;

function isSeparator(code: number): boolean {
  return code === SLASH || code === BACKSLASH;
}

/**
 * Whether `key` has a `.` or `..` segment between separators (`/` or `\`) or at either end. Only
 * the dots are visited: nearly every key has one (`photo.jpg`), and the regex this replaces was 2%
 * of a presign.
 *
 * @example
 * ```ts
 * hasDotSegment('a/../b'); // true
 * hasDotSegment('a/.b/c.txt'); // false
 * ```
 */
export function hasDotSegment(key: string): boolean {
  for (let dot = key.indexOf('.'); dot !== -1; dot = key.indexOf('.', dot + 1)) {
    if (dot !== 0 && !isSeparator(key.charCodeAt(dot - 1))) continue;
    const end = key.charCodeAt(dot + 1) === DOT ? dot + 2 : dot + 1;
    if (end === key.length || isSeparator(key.charCodeAt(end))) return true;
  }
  return false;
}

function invalidKey(key: unknown, reason: string): never {
  throw new OssPresignError('INVALID_KEY', `Invalid object key ${JSON.stringify(key)}: ${reason}`, { details: { key } });
}

// String.prototype.isWellFormed (ES2024) is native and fast; the regex covers older runtimes.
type WellFormedString = string & { isWellFormed?: () => boolean };
const isWellFormed: (text: string) => boolean =
  typeof ('' as WellFormedString).isWellFormed === 'function'
    ? (text) => (text as WellFormedString & { isWellFormed: () => boolean }).isWellFormed()
    : (text) => !LONE_SURROGATE.test(text);

/** Storage classes OSS accepts in x-oss-storage-class. */
export const STORAGE_CLASSES = ['Standard', 'IA', 'Archive', 'ColdArchive', 'DeepColdArchive'] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];

/** Canned ACLs OSS accepts in x-oss-object-acl. */
export const OBJECT_ACLS = ['default', 'private', 'public-read', 'public-read-write'] as const;
export type ObjectAcl = (typeof OBJECT_ACLS)[number];

/** Server-side encryption algorithms OSS accepts in x-oss-server-side-encryption. */
export const SERVER_SIDE_ENCRYPTIONS = ['AES256', 'KMS', 'SM4'] as const;
export type ServerSideEncryption = (typeof SERVER_SIDE_ENCRYPTIONS)[number];

/**
 * Throws INVALID_STORAGE_CLASS unless `value` is a storage class OSS knows.
 *
 * @example
 * ```ts
 * assertStorageClass('IA');
 * ```
 */
export function assertStorageClass(value: string): asserts value is StorageClass {
  if (!(STORAGE_CLASSES as readonly string[]).includes(value)) {
    throw new OssPresignError('INVALID_STORAGE_CLASS', `Unknown storage class ${JSON.stringify(value)}; use one of ${STORAGE_CLASSES.join(', ')}`);
  }
}

/**
 * Throws INVALID_ACL unless `value` is a canned object ACL.
 *
 * @example
 * ```ts
 * assertObjectAcl('private');
 * ```
 */
export function assertObjectAcl(value: string): asserts value is ObjectAcl {
  if (!(OBJECT_ACLS as readonly string[]).includes(value)) {
    throw new OssPresignError('INVALID_ACL', `Unknown object ACL ${JSON.stringify(value)}; use one of ${OBJECT_ACLS.join(', ')}`);
  }
}

/**
 * Throws INVALID_ARGUMENT unless `value` is a server-side encryption algorithm OSS accepts.
 *
 * @example
 * ```ts
 * assertServerSideEncryption('AES256');
 * ```
 */
export function assertServerSideEncryption(value: string): asserts value is ServerSideEncryption {
  if (!(SERVER_SIDE_ENCRYPTIONS as readonly string[]).includes(value)) {
    throw new OssPresignError('INVALID_ARGUMENT', `Unknown server-side encryption ${JSON.stringify(value)}; use one of ${SERVER_SIDE_ENCRYPTIONS.join(', ')}`);
  }
}

const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Throws INVALID_HEADER unless `name` is a valid HTTP header name (RFC 9110 token).
 *
 * @example
 * ```ts
 * assertHeaderName('x-oss-meta-owner');
 * ```
 */
export function assertHeaderName(name: string): void {
  if (!HEADER_TOKEN.test(name)) throw new OssPresignError('INVALID_HEADER', `Invalid header name ${JSON.stringify(name)}`);
}

/**
 * Throws INVALID_ARGUMENT unless `value` is a whole number in `[min, max]`.
 *
 * @example
 * ```ts
 * assertInteger('partNumber', 3, 1, 10_000);
 * ```
 */
export function assertInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new OssPresignError('INVALID_ARGUMENT', `${name} must be a whole number from ${min} to ${max}; got ${value}`, {
      details: { [name]: value, min, max },
    });
  }
}
