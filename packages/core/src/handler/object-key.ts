import { OssPresignError } from '../errors/oss-presign-error.js';
import { assertObjectKey } from '../presigner/validate.js';

/**
 * Checks a configured key prefix and returns it without a trailing `/` (`''` means the whole bucket).
 *
 * @example
 * ```ts
 * normalizePrefix('uploads/'); // 'uploads'
 * ```
 */
export function normalizePrefix(prefix: string): string {
  if (typeof prefix !== 'string') throw new OssPresignError('INVALID_CONFIG', 'prefix must be a string');
  const trimmed = prefix.replace(/\/+$/, '');
  if (trimmed !== '') assertObjectKey(`${trimmed}/x`);
  return trimmed;
}

/**
 * The default object key: `{prefix}/{yyyy}/{mm}/{id}-{file name}`, with the UTC year and month
 * of `now`, so keys sort by upload month and never collide.
 *
 * @example
 * ```ts
 * defaultObjectKey({ prefix: 'uploads', now: new Date('2024-06-01Z'), id: '9f86d081884c7d65', fileName: 'cat.png' });
 * // 'uploads/2024/06/9f86d081884c7d65-cat.png'
 * ```
 */
export function defaultObjectKey(input: { prefix: string; now: Date; id: string; fileName: string }): string {
  const year = String(input.now.getUTCFullYear()).padStart(4, '0');
  const month = String(input.now.getUTCMonth() + 1).padStart(2, '0');
  const head = input.prefix === '' ? '' : `${input.prefix}/`;
  return `${head}${year}/${month}/${input.id}-${input.fileName}`;
}

/**
 * Throws unless `key` is a valid object key inside `prefix` (KEY_OUTSIDE_PREFIX, 403): every
 * action checks this, so a client can never get a URL for a key elsewhere in the bucket.
 *
 * @example
 * ```ts
 * assertKeyInPrefix('uploads/2024/06/a-cat.png', 'uploads');
 * ```
 */
export function assertKeyInPrefix(key: string, prefix: string): void {
  assertObjectKey(key);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
  if (/[\u0000-\u001f\u007f]/.test(key)) {
    throw new OssPresignError('INVALID_KEY', 'Object key contains control characters', { details: { key } });
  }
  if (prefix !== '' && !key.startsWith(`${prefix}/`)) {
    throw new OssPresignError('KEY_OUTSIDE_PREFIX', `Object key is outside the allowed prefix "${prefix}/"`, { details: { key } });
  }
}
