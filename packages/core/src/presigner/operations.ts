import { MAX_PARTS, MAX_PUT_OBJECT_BYTES } from '../oss/limits.js';
import { type OssCallback, type OssCallbackVar, encodeCallback, encodeCallbackVar } from '../callback/callback-param.js';
import { OssPresignError } from '../errors/oss-presign-error.js';
import type { QueryValue } from '../signer/canonical-query.js';
import {
  type ObjectAcl,
  type ServerSideEncryption,
  type StorageClass,
  assertBucketName,
  assertHeaderName,
  assertInteger,
  assertObjectAcl,
  assertObjectKey,
  assertServerSideEncryption,
  assertStorageClass,
} from './validate.js';

/** Fields every object request may carry. */
interface ObjectRequestBase {
  /** Object key; validated (see assertObjectKey). */
  readonly key: string;
  /** Overrides the presigner's default bucket. */
  readonly bucket?: string | undefined;
}

/** Headers that describe a new object (PutObject and InitiateMultipartUpload). */
interface NewObjectFields {
  readonly contentType?: string | undefined;
  /** Becomes x-oss-meta-{name} headers. */
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  readonly storageClass?: StorageClass | undefined;
  readonly acl?: ObjectAcl | undefined;
  /** Object tags, `{ k: 'v' }` or an already encoded `k=v&k2=v2`. */
  readonly tagging?: Readonly<Record<string, string>> | string | undefined;
  /** Refuse to replace an existing object (x-oss-forbid-overwrite: true). */
  readonly forbidOverwrite?: boolean | undefined;
  readonly serverSideEncryption?: ServerSideEncryption | undefined;
}

interface CallbackFields {
  /** Ask OSS to call the app back after the upload; sent as base64 JSON. */
  readonly callback?: OssCallback | undefined;
  readonly callbackVar?: OssCallbackVar | undefined;
}

export interface PutObjectRequest extends ObjectRequestBase, NewObjectFields, CallbackFields {
  readonly operation: 'PutObject';
  /** Base64 MD5 of the body; OSS rejects a body with another digest. */
  readonly contentMd5?: string | undefined;
  /** Signed as an additional header, so that OSS refuses a body of any other size. */
  readonly contentLength?: number | undefined;
}

export interface GetObjectRequest extends ObjectRequestBase {
  readonly operation: 'GetObject';
  readonly versionId?: string | undefined;
  /** response-* overrides of the returned headers. */
  readonly response?: {
    readonly contentType?: string | undefined;
    readonly contentDisposition?: string | undefined;
    readonly contentLanguage?: string | undefined;
    readonly contentEncoding?: string | undefined;
    readonly cacheControl?: string | undefined;
    readonly expires?: string | undefined;
  } | undefined;
  /** `x-oss-process` image/video processing instructions. */
  readonly process?: string | undefined;
}

export interface HeadObjectRequest extends ObjectRequestBase {
  readonly operation: 'HeadObject';
  readonly versionId?: string | undefined;
}

export interface InitiateMultipartUploadRequest extends ObjectRequestBase, NewObjectFields {
  readonly operation: 'InitiateMultipartUpload';
}

export interface UploadPartRequest extends ObjectRequestBase {
  readonly operation: 'UploadPart';
  readonly uploadId: string;
  /** 1 to 10000. */
  readonly partNumber: number;
  readonly contentLength?: number | undefined;
  readonly contentMd5?: string | undefined;
}

export interface CompleteMultipartUploadRequest extends ObjectRequestBase, CallbackFields {
  readonly operation: 'CompleteMultipartUpload';
  readonly uploadId: string;
  /** x-oss-complete-all: yes — complete with every uploaded part, no XML body needed. */
  readonly completeAll?: boolean | undefined;
  readonly forbidOverwrite?: boolean | undefined;
}

export interface AbortMultipartUploadRequest extends ObjectRequestBase {
  readonly operation: 'AbortMultipartUpload';
  readonly uploadId: string;
}

export interface ListPartsRequest extends ObjectRequestBase {
  readonly operation: 'ListParts';
  readonly uploadId: string;
  readonly maxParts?: number | undefined;
  readonly partNumberMarker?: number | undefined;
}

export interface DeleteObjectRequest extends ObjectRequestBase {
  readonly operation: 'DeleteObject';
  readonly versionId?: string | undefined;
}

/** Anything else: method, key, headers and query as OSS documents them. */
export interface GenericRequest {
  readonly operation: 'Generic';
  readonly method: string;
  readonly key?: string | undefined;
  readonly bucket?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly query?: Readonly<Record<string, QueryValue>> | undefined;
  readonly additionalHeaders?: readonly string[] | undefined;
}

