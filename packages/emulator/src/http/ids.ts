import { randomBytes } from 'node:crypto';

/**
 * A request id as OSS prints it: 24 upper-case hex characters (OSS doc "Common response headers").
 *
 * @example
 * ```ts
 * newRequestId(); // '5C06A3B67B8B5A3DA422299D'
 * ```
 */
export function newRequestId(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

/**
 * An upload id as OSS prints it in samples: 32 upper-case hex characters (OSS doc "InitiateMultipartUpload").
 *
 * @example
 * ```ts
 * newUploadId(); // '0004B9894A22E5B1888A1E29F8236B7E'
 * ```
 */
export function newUploadId(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}
