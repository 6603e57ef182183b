/**
 * OSS keeps modification times in whole seconds: `Last-Modified` is an HTTP date, and listings
 * give the same instant as ISO 8601 with `.000Z` (ListObjects.md, ListParts.md and
 * ListMultipartUploads.md show `2012-02-23T04:18:23.000Z`). One rule for both, so a listing and a
 * HeadObject of the same object agree.
 */

/**
 * Whole seconds since the epoch.
 *
 * @example
 * ```ts
 * epochSeconds(new Date('2024-01-01T00:00:00.900Z')); // 1704067200
 * ```
 */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * The ISO 8601 form of listings, truncated to the second: `2024-01-01T00:00:00.000Z`.
 *
 * @example
 * ```ts
 * isoSeconds(new Date('2024-01-01T00:00:00.900Z')); // '2024-01-01T00:00:00.000Z'
 * ```
 */
export function isoSeconds(date: Date): string {
  return new Date(epochSeconds(date) * 1000).toISOString();
}
