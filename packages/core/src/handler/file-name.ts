import { OssPresignError } from '../errors/oss-presign-error.js';

/** Longest accepted file name, in UTF-8 bytes (the common file-system limit). */
export const MAX_FILE_NAME_BYTES = 255;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_RUN = /[^\p{L}\p{N}._-]+/gu;
// The same rule for ASCII names (nearly all), without the cost of Unicode property classes.
const ASCII_UNSAFE_RUN = /[^A-Za-z0-9._-]+/g;
const NON_ASCII = /[\u0080-\uffff]/;
const utf8 = new TextEncoder();

function reject(message: string, fileName: unknown): never {
  throw new OssPresignError('INVALID_FILE_NAME', message, { details: { fileName } });
}

/**
 * Checks a client's file name and returns the copy that may go into an object key: NFC-normalised,
 * every run of characters other than letters, digits, `.`, `_` and `-` turned into one `-`, no
 * leading dash, and a `file` stem before a leading dot. A name is refused (INVALID_FILE_NAME) when it is empty, longer than
 * {@link MAX_FILE_NAME_BYTES}, holds control or bidi-override characters, or is a path (`/`, `\`,
 * `.`, `..`): browsers send bare names (`File.name`), so anything else is a crafted request.
 *
 * @example
 * ```ts
 * sanitizeFileName('Holiday photo (1).JPG'); // 'Holiday-photo-1.JPG'
 * sanitizeFileName('../../etc/passwd');      // throws INVALID_FILE_NAME
 * ```
 */
export function sanitizeFileName(fileName: string): string {
  if (typeof fileName !== 'string' || fileName.length === 0) reject('fileName must be a non-empty string', fileName);
  // A UTF-16 code unit takes at most 3 UTF-8 bytes: short names need no encoding to be measured.
  if (fileName.length * 3 > MAX_FILE_NAME_BYTES && utf8.encode(fileName).length > MAX_FILE_NAME_BYTES) reject(`fileName is longer than ${MAX_FILE_NAME_BYTES} bytes`, fileName);
  if (CONTROL.test(fileName)) reject('fileName contains control characters', fileName);
  if (/[/\\]/.test(fileName) || fileName === '.' || fileName === '..') reject('fileName must be a bare name, not a path', fileName);
  const safeRuns = NON_ASCII.test(fileName) ? fileName.normalize('NFC').replace(UNSAFE_RUN, '-') : fileName.replace(ASCII_UNSAFE_RUN, '-');
  const cleaned = safeRuns
    .replace(/-{2,}/g, '-')
    .replace(/^-+/, '')
    .replace(/-+(\.[^.]*)?$/, '$1');
  // A leading dot would make a hidden file; keep the extension behind a neutral stem.
  return cleaned === '' || cleaned.startsWith('.') ? `file${cleaned}` : cleaned;
}
