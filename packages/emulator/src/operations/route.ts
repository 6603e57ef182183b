import type { QueryParams } from '../http/query.js';
import type { OperationName } from './names.js';

// Sub-resources of operations the emulator does not implement: answering them as a plain GET/PUT of
// the object would be wrong, so they are refused instead.
const UNSUPPORTED_SUBRESOURCES = [
  'acl', 'append', 'bucketInfo', 'cors', 'delete', 'lifecycle', 'location', 'logging', 'objectMeta', 'policy',
  'referer', 'restore', 'stat', 'symlink', 'tagging', 'versioning', 'versions', 'website', 'x-oss-process',
];

/**
 * Names the operation of a request from its method, whether it addresses an object, and its
 * sub-resources (`uploads`, `uploadId`, `partNumber`, `list-type`). `undefined` when the emulator
 * does not implement it.
 *
 * @example
 * ```ts
 * routeOperation('PUT', true, parseQuery('partNumber=1&uploadId=X')); // 'UploadPart'
 * ```
 */
export function routeOperation(method: string, hasKey: boolean, query: QueryParams): OperationName | undefined {
  for (const name of UNSUPPORTED_SUBRESOURCES) if (query.has(name)) return undefined;
  if (!hasKey) {
    // PostObject: an HTML form POSTed to the bucket itself (OSS doc "PostObject").
    if (method === 'POST') return query.size === 0 ? 'PostObject' : undefined;
    if (method !== 'GET') return undefined;
    if (query.has('uploads')) return 'ListMultipartUploads';
    return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
  }
  const uploadId = query.has('uploadId');
  switch (method) {
    case 'PUT':
      if (uploadId || query.has('partNumber')) return 'UploadPart';
      return 'PutObject';
    case 'GET':
      return uploadId ? 'ListParts' : 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return uploadId ? 'AbortMultipartUpload' : 'DeleteObject';
    case 'POST':
      if (query.has('uploads')) return 'InitiateMultipartUpload';
      if (uploadId) return 'CompleteMultipartUpload';
      return undefined;
    default:
      return undefined;
  }
}
