import { OssServiceError } from '../http/errors.js';
import type { QueryParams } from '../http/query.js';
import type { OperationName } from './names.js';

/** Whether an operation addresses an object (`/bucket/key`) or the bucket itself (`/bucket/`). */
export type OperationScope = 'object' | 'bucket';

/** How a request names one OSS operation: method, scope, and the sub-resource or header that marks it. */
interface RuleMatch {
  readonly methods: readonly string[];
  readonly scope: OperationScope | 'any';
  /** A query parameter (sub-resource) the request carries, e.g. `tagging`. */
  readonly param?: string | undefined;
  /** A header the request carries, e.g. `x-oss-copy-source`. */
  readonly header?: string | undefined;
}

/** An operation the emulator answers. */
export interface EmulatedRule extends RuleMatch {
  readonly emulated: OperationName;
}

/** An OSS operation the emulator recognises and refuses with 501 NotImplemented, and why. */
export interface RefusedRule extends RuleMatch {
  readonly refused: string;
  readonly reason: string;
}

/** One row of {@link OPERATION_TABLE}. */
export type OperationRule = EmulatedRule | RefusedRule;

const ANY = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];
const IMAGE = 'image and document processing is out of scope';
const ARCHIVE = 'there is no archive storage to restore from';
const VERSIONS = 'buckets are unversioned';
const CONFIG = "a bucket's configuration is fixed by the emulator's options";
const BUCKETS = "buckets are fixed by the emulator's options";

function emulated(emulated: OperationName, methods: string | readonly string[], scope: OperationScope, marker: Partial<RuleMatch> = {}): EmulatedRule {
  return { emulated, methods: typeof methods === 'string' ? [methods] : methods, scope, ...marker };
}

function refused(name: string, methods: string | readonly string[], scope: RuleMatch['scope'], reason: string, marker: Partial<RuleMatch> = {}): RefusedRule {
  return { refused: name, reason, methods: typeof methods === 'string' ? [methods] : methods, scope, ...marker };
}

// Put/Get/Delete<Suffix> of a bucket configuration sub-resource, then any other method with it.
function bucketConfig(param: string, suffix: string, methods: readonly ('PUT' | 'GET' | 'DELETE')[] = ['PUT', 'GET', 'DELETE']): RefusedRule[] {
  const verbs = { PUT: 'Put', GET: 'Get', DELETE: 'Delete' } as const;
  return [
    ...methods.map((method) => refused(`${verbs[method]}${suffix}`, method, 'bucket', CONFIG, { param })),
    refused(`${suffix} (?${param})`, ANY, 'bucket', CONFIG, { param }),
  ];
}

/**
 * Every OSS operation the emulator recognises, first match wins: the ones it answers, and the ones
 * it refuses with 501 NotImplemented before reading the body or storing anything, so that no
 * request is ever half-handled as a plainer operation (a CopyObject taken for an empty PutObject).
 * A sub-resource or header the table does not name leaves the operation as it is; an unknown
 * method is 405 MethodNotAllowed. Sources: the OSS API reference's object and bucket operations.
 */