export type PresignRequest =
  | PutObjectRequest
  | GetObjectRequest
  | HeadObjectRequest
  | InitiateMultipartUploadRequest
  | UploadPartRequest
  | CompleteMultipartUploadRequest
  | AbortMultipartUploadRequest
  | ListPartsRequest
  | DeleteObjectRequest
  | GenericRequest;

/** A request reduced to what the signer needs. */
export interface SignableRequest {
  readonly method: string;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly headers: Record<string, string>;
  readonly query: Record<string, QueryValue>;
  readonly additionalHeaders: readonly string[];
}

/** Where a callback goes: headers for header auth, query parameters for presigned URLs (doc "Callback"). */
export type CallbackPlacement = 'query' | 'header';


function setMetadataHeaders(headers: Record<string, string>, metadata: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(metadata)) {
    const value = metadata[name];
    const headerName = `x-oss-meta-${name.toLowerCase()}`;
    assertHeaderName(headerName);
    if (typeof value !== 'string') throw new OssPresignError('INVALID_HEADER', `Metadata "${name}" must be a string`);
    headers[headerName] = value;
  }
}

function setNewObjectHeaders(headers: Record<string, string>, fields: NewObjectFields): void {
  if (fields.contentType !== undefined) headers['content-type'] = fields.contentType;
  const metadata = fields.metadata;
  // Most requests carry no metadata: no empty object and key list to allocate for them.
  if (metadata !== undefined && metadata !== null) setMetadataHeaders(headers, metadata);
  if (fields.storageClass !== undefined) {
    assertStorageClass(fields.storageClass);
    headers['x-oss-storage-class'] = fields.storageClass;
  }
  if (fields.acl !== undefined) {
    assertObjectAcl(fields.acl);
    headers['x-oss-object-acl'] = fields.acl;
  }
  if (fields.tagging !== undefined) {
    headers['x-oss-tagging'] =
      typeof fields.tagging === 'string'
        ? fields.tagging
        : new URLSearchParams(Object.entries(fields.tagging)).toString().replace(/\+/g, '%20');
  }
  if (fields.forbidOverwrite) headers['x-oss-forbid-overwrite'] = 'true';
  if (fields.serverSideEncryption !== undefined) {
    assertServerSideEncryption(fields.serverSideEncryption);
    headers['x-oss-server-side-encryption'] = fields.serverSideEncryption;
  }
}

function setCallback(
  fields: CallbackFields,
  placement: CallbackPlacement,
  headers: Record<string, string>,
  query: Record<string, QueryValue>,
): void {
  if (fields.callback) {
    const value = encodeCallback(fields.callback);
    if (placement === 'query') query.callback = value;
    else headers['x-oss-callback'] = value;
  }
  if (fields.callbackVar) {
    const value = encodeCallbackVar(fields.callbackVar);
    if (placement === 'query') query['callback-var'] = value;
    else headers['x-oss-callback-var'] = value;
  }
}

function setContentLength(headers: Record<string, string>, additional: string[], contentLength: number | undefined, max: number): void {
  if (contentLength === undefined) return;
  assertInteger('contentLength', contentLength, 0, max);
  headers['content-length'] = String(contentLength);
  additional.push('content-length');
}

function checkedUploadId(request: PresignRequest, uploadId: unknown): string {
  if (typeof uploadId !== 'string' || uploadId === '') {
    throw new OssPresignError('INVALID_ARGUMENT', `${request.operation} needs an uploadId`);
  }
  return uploadId;
}

/**
 * Reduces a typed request to method, bucket, key, headers, query and additional headers, validating
 * every field on the way.
 *
 * @example
 * ```ts
 * toSignableRequest({ operation: 'UploadPart', key: 'big.bin', uploadId: 'u', partNumber: 1 }, 'demo', 'query');
 * // { method: 'PUT', bucket: 'demo', key: 'big.bin', query: { partNumber: '1', uploadId: 'u' }, … }
 * ```
 */
