import { OssServiceError } from '../http/errors.js';

/** An inclusive byte range. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Resolves a Range header against an object size. OSS ignores a malformed or multi-part range and
 * sends the whole object; a range starting past the end is 416 InvalidRange (GetObject.md).
 *
 * @example
 * ```ts
 * parseRange('bytes=0-9', 100); // { start: 0, end: 9 }
 * parseRange('bytes=-10', 100); // { start: 90, end: 99 }
 * ```
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header || size === 0) return undefined;
  const match = SINGLE_RANGE.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) throw new OssServiceError('InvalidRange', { details: { ActualObjectSize: String(size) } });
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw new OssServiceError('InvalidRange', { details: { ActualObjectSize: String(size), RangeRequested: header } });
  return { start, end };
}
