/**
 * Reads the ISO-8601 basic UTC timestamp OSS uses in x-oss-date (`20231217T025437Z`, doc
 * "V4 signatures in presigned URLs"): the one reader for the emulator, the uploader's expiry and
 * its SignatureDoesNotMatch diagnosis. Browser-safe.
 *
 * @example
 * ```ts
 * parseDateTime('20231217T025437Z')?.toISOString(); // '2023-12-17T02:54:37.000Z'
 * parseDateTime('20231232T000000Z');                // undefined: no 32nd of December
 * ```
 */
export function parseDateTime(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 32 December over to 1 January: a field out of range is a malformed date.
  const same =
    date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d &&
    date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
  return same ? date : undefined;
}
