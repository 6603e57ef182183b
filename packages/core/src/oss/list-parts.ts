/**
 * Reading ListParts (doc "ListParts"), every page of it: the server's OSS client and the
 * presigned multipart client both list through {@link listAllParts}, so neither can hand back a
 * partial list. Browser-safe.
 */

import { MAX_PARTS } from './limits.js';
import { xmlElementText, xmlElements } from './xml.js';

/** A part OSS holds, as ListParts reports it. */
export interface ListedPart {
  /** 1-based. */
  readonly partNumber: number;
  /** Quoted, as OSS sends it. */
  readonly etag: string;
  /** Bytes. */
  readonly size: number;
  /** x-oss-hash-crc64ecma of the part (unsigned decimal), when OSS reports it. */
  readonly crc64?: string | undefined;
  /** ISO 8601. */
  readonly lastModified?: string | undefined;
}

/** One ListPartsResult page. */
export interface ListPartsPage {
  readonly parts: ListedPart[];
  /** The part-number-marker of the next page, when this one is truncated. */
  readonly nextMarker: number | undefined;
  /** IsTruncated: more parts follow. */
  readonly truncated: boolean;
}

/**
 * Reads a ListPartsResult page. A `<Part>` without a whole PartNumber, a Size or an ETag is not a
 * part OSS holds and is left out.
 *
 * @example
 * ```ts
 * parseListParts('<ListPartsResult><IsTruncated>false</IsTruncated><Part><PartNumber>1</PartNumber><ETag>"A"</ETag><Size>5</Size></Part></ListPartsResult>');
 * // { parts: [{ partNumber: 1, etag: '"A"', size: 5 }], nextMarker: undefined, truncated: false }
 * ```
 */
export function parseListParts(xml: string): ListPartsPage {
  const parts: ListedPart[] = [];
  for (const element of xmlElements(xml, 'Part')) {
    const partNumber = Number(xmlElementText(element, 'PartNumber'));
    const size = Number(xmlElementText(element, 'Size'));
    const etag = xmlElementText(element, 'ETag');
    if (!Number.isInteger(partNumber) || !Number.isFinite(size) || etag === undefined) continue;
    const crc64 = xmlElementText(element, 'HashCrc64ecma');
    const lastModified = xmlElementText(element, 'LastModified');
    parts.push({ partNumber, etag, size, ...(crc64 ? { crc64 } : {}), ...(lastModified ? { lastModified } : {}) });
  }
  const truncated = xmlElementText(xml, 'IsTruncated') === 'true';
  const marker = Number(xmlElementText(xml, 'NextPartNumberMarker'));
  return { parts, nextMarker: truncated && Number.isInteger(marker) ? marker : undefined, truncated };
}

/**
 * Fetches and reads ListParts pages until the last one. Throws `fail(message)` (the caller's own
 * error) when a truncated page names no next marker, or a marker that does not move forward or
 * lies past part 10,000: paging could not finish, and a partial list would make a resumed upload
 * re-send or drop parts.
 *
 * @example
 * ```ts
 * const parts = await listAllParts(
 *   async (marker) => (await send({ operation: 'ListParts', uploadId, partNumberMarker: marker })).body,
 *   (message) => new OssPresignError('UPSTREAM_ERROR', message),
 * );
 * ```
 */
export async function listAllParts(fetchPage: (marker: number | undefined) => Promise<string>, fail: (message: string) => Error): Promise<ListedPart[]> {
  const parts: ListedPart[] = [];
  let marker: number | undefined;
  // Markers strictly increase and stay within 1..10,000, so this ends after at most 10,001 pages.
  for (;;) {
    const page = parseListParts(await fetchPage(marker));
    parts.push(...page.parts);
    if (!page.truncated) return parts;
    const next = page.nextMarker;
    if (next === undefined) throw fail('ListParts answered a truncated page without NextPartNumberMarker');
    if (next <= (marker ?? 0) || next > MAX_PARTS) throw fail(`ListParts answered NextPartNumberMarker ${next} after ${marker ?? 0}; paging cannot finish`);
    marker = next;
  }
}