export function toSignableRequest(
  request: PresignRequest,
  defaultBucket: string | undefined,
  callbackPlacement: CallbackPlacement,
): SignableRequest {
  if (!request || typeof request !== 'object') throw new OssPresignError('INVALID_ARGUMENT', 'A request object is required');
  const bucket = request.bucket ?? defaultBucket;
  if (bucket !== undefined) assertBucketName(bucket);
  if (request.operation === 'Generic') {
    if (typeof request.method !== 'string' || !/^[A-Za-z]+$/.test(request.method)) {
      throw new OssPresignError('INVALID_ARGUMENT', 'Generic requests need an HTTP method');
    }
    if (request.key !== undefined) {
      // A key lives in a bucket: without one, the signed path would be `/` and the key ignored.
      if (!bucket) throw new OssPresignError('INVALID_ARGUMENT', 'Generic requests with a key need a bucket');
      assertObjectKey(request.key);
    }
    for (const name of Object.keys(request.headers ?? {})) assertHeaderName(name);
    return {
      method: request.method.toUpperCase(),
      bucket,
      key: request.key,
      headers: { ...request.headers },
      query: { ...request.query },
      additionalHeaders: [...(request.additionalHeaders ?? [])],
    };
  }
  const headers: Record<string, string> = {};
  const query: Record<string, QueryValue> = {};
  const additionalHeaders: string[] = [];
  const method = fillObjectRequest(request, callbackPlacement, headers, query, additionalHeaders);
  if (!bucket) throw new OssPresignError('INVALID_ARGUMENT', `${request.operation} needs a bucket`);
  assertObjectKey(request.key);
  return { method, bucket, key: request.key, headers, query, additionalHeaders };
}

// The headers and query of an object operation, filled in place; returns the HTTP method.
function fillObjectRequest(
  request: Exclude<PresignRequest, GenericRequest>,
  callbackPlacement: CallbackPlacement,
  headers: Record<string, string>,
  query: Record<string, QueryValue>,
  additionalHeaders: string[],
): string {
  switch (request.operation) {
    case 'PutObject':
      setNewObjectHeaders(headers, request);
      if (request.contentMd5 !== undefined) headers['content-md5'] = request.contentMd5;
      setContentLength(headers, additionalHeaders, request.contentLength, MAX_PUT_OBJECT_BYTES);
      setCallback(request, callbackPlacement, headers, query);
      return 'PUT';
    case 'GetObject': {
      if (request.versionId) query.versionId = request.versionId;
      if (request.process) query['x-oss-process'] = request.process;
      const response = request.response ?? {};
      if (response.contentType) query['response-content-type'] = response.contentType;
      if (response.contentDisposition) query['response-content-disposition'] = response.contentDisposition;
      if (response.contentLanguage) query['response-content-language'] = response.contentLanguage;
      if (response.contentEncoding) query['response-content-encoding'] = response.contentEncoding;
      if (response.cacheControl) query['response-cache-control'] = response.cacheControl;
      if (response.expires) query['response-expires'] = response.expires;
      return 'GET';
    }
    case 'HeadObject':
      if (request.versionId) query.versionId = request.versionId;
      return 'HEAD';
    case 'DeleteObject':
      if (request.versionId) query.versionId = request.versionId;
      return 'DELETE';
    case 'InitiateMultipartUpload':
      setNewObjectHeaders(headers, request);
      query.uploads = null;
      return 'POST';
    case 'UploadPart':
      query.uploadId = checkedUploadId(request, request.uploadId);
      assertInteger('partNumber', request.partNumber, 1, MAX_PARTS);
      query.partNumber = String(request.partNumber);
      if (request.contentMd5 !== undefined) headers['content-md5'] = request.contentMd5;
      setContentLength(headers, additionalHeaders, request.contentLength, MAX_PUT_OBJECT_BYTES);
      return 'PUT';
    case 'CompleteMultipartUpload':
      query.uploadId = checkedUploadId(request, request.uploadId);
      if (request.completeAll) headers['x-oss-complete-all'] = 'yes';
      if (request.forbidOverwrite) headers['x-oss-forbid-overwrite'] = 'true';
      setCallback(request, callbackPlacement, headers, query);
      return 'POST';
    case 'AbortMultipartUpload':
      query.uploadId = checkedUploadId(request, request.uploadId);
      return 'DELETE';
    case 'ListParts':
      query.uploadId = checkedUploadId(request, request.uploadId);
      if (request.maxParts !== undefined) {
        assertInteger('maxParts', request.maxParts, 1, 1000);
        query['max-parts'] = String(request.maxParts);
      }
      if (request.partNumberMarker !== undefined) {
        assertInteger('partNumberMarker', request.partNumberMarker, 0, MAX_PARTS);
        query['part-number-marker'] = String(request.partNumberMarker);
      }
      return 'GET';
    default:
      throw new OssPresignError(
        'INVALID_ARGUMENT',
        `Unknown operation ${JSON.stringify((request as { operation?: unknown }).operation)}`,
      );
  }
}
