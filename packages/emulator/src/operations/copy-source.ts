import { OssServiceError } from '../http/errors.js';
import { normalizeETag } from '../multipart/etag.js';
import type { StoredObject } from '../store/types.js';
import type { OperationContext } from './context.js';
import { requireCurrentVersion } from './version-id.js';

/** The object named by x-oss-copy-source. */
export interface CopySource {
  readonly bucket: string;
  readonly key: string;
  /** From a `?versionId=` suffix; only `null` exists here (see version-id.ts). */
  readonly versionId?: string | undefined;
}

const SOURCE = /^\/?([^/?]+)\/([^?]+)$/;

function invalidSource(value: string): OssServiceError {
  return new OssServiceError('InvalidArgument', {
    message: 'Copy Source must mention the source bucket and key: /sourcebucket/sourcekey.',
    details: { ArgumentName: 'x-oss-copy-source', ArgumentValue: value },
  });
}

/**
 * Parses x-oss-copy-source, `/SourceBucketName/SourceObjectName` with the key URL-encoded
 * (CopyObject.md), optionally followed by `?versionId=`.
 *
 * @example
 * ```ts
 * parseCopySource('/demo/a%20b.txt'); // { bucket: 'demo', key: 'a b.txt' }
 * ```
 */
export function parseCopySource(value: string): CopySource {
  const mark = value.indexOf('?');
  const path = mark === -1 ? value : value.slice(0, mark);
  const suffix = mark === -1 ? undefined : value.slice(mark + 1);
  if (suffix !== undefined && !suffix.startsWith('versionId=')) throw invalidSource(value);
  const match = SOURCE.exec(path);
  if (!match) throw invalidSource(value);
  let key: string;
  try {
    key = decodeURIComponent(match[2] as string);
  } catch {
    throw invalidSource(value);
  }
  return { bucket: match[1] as string, key, versionId: suffix?.slice('versionId='.length) };
}

function parseDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

function etagMatches(list: string, etag: string): boolean {
  const wanted = normalizeETag(etag);
  return list.split(',').some((candidate) => candidate.trim() === '*' || normalizeETag(candidate) === wanted);
}

/**
 * Evaluates the copy conditions against the source (CopyObject.md): x-oss-copy-source-if-match and
 * -if-unmodified-since fail with 412 PreconditionFailed; -if-none-match and -if-modified-since answer
 * `'not-modified'` (304). Match conditions take precedence over date conditions, as in RFC 7232;
 * an unparsable date is ignored. Whole seconds are compared, as Last-Modified carries.
 *
 * @example
 * ```ts
 * copyCondition(source, { 'x-oss-copy-source-if-none-match': source.etag }); // 'not-modified'
 * ```
 */
export function copyCondition(source: StoredObject, headers: Readonly<Record<string, string>>): 'copy' | 'not-modified' {
  const modified = Math.floor(source.lastModified.getTime() / 1000) * 1000;
  const ifMatch = headers['x-oss-copy-source-if-match'];
  const ifUnmodifiedSince = parseDate(headers['x-oss-copy-source-if-unmodified-since']);
  if (ifMatch !== undefined ? !etagMatches(ifMatch, source.etag) : ifUnmodifiedSince !== undefined && modified > ifUnmodifiedSince) {
    throw new OssServiceError('PreconditionFailed', {
      // OSS names the condition as the plain HTTP header the copy header stands for.
      details: { Condition: ifMatch !== undefined ? 'If-Match' : 'If-Unmodified-Since' },
    });
  }
  const ifNoneMatch = headers['x-oss-copy-source-if-none-match'];
  const ifModifiedSince = parseDate(headers['x-oss-copy-source-if-modified-since']);
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, source.etag) ? 'not-modified' : 'copy';
  if (ifModifiedSince !== undefined && modified <= ifModifiedSince) return 'not-modified';
  return 'copy';
}

/**
 * The source object of a copy: its bucket must exist (NoSuchBucket) and the key too (NoSuchKey). A
 * symlink is the source itself, not its target (CopyObject.md: only the link is copied).
 *
 * @example
 * ```ts
 * const source = requireCopySource(context, parseCopySource(headers['x-oss-copy-source']));
 * ```
 */
export function requireCopySource(context: OperationContext, source: CopySource): StoredObject {
  if (!context.store.hasBucket(source.bucket)) throw new OssServiceError('NoSuchBucket', { details: { BucketName: source.bucket } });
  const object = context.store.get(source.bucket, source.key);
  if (!object) throw new OssServiceError('NoSuchKey', { details: { Key: source.key } });
  if (source.versionId !== undefined) requireCurrentVersion(new Map([['versionId', source.versionId]]), context.store, source.bucket, source.key);
  return object;
}
