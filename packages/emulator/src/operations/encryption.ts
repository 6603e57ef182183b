import { OssServiceError } from '../http/errors.js';
import type { ObjectEncryption } from '../store/types.js';

const ALGORITHMS = new Set(['AES256', 'KMS', 'SM4']);

function invalid(message: string, name: string, value: string): OssServiceError {
  return new OssServiceError('InvalidArgument', { message, details: { ArgumentName: name, ArgumentValue: value } });
}

/**
 * Reads the server-side encryption headers: x-oss-server-side-encryption (AES256, KMS or SM4),
 * x-oss-server-side-encryption-key-id and x-oss-server-side-data-encryption (SM4), both only with KMS
 * (PutObject.md, "Server-side encryption"). The emulator stores and echoes them; it does not encrypt.
 *
 * @example
 * ```ts
 * encryptionFromHeaders({ 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-encryption-key-id': 'k1' });
 * // { algorithm: 'KMS', keyId: 'k1' }
 * ```
 */
export function encryptionFromHeaders(headers: Readonly<Record<string, string>>): ObjectEncryption | undefined {
  const algorithm = headers['x-oss-server-side-encryption'];
  const keyId = headers['x-oss-server-side-encryption-key-id'];
  const dataEncryption = headers['x-oss-server-side-data-encryption'];
  if (algorithm === undefined) {
    if (keyId !== undefined) throw invalid('x-oss-server-side-encryption-key-id needs x-oss-server-side-encryption: KMS.', 'x-oss-server-side-encryption-key-id', keyId);
    if (dataEncryption !== undefined) throw invalid('x-oss-server-side-data-encryption needs x-oss-server-side-encryption: KMS.', 'x-oss-server-side-data-encryption', dataEncryption);
    return undefined;
  }
  if (!ALGORITHMS.has(algorithm)) {
    throw invalid('The Encryption request you specified is not valid. Supported value: AES256/KMS/SM4', 'x-oss-server-side-encryption', algorithm);
  }
  if (algorithm !== 'KMS' && keyId !== undefined) {
    throw invalid('x-oss-server-side-encryption-key-id is only allowed with KMS.', 'x-oss-server-side-encryption-key-id', keyId);
  }
  if (dataEncryption !== undefined && (algorithm !== 'KMS' || dataEncryption !== 'SM4')) {
    throw invalid('x-oss-server-side-data-encryption must be SM4, with KMS.', 'x-oss-server-side-data-encryption', dataEncryption);
  }
  return { algorithm, keyId, dataEncryption };
}

/**
 * The encryption headers an answer echoes for an object.
 *
 * @example
 * ```ts
 * encryptionHeaders({ algorithm: 'AES256' }); // { 'x-oss-server-side-encryption': 'AES256' }
 * ```
 */
export function encryptionHeaders(encryption: ObjectEncryption | undefined): Record<string, string> {
  if (!encryption) return {};
  const headers: Record<string, string> = { 'x-oss-server-side-encryption': encryption.algorithm };
  if (encryption.keyId) headers['x-oss-server-side-encryption-key-id'] = encryption.keyId;
  if (encryption.dataEncryption) headers['x-oss-server-side-data-encryption'] = encryption.dataEncryption;
  return headers;
}
