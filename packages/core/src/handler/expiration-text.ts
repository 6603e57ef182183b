let lastTime = Number.NaN;
let lastText = '';

/**
 * The ISO 8601 text of a presign's expiration, as the wire answers carry it. Every URL presigned in
 * one second with one lifetime expires at the same instant (the parts of a multipart upload, a busy
 * server's uploads), so the last text is kept: toISOString is a tenth of a presign's cost.
 *
 * @example
 * ```ts
 * expirationText(new Date('2024-06-01T00:15:00Z')); // '2024-06-01T00:15:00.000Z'
 * ```
 */
export function expirationText(expiration: Date): string {
  const time = expiration.getTime();
  if (time !== lastTime) {
    lastText = expiration.toISOString();
    lastTime = time;
  }
  return lastText;
}
