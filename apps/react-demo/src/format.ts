/** Sizes, speeds and durations as people read them. Decimal units are avoided: 1 KB here is 1024 bytes, as file managers show it. */

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * A byte count in KB/MB/GB with at most three significant digits.
 *
 * @example formatBytes(1536) // '1.5 KB'
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))} ${UNITS[unit]}`;
}

/** @example formatSpeed(2 * 1024 * 1024) // '2 MB/s' */
export function formatSpeed(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatBytes(bytesPerSecond)}/s` : '';
}

/**
 * Seconds left as "12 s", "3 min", "1 h 5 min"; empty when unknown.
 *
 * @example formatTimeLeft(95) // '2 min'
 */
export function formatTimeLeft(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 1) return 'less than a second';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The file name part of an object key, without the upload prefix's random tag. */
export function displayName(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  return base.replace(/^[0-9a-f]{16}-/, '');
}

const IMAGE = /\.(png|jpe?g|gif|webp|avif|svg|bmp)$/i;

/** Whether a key names an image the browser can show as a thumbnail. */
export function isImageKey(key: string): boolean {
  return IMAGE.test(key);
}

/** A content-type pattern list as people read it: `image/*` becomes "images". */
export function describeTypes(patterns: readonly string[]): string {
  const named = patterns.map((pattern) => {
    if (pattern === '*/*') return 'any file';
    if (pattern.endsWith('/*')) return `${pattern.slice(0, -2)} files`.replace(/^image files$/, 'images');
    if (pattern === 'application/pdf') return 'PDF';
    if (pattern === 'application/octet-stream') return 'binary files';
    return pattern;
  });
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : (named[0] ?? 'nothing');
}
