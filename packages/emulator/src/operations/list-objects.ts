import { encodePath } from '@oss-presign/core/signer';
import { isoSeconds } from '../http/dates.js';
import { OssServiceError } from '../http/errors.js';
import type { QueryParams } from '../http/query.js';
import { sendXml } from '../http/respond.js';
import type { StoredObject } from '../store/types.js';
import type { OperationContext } from './context.js';

const DIGITS = /^\d+$/;

/** One page of a listing. */
export interface ListingPage {
  readonly contents: StoredObject[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
  /** The last key or common prefix returned: where the next page starts after. */
  readonly last: string;
}

/**
 * Reads max-keys (default 100, at most 1000, as OSS).
 *
 * @example
 * ```ts
 * readMaxKeys(parseQuery('max-keys=5')); // 5
 * ```
 */
export function readMaxKeys(query: QueryParams, name = 'max-keys', max = 1000, fallback = 100): number {
  const text = query.get(name);
  if (text === undefined || text === '') return fallback;
  const value = DIGITS.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0 && value <= max)) {
    throw new OssServiceError('InvalidArgument', {
      message: `${name} must be an integer from 0 to ${max}.`,
      details: { ArgumentName: name, ArgumentValue: text },
    });
  }
  return value;
}

/**
 * Pages through sorted objects: keys after `startAfter` under `prefix`, rolling keys that contain
 * `delimiter` after the prefix into common prefixes (each counts as one entry).
 *
 * @example
 * ```ts
 * listingPage(store.list('demo'), { prefix: 'a/', delimiter: '/', startAfter: '', maxKeys: 100 });
 * ```
 */
export function listingPage(
  objects: readonly StoredObject[],
  options: { prefix: string; delimiter: string; startAfter: string; maxKeys: number },
): ListingPage {
  const contents: StoredObject[] = [];
  const commonPrefixes: string[] = [];
  let last = '';
  for (const object of objects) {
    if (object.key <= options.startAfter || !object.key.startsWith(options.prefix)) continue;
    const cut = options.delimiter ? object.key.indexOf(options.delimiter, options.prefix.length) : -1;
    const commonPrefix = cut === -1 ? undefined : object.key.slice(0, cut + options.delimiter.length);
    if (commonPrefix !== undefined && commonPrefix === commonPrefixes[commonPrefixes.length - 1]) continue;
    if (commonPrefix !== undefined && commonPrefix <= options.startAfter) continue;
    if (contents.length + commonPrefixes.length >= options.maxKeys) return { contents, commonPrefixes, isTruncated: true, last };
    if (commonPrefix === undefined) {
      contents.push(object);
      last = object.key;
    } else {
      commonPrefixes.push(commonPrefix);
      last = commonPrefix;
    }
  }
  return { contents, commonPrefixes, isTruncated: false, last };
}

function encoder(query: QueryParams): (text: string) => string {
  // encoding-type=url: percent-encoded like a path, `/` kept.
  return query.get('encoding-type') === 'url' ? encodePath : (text) => text;
}

// The emulator has one owner; ListObjects (V1) always lists it, V2 with fetch-owner=true (ali-oss
// list() reads Owner.ID unconditionally).
const OWNER = { ID: 'oss-emulator', DisplayName: 'oss-emulator' };

function contentsXml(page: ListingPage, encode: (text: string) => string, withOwner: boolean): Record<string, unknown>[] {
  return page.contents.map((object) => ({
    Key: encode(object.key),
    LastModified: isoSeconds(object.lastModified),
    ETag: object.etag,
    Type: object.objectType,
    Size: object.size,
    StorageClass: object.meta.storageClass,
    ...(withOwner ? { Owner: OWNER } : {}),
  }));
}

function readListOptions(query: QueryParams): { prefix: string; delimiter: string; maxKeys: number } {
  return { prefix: query.get('prefix') ?? '', delimiter: query.get('delimiter') ?? '', maxKeys: readMaxKeys(query) };
}

/**
 * ListObjectsV2 (`GET /?list-type=2`): prefix, delimiter, max-keys, start-after,
 * continuation-token (opaque: base64 of the last key), encoding-type=url.
 *
 * @example
 * ```ts
 * await listObjectsV2(context);
 * ```
 */
export async function listObjectsV2(context: OperationContext): Promise<void> {
  const { query } = context.request;
  const options = readListOptions(query);
  const token = query.get('continuation-token');
  const startAfter = token ? Buffer.from(token, 'base64url').toString('utf8') : (query.get('start-after') ?? '');
  const page = listingPage(context.store.list(context.bucket), { ...options, startAfter });
  const encode = encoder(query);
  const result: Record<string, unknown> = {
    Name: context.bucket,
    Prefix: encode(options.prefix),
    MaxKeys: options.maxKeys,
    Delimiter: encode(options.delimiter),
    IsTruncated: page.isTruncated,
  };
  if (query.has('start-after')) result.StartAfter = encode(query.get('start-after') ?? '');
  if (token) result.ContinuationToken = token;
  if (page.isTruncated) result.NextContinuationToken = Buffer.from(page.last, 'utf8').toString('base64url');
  if (query.get('encoding-type') === 'url') result.EncodingType = 'url';
  result.KeyCount = page.contents.length + page.commonPrefixes.length;
  result.Contents = contentsXml(page, encode, query.get('fetch-owner') === 'true');
  result.CommonPrefixes = page.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) }));
  sendXml(context.res, 200, { ListBucketResult: result });
}

/**
 * ListObjects (V1, `GET /`): prefix, delimiter, max-keys, marker, encoding-type=url — what ali-oss
 * `list()` calls.
 *
 * @example
 * ```ts
 * await listObjects(context);
 * ```
 */
export async function listObjects(context: OperationContext): Promise<void> {
  const { query } = context.request;
  const options = readListOptions(query);
  const marker = query.get('marker') ?? '';
  const page = listingPage(context.store.list(context.bucket), { ...options, startAfter: marker });
  const encode = encoder(query);
  const result: Record<string, unknown> = {
    Name: context.bucket,
    Prefix: encode(options.prefix),
    Marker: encode(marker),
    MaxKeys: options.maxKeys,
    Delimiter: encode(options.delimiter),
    IsTruncated: page.isTruncated,
  };
  if (page.isTruncated) result.NextMarker = encode(page.last);
  if (query.get('encoding-type') === 'url') result.EncodingType = 'url';
  result.Contents = contentsXml(page, encode, true);
  result.CommonPrefixes = page.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) }));
  sendXml(context.res, 200, { ListBucketResult: result });
}
