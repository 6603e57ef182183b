import { createHash } from 'node:crypto';
import { combineCrc64 } from '@oss-presign/core/signer';
import type { PartRecord } from './registry.js';

/**
 * The ETag of a completed multipart object: `"<MD5 of the concatenated binary part MD5s>-<N>"`,
 * S3's rule, which OSS's documented shape `"HEX-N"` matches; clients must treat it as opaque
 * (OSS doc "UploadPart").
 *
 * @example
 * ```ts
 * multipartETag(parts); // '"29B94424BC241D80B0AF488A4E4B86AF-3"'
 * ```
 */
export function multipartETag(parts: readonly PartRecord[]): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part.md5);
  return `"${hash.digest('hex').toUpperCase()}-${parts.length}"`;
}

/**
 * The CRC-64 of the whole object from its parts' CRCs, without reading a byte again.
 *
 * @example
 * ```ts
 * multipartCrc64(parts).toString(); // x-oss-hash-crc64ecma of the completed object
 * ```
 */
export function multipartCrc64(parts: readonly PartRecord[]): bigint {
  let crc = 0n;
  for (const part of parts) crc = combineCrc64(crc, part.crc64, part.size);
  return crc;
}

/**
 * Normalises a part ETag for comparison: quotes optional (whether OSS accepts unquoted ETags is
 * unverified, so both are accepted, OSS doc "CompleteMultipartUpload"), hex case ignored.
 *
 * @example
 * ```ts
 * normalizeETag('"abc"') === normalizeETag('ABC'); // true
 * ```
 */
export function normalizeETag(etag: string): string {
  const trimmed = etag.trim();
  const unquoted = trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2 ? trimmed.slice(1, -1) : trimmed;
  return unquoted.toUpperCase();
}
