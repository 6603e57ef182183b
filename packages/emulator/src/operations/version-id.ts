import { OssServiceError } from '../http/errors.js';
import type { QueryParams } from '../http/query.js';
import type { ObjectStore } from '../store/object-store.js';

/**
 * Buckets here are unversioned, so every object has the one version id `null` (OSS's id for
 * objects written while versioning was never enabled, "Versioning" in the object operation docs).
 * `versionId=null` addresses the current object; any other id is 404 NoSuchVersion when the key
 * exists (NoSuchKey otherwise, left to the operation), never silently the current object.
 *
 * @example
 * ```ts
 * requireCurrentVersion(parseQuery('versionId=CAEQ'), store, 'demo', 'a.txt'); // throws NoSuchVersion if a.txt exists
 * ```
 */
export function requireCurrentVersion(query: QueryParams, store: ObjectStore, bucket: string, key: string): void {
  const versionId = query.get('versionId');
  if (versionId === undefined || versionId === 'null') return;
  if (store.get(bucket, key)) throw new OssServiceError('NoSuchVersion', { details: { Key: key, VersionId: versionId } });
}
