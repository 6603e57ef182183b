import { OssPresignError } from '../errors/oss-presign-error.js';
import { describeHeaderChar, firstUnsendableHeaderChar, isHeaderName } from '../signer/header-value.js';

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
  if (typeof key !== 'string' || key.length === 0) invalidKey(key, 'it must be a non-empty string, such as "uploads/photo.jpg"');
  if (!isWellFormedText(key)) invalidKey(key, 'it contains a lone UTF-16 surrogate, which has no UTF-8 form (a string cut mid-character?); String.prototype.toWellFormed replaces it');
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so short keys need no encoding to be measured.
  if (key.length * 3 > MAX_KEY_BYTES && utf8.encode(key).length > MAX_KEY_BYTES) {
    invalidKey(key, `it is longer than ${MAX_KEY_BYTES} UTF-8 bytes; shorten it`);
  }
  if (key.startsWith('/') || key.startsWith('\\')) invalidKey(key, 'it must not start with "/" or "\\"; drop the leading separator');
  if (hasDotSegment(key)) invalidKey(key, '"." and ".." path segments are rewritten by URL parsers, so the path sent would not be the one signed; rename those segments');
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
  const shown = typeof key === 'string' ? JSON.stringify(key.length > 200 ? `${key.slice(0, 200)}…` : key) : String(key);
  throw new OssPresignError('INVALID_KEY', `Invalid object key ${shown}: ${reason}`, { details: { key } });
}

// String.prototype.isWellFormed (ES2024) is native and fast; the regex covers older runtimes.
type WellFormedString = string & { isWellFormed?: () => boolean };
/** Whether `text` has no lone UTF-16 surrogate (so it has a UTF-8 form). */
export const isWellFormedText: (text: string) => boolean =
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

/**
 * Throws INVALID_HEADER unless `name` is a valid HTTP header name (RFC 9110 token).
 *
 * @example
 * ```ts
 * assertHeaderName('x-oss-meta-owner');
 * ```
 */
export function assertHeaderName(name: string): void {
  if (!isHeaderName(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 64)) : String(name);
    const metadata = typeof name === 'string' && name.startsWith(META_PREFIX);
    throw new OssPresignError(
      'INVALID_HEADER',
      metadata
        ? `Invalid metadata name ${JSON.stringify(name.slice(META_PREFIX.length, META_PREFIX.length + 64))}: a metadata name becomes part of header ${shown}; use letters, digits, "-" and "_" only`
        : `Invalid header name ${shown}: use letters, digits and !#$%&'*+-.^_\`|~ only (RFC 9110 token)`,
      { details: { header: typeof name === 'string' ? name.slice(0, 64) : undefined } },
    );
  }
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

/** OSS limits all user metadata of an object (names and values) to 8 KB (doc "PutObject", x-oss-meta-*). */
export const MAX_METADATA_BYTES = 8 * 1024;
const META_PREFIX = 'x-oss-meta-';

// What the user wrote, for a header the presigner built from a typed field.
function fieldOfHeader(header: string): string {
  if (header.startsWith(META_PREFIX)) return `metadata ${JSON.stringify(header.slice(META_PREFIX.length))}`;
  switch (header) {
    case 'content-type':
      return 'contentType';
    case 'content-md5':
      return 'contentMd5';
    case 'x-oss-tagging':
      return 'tagging';
    default:
      return `header ${JSON.stringify(header.slice(0, 64))}`;
  }
}

// The change that makes a value sendable, by header.
function fixFor(header: string): string {
  if (header.startsWith(META_PREFIX)) {
    return 'percent-encode non-ASCII metadata values (for example encodeURIComponent(value)) and decode them with decodeURIComponent when reading the object';
  }
  switch (header) {
    case 'content-disposition':
      return `write a non-ASCII file name as filename*=UTF-8''<encodeURIComponent(name)> (RFC 6266), next to an ASCII filename="..." fallback`;
    case 'x-oss-tagging':
      return 'pass tagging as an object { key: value } to have it encoded, or encode keys and values with encodeURIComponent';
    case 'content-type':
      return 'use a MIME type such as text/csv; charset=utf-8';
    default:
      return 'percent-encode other text (for example with encodeURIComponent)';
  }
}

/**
 * The one rule for every header the presigner signs or hands to the uploader (metadata,
 * content-type, tagging, callback, a Generic request's headers...): a valid name, and a value that
 * every HTTP client sends byte for byte as signed and OSS accepts: printable ASCII (see
 * `firstUnsendableHeaderChar`). User metadata stays within {@link MAX_METADATA_BYTES}. The error
 * names the option, the character and the fix, never the value (a header may carry a secret).
 *
 * @throws OssPresignError INVALID_HEADER
 * @example
 * ```ts
 * assertRequestHeaders({ 'x-oss-meta-filename': encodeURIComponent('报告.csv') });
 * ```
 */
export function assertRequestHeaders(headers: Readonly<Record<string, string>>): void {
  let metadataBytes = 0;
  for (const name in headers) {
    const value = headers[name];
    const lower = name.toLowerCase();
    assertHeaderName(name);
    if (typeof value !== 'string') {
      throw new OssPresignError('INVALID_HEADER', `${fieldOfHeader(lower)} must be a string; got ${value === null ? 'null' : typeof value}`, {
        details: { header: lower },
      });
    }
    const bad = firstUnsendableHeaderChar(value);
    if (bad !== -1) {
      throw new OssPresignError(
        'INVALID_HEADER',
        `${fieldOfHeader(lower)} contains ${describeHeaderChar(value, bad)}: header ${lower} must be printable ASCII, or browsers and Node cannot send it as signed; ${fixFor(lower)}`,
        { details: { header: lower, position: bad } },
      );
    }
    if (lower.startsWith(META_PREFIX)) metadataBytes += lower.length - META_PREFIX.length + value.length;
  }
  if (metadataBytes > MAX_METADATA_BYTES) {
    throw new OssPresignError(
      'INVALID_HEADER',
      `metadata totals ${metadataBytes} bytes; OSS allows at most ${MAX_METADATA_BYTES} bytes of names and values per object. Store less, or keep the rest elsewhere`,
      { details: { bytes: metadataBytes, max: MAX_METADATA_BYTES } },
    );
  }
}

/**
 * Throws INVALID_ARGUMENT, naming the parameter, when a query name or value holds a lone UTF-16
 * surrogate (it has no UTF-8 bytes, so it cannot be percent-encoded or signed).
 *
 * @example
 * ```ts
 * assertQueryText({ 'response-content-disposition': 'attachment; filename="报告.pdf"' });
 * ```
 */
export function assertQueryText(query: Readonly<Record<string, unknown>>): void {
  for (const name in query) {
    const value = query[name];
    if (!isWellFormedText(name) || (typeof value === 'string' && !isWellFormedText(value))) {
      throw new OssPresignError(
        'INVALID_ARGUMENT',
        `${isWellFormedText(name) ? `Query parameter ${JSON.stringify(name.slice(0, 64))}` : 'A query parameter name'} contains a lone UTF-16 surrogate, which has no UTF-8 form; remove it or fix the string it was cut from (String.prototype.toWellFormed replaces it)`,
        { details: isWellFormedText(name) ? { parameter: name.slice(0, 64) } : {} },
      );
    }
    if (value !== null && value !== undefined && typeof value !== 'string') {
      throw new OssPresignError('INVALID_ARGUMENT', `Query parameter ${JSON.stringify(name.slice(0, 64))} must be a string or null; got ${typeof value}`, {
        details: { parameter: name.slice(0, 64) },
      });
    }
  }
}