export const OPERATION_TABLE: readonly OperationRule[] = [
  // Anywhere: features the emulator has not got.
  refused('ImageProcessing (x-oss-process)', ['GET', 'HEAD'], 'any', IMAGE, { param: 'x-oss-process' }),
  refused('ProcessObject / SelectObject (x-oss-process)', ANY, 'any', IMAGE, { param: 'x-oss-process' }),
  refused('AsyncProcessObject', ANY, 'any', IMAGE, { param: 'x-oss-async-process' }),

  // Objects, by sub-resource.
  emulated('PutObjectACL', 'PUT', 'object', { param: 'acl' }),
  emulated('GetObjectACL', 'GET', 'object', { param: 'acl' }),
  emulated('PutObjectTagging', 'PUT', 'object', { param: 'tagging' }),
  emulated('GetObjectTagging', 'GET', 'object', { param: 'tagging' }),
  emulated('DeleteObjectTagging', 'DELETE', 'object', { param: 'tagging' }),
  emulated('PutSymlink', 'PUT', 'object', { param: 'symlink' }),
  emulated('GetSymlink', 'GET', 'object', { param: 'symlink' }),
  emulated('GetObjectMeta', ['HEAD', 'GET'], 'object', { param: 'objectMeta' }),
  emulated('AppendObject', 'POST', 'object', { param: 'append' }),
  refused('RestoreObject', 'POST', 'object', ARCHIVE, { param: 'restore' }),
  refused('CleanRestoredObject', 'POST', 'object', ARCHIVE, { param: 'cleanRestoredObject' }),
  refused('SealAppendObject', 'POST', 'object', 'appendable objects are never sealed here', { param: 'seal' }),
  refused('Rename', ANY, 'object', 'hierarchical namespace is not emulated', { param: 'x-oss-rename' }),

  // Multipart.
  emulated('InitiateMultipartUpload', 'POST', 'object', { param: 'uploads' }),
  emulated('CompleteMultipartUpload', 'POST', 'object', { param: 'uploadId' }),
  emulated('UploadPartCopy', 'PUT', 'object', { param: 'uploadId', header: 'x-oss-copy-source' }),
  emulated('UploadPartCopy', 'PUT', 'object', { param: 'partNumber', header: 'x-oss-copy-source' }),
  emulated('UploadPart', 'PUT', 'object', { param: 'uploadId' }),
  emulated('UploadPart', 'PUT', 'object', { param: 'partNumber' }),
  emulated('ListParts', 'GET', 'object', { param: 'uploadId' }),
  emulated('AbortMultipartUpload', 'DELETE', 'object', { param: 'uploadId' }),

  // Objects, plain.
  emulated('CopyObject', 'PUT', 'object', { header: 'x-oss-copy-source' }),
  emulated('PutObject', 'PUT', 'object'),
  emulated('GetObject', 'GET', 'object'),
  emulated('HeadObject', 'HEAD', 'object'),
  emulated('DeleteObject', 'DELETE', 'object'),

  // Buckets, by sub-resource.
  emulated('DeleteMultipleObjects', 'POST', 'bucket', { param: 'delete' }),
  emulated('ListMultipartUploads', 'GET', 'bucket', { param: 'uploads' }),
  refused('ListObjectVersions', ANY, 'bucket', VERSIONS, { param: 'versions' }),
  ...bucketConfig('versioning', 'BucketVersioning', ['PUT', 'GET']),
  ...bucketConfig('acl', 'BucketAcl', ['PUT', 'GET']),
  ...bucketConfig('cors', 'BucketCors'),
  ...bucketConfig('lifecycle', 'BucketLifecycle'),
  ...bucketConfig('website', 'BucketWebsite'),
  ...bucketConfig('referer', 'BucketReferer', ['PUT', 'GET']),
  ...bucketConfig('logging', 'BucketLogging'),
  ...bucketConfig('policy', 'BucketPolicy'),
  ...bucketConfig('tagging', 'BucketTags'),
  ...bucketConfig('encryption', 'BucketEncryption'),
  ...bucketConfig('worm', 'BucketWorm'),
  ...bucketConfig('inventory', 'BucketInventory'),
  ...bucketConfig('replication', 'BucketReplication'),
  ...bucketConfig('transferAcceleration', 'BucketTransferAcceleration', ['PUT', 'GET']),
  ...bucketConfig('requestPayment', 'BucketRequestPayment', ['PUT', 'GET']),
  ...bucketConfig('cname', 'Cname'),
  ...bucketConfig('style', 'Style'),
  ...bucketConfig('resourceGroup', 'BucketResourceGroup', ['PUT', 'GET']),
  ...bucketConfig('location', 'BucketLocation', ['GET']),
  ...bucketConfig('bucketInfo', 'BucketInfo', ['GET']),
  ...bucketConfig('stat', 'BucketStat', ['GET']),
  refused('LiveChannel', ANY, 'any', 'live channels are not emulated', { param: 'live' }),
  refused('AsyncFetch', ANY, 'bucket', 'fetching from the Internet is not emulated', { param: 'asyncFetch' }),

  // Buckets, plain.
  emulated('ListObjects', 'GET', 'bucket'), // ListObjectsV2 with list-type=2: a value, see routeOperation
  emulated('PostObject', 'POST', 'bucket'), // an HTML form POSTed to the bucket (OSS doc "PostObject")
  refused('PutBucket', 'PUT', 'bucket', BUCKETS),
  refused('DeleteBucket', 'DELETE', 'bucket', BUCKETS),
];

function matches(rule: OperationRule, method: string, scope: OperationScope, query: QueryParams, headers: Readonly<Record<string, string>>): boolean {
  if (!rule.methods.includes(method)) return false;
  if (rule.scope !== 'any' && rule.scope !== scope) return false;
  if (rule.param !== undefined && !query.has(rule.param)) return false;
  return rule.header === undefined || headers[rule.header] !== undefined;
}

/**
 * Finds the row of {@link OPERATION_TABLE} a request matches, from its method, whether it addresses
 * an object, its sub-resources and its marking headers; the first matching row wins.
 *
 * @throws OssServiceError 405 MethodNotAllowed when no row matches.
 * @example
 * ```ts
 * routeOperation('PUT', true, parseQuery('partNumber=1&uploadId=X'), {}); // { emulated: 'UploadPart', … }
 * routeOperation('POST', true, parseQuery('restore'), {}); // { refused: 'RestoreObject', … }
 * ```
 */
export function routeOperation(
  method: string,
  hasKey: boolean,
  query: QueryParams,
  headers: Readonly<Record<string, string>>,
): OperationRule {
  const scope: OperationScope = hasKey ? 'object' : 'bucket';
  const rule = OPERATION_TABLE.find((candidate) => matches(candidate, method, scope, query, headers));
  if (!rule) throw new OssServiceError('MethodNotAllowed');
  return rule;
}

/**
 * The operation to run for a routed request, or 501 NotImplemented naming the OSS operation the
 * emulator refuses. Called once the request is authenticated, so a bad signature is still a 403
 * whatever the operation, and before the operation reads the body or stores anything.
 *
 * @throws OssServiceError 501 NotImplemented for a refused operation.
 * @example
 * ```ts
 * emulatedOperation(routeOperation('PUT', true, new Map(), { 'x-oss-copy-source': '/demo/a' }), new Map()); // 'CopyObject'
 * ```
 */
export function emulatedOperation(rule: OperationRule, query: QueryParams): OperationName {
  if ('refused' in rule) {
    throw new OssServiceError('NotImplemented', {
      message: `The emulator does not implement ${rule.refused}: ${rule.reason}.`,
      details: { Operation: rule.refused },
    });
  }
  // The only operation told apart by a parameter's value rather than its presence (ListObjectsV2.md).
  return rule.emulated === 'ListObjects' && query.get('list-type') === '2' ? 'ListObjectsV2' : rule.emulated;
}
