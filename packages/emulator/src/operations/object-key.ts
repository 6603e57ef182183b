import { OssServiceError } from '../http/errors.js';

const MAX_KEY_BYTES = 1023;

/**
 * Refuses an object key OSS refuses: over 1023 bytes, or starting with `/` or `\\`.
 *
 * @example
 * ```ts
 * validateKey('a/b.txt');
 * ```
 */
export function validateKey(key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new OssServiceError('InvalidObjectName', { message: 'The Length of Object name must be less than 1024' });
  }
  if (key.startsWith('/') || key.startsWith('\\')) throw new OssServiceError('InvalidObjectName', { details: { Key: key } });
}
