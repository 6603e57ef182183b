let lastSecond = Number.NaN;
let lastFormatted = '';

/**
 * Formats a date as the ISO-8601 basic UTC timestamp OSS uses in x-oss-date: `20231217T025437Z`.
 *
 * @example
 * ```ts
 * formatDateTime(new Date('2023-12-17T02:54:37Z')); // '20231217T025437Z'
 * ```
 */
export function formatDateTime(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  // A busy server signs many requests within one second: reuse the last formatting.
  if (second === lastSecond) return lastFormatted;
  const iso = date.toISOString(); // 2023-12-17T02:54:37.000Z
  lastFormatted = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  lastSecond = second;
  return lastFormatted;
}
