import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two signatures in constant time (for equal lengths).
 *
 * @example
 * ```ts
 * if (!signaturesEqual(expected, provided)) throw new OssServiceError('SignatureDoesNotMatch');
 * ```
 */
export function signaturesEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The bytes of a string as OSS lists them in `<StringToSignBytes>`: upper-case hex, space-separated.
 *
 * @example
 * ```ts
 * hexBytes('GET'); // '47 45 54'
 * ```
 */
export function hexBytes(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const parts: string[] = new Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = (bytes[i] as number).toString(16).toUpperCase().padStart(2, '0');
  return parts.join(' ');
}
