import { OssServiceError } from '../http/errors.js';
import type { ObjectMeta, StoredObject } from '../store/types.js';
import { encryptionFromHeaders, encryptionHeaders } from './encryption.js';
import { tagsFromHeader } from './tagging.js';

const STORAGE_CLASSES = new Set(['Standard', 'IA', 'Archive', 'ColdArchive', 'DeepColdArchive']);
const OBJECT_ACLS = new Set(['default', 'private', 'public-read', 'public-read-write']);
const META_PREFIX = 'x-oss-meta-';
const BASE64_MD5 = /^[A-Za-z0-9+/]{22}==$/;

/**
 * The metadata a PutObject or InitiateMultipartUpload request sets: content headers, storage class,
 * ACL, `x-oss-meta-*`, x-oss-tagging and server-side encryption (PutObject.md;
 * InitiateMultipartUpload.md).
 *
 * @example
 * ```ts
 * metaFromHeaders({ 'content-type': 'text/plain', 'x-oss-meta-owner': 'bob' }).userMeta; // { 'x-oss-meta-owner': 'bob' }
 * ```
 */
export function metaFromHeaders(headers: Readonly<Record<string, string>>): ObjectMeta {
  const storageClass = headers['x-oss-storage-class'] ?? 'Standard';
  if (!STORAGE_CLASSES.has(storageClass)) {
    throw new OssServiceError('InvalidArgument', {
      message: `Invalid storage class: "${storageClass}".`,
      details: { ArgumentName: 'x-oss-storage-class', ArgumentValue: storageClass },
    });
  }
  const acl = objectAcl(headers);
  const userMeta: Record<string, string> = {};
  for (const name in headers) if (name.startsWith(META_PREFIX)) userMeta[name] = headers[name] as string;
  return {
    contentType: headers['content-type'] || 'application/octet-stream',
    cacheControl: headers['cache-control'],
    contentDisposition: headers['content-disposition'],
    contentEncoding: headers['content-encoding'],
    contentLanguage: headers['content-language'],
    expires: headers.expires,
    storageClass,
    acl,
    userMeta,
    tags: tagsFromHeader(headers),
    encryption: encryptionFromHeaders(headers),
  };
}

/**
 * Reads x-oss-object-acl: default, private, public-read or public-read-write (PutObjectACL.md);
 * `undefined` without the header.
 *
 * @example
 * ```ts
 * objectAcl({ 'x-oss-object-acl': 'public-read' }); // 'public-read'; 'everyone' throws InvalidArgument
 * ```
 */
export function objectAcl(headers: Readonly<Record<string, string>>): string | undefined {
  const acl = headers['x-oss-object-acl'];
  if (acl !== undefined && !OBJECT_ACLS.has(acl)) {
    throw new OssServiceError('InvalidArgument', {
      message: 'no such object access control exists',
      details: { ArgumentName: 'x-oss-object-acl', ArgumentValue: acl },
    });
  }
  return acl;
}

/**
 * Reads x-oss-forbid-overwrite: `true` or `false`, anything else is refused (EC 0017-00000279).
 *
 * @example
 * ```ts
 * forbidOverwrite({ 'x-oss-forbid-overwrite': 'true' }); // true
 * ```
 */
export function forbidOverwrite(headers: Readonly<Record<string, string>>): boolean {
  const value = headers['x-oss-forbid-overwrite'];
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new OssServiceError('InvalidArgument', {
    message: 'The x-oss-forbid-overwrite header must be true or false.',
    ec: '0017-00000279',
    details: { ArgumentName: 'x-oss-forbid-overwrite', ArgumentValue: value },
  });
}

/**
 * Parses a Content-MD5 header to its 16 bytes, refusing a malformed value (EC 0017-00000502).
 *
 * @example
 * ```ts
 * expectedMd5({ 'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==' })?.length; // 16
 * ```
 */
export function expectedMd5(headers: Readonly<Record<string, string>>): Buffer | undefined {
  const value = headers['content-md5'];
  if (value === undefined) return undefined;
  if (!BASE64_MD5.test(value)) throw new OssServiceError('InvalidDigest', { ec: '0017-00000502' });
  return Buffer.from(value, 'base64');
}

/**
 * The headers GET and HEAD answer with for an object (content headers, ETag, CRC-64, metadata,
 * x-oss-tagging-count, x-oss-next-append-position of an appendable object, encryption).
 *
 * @example
 * ```ts
 * const headers = objectHeaders(object);
 * ```
 */
export function objectHeaders(object: StoredObject): Record<string, string> {
  const { meta } = object;
  const headers: Record<string, string> = {
    'Content-Type': meta.contentType,
    ETag: object.etag,
    'Last-Modified': object.lastModified.toUTCString(),
    'Accept-Ranges': 'bytes',
    'x-oss-object-type': object.objectType,
    'x-oss-storage-class': meta.storageClass,
    'x-oss-hash-crc64ecma': object.crc64,
  };
  if (object.contentMd5) headers['Content-MD5'] = object.contentMd5;
  if (meta.cacheControl) headers['Cache-Control'] = meta.cacheControl;
  if (meta.contentDisposition) headers['Content-Disposition'] = meta.contentDisposition;
  if (meta.contentEncoding) headers['Content-Encoding'] = meta.contentEncoding;
  if (meta.contentLanguage) headers['Content-Language'] = meta.contentLanguage;
  if (meta.expires) headers.Expires = meta.expires;
  for (const name in meta.userMeta) headers[name] = meta.userMeta[name] as string;
  const tagCount = meta.tags ? Object.keys(meta.tags).length : 0;
  if (tagCount > 0) headers['x-oss-tagging-count'] = String(tagCount);
  if (object.objectType === 'Appendable') headers['x-oss-next-append-position'] = String(object.size);
  Object.assign(headers, encryptionHeaders(meta.encryption));
  return headers;
}
