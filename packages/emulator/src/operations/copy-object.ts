import { isoSeconds } from '../http/dates.js';
import { OssServiceError } from '../http/errors.js';
import { sendBody, sendXml } from '../http/respond.js';
import { copyBytes } from '../store/copy-bytes.js';
import type { ObjectMeta, StoredObject } from '../store/types.js';
import { type OperationContext, requireKey } from './context.js';
import { copyCondition, parseCopySource, requireCopySource } from './copy-source.js';
import { encryptionHeaders } from './encryption.js';
import { forbidOverwrite, metaFromHeaders } from './object-meta.js';

function directive(headers: Readonly<Record<string, string>>, name: string, values: readonly string[]): string {
  const value = headers[name] ?? (values[0] as string);
  if (!values.includes(value)) {
    throw new OssServiceError('InvalidArgument', {
      message: `${name} must be ${values.join(' or ')}.`,
      details: { ArgumentName: name, ArgumentValue: value },
    });
  }
  return value;
}

/**
 * The metadata of the copy (CopyObject.md): with x-oss-metadata-directive COPY (the default) the
 * source's, with REPLACE only what the request sends. Either way the request's storage class, ACL
 * and server-side encryption apply (encryption is never copied), and x-oss-tagging-directive
 * (Copy, the default, or Replace) decides the tags.
 */
function copyMeta(source: StoredObject, headers: Readonly<Record<string, string>>, sameObject: boolean): ObjectMeta {
  const replaceMeta = directive(headers, 'x-oss-metadata-directive', ['COPY', 'REPLACE']) === 'REPLACE';
  const replaceTags = directive(headers, 'x-oss-tagging-directive', ['Copy', 'Replace']) === 'Replace';
  const requested = metaFromHeaders(headers);
  const base = replaceMeta ? requested : source.meta;
  return {
    ...base,
    storageClass: headers['x-oss-storage-class'] !== undefined ? requested.storageClass : source.meta.storageClass,
    acl: requested.acl ?? (sameObject ? source.meta.acl : undefined),
    encryption: requested.encryption,
    tags: replaceTags ? requested.tags : source.meta.tags,
  };
}

/**
 * CopyObject (`PUT /key` with x-oss-copy-source: /bucket/key): copies an object within a bucket or
 * across the emulator's buckets, with the copy conditions (412 PreconditionFailed, 304) and the
 * metadata and tagging directives. Copying an object onto itself changes its metadata only, the way
 * ali-oss's putMeta works. The copy keeps the source's ETag and CRC-64 and answers
 * `<CopyObjectResult><ETag/><LastModified/></CopyObjectResult>` (CopyObject.md). A symlink source
 * copies the link, not its target.
 *
 * @example
 * ```ts
 * await copyObject(context);
 * ```
 */
export async function copyObject(context: OperationContext): Promise<void> {
  const { request, store, bucket } = context;
  const key = requireKey(context);
  const headers = request.headers;
  const from = parseCopySource(headers['x-oss-copy-source'] as string);
  const sameObject = from.bucket === bucket && from.key === key;
  const forbid = forbidOverwrite(headers);
  const source = requireCopySource(context, from);
  copyMeta(source, headers, sameObject); // every header is validated before anything is stored
  if (copyCondition(source, headers) === 'not-modified') {
    sendBody(context.res, 304, undefined, { ETag: source.etag });
    return;
  }

  let copy: StoredObject;
  if (sameObject) {
    // Only the metadata changes, atomically, on whatever the object is by then (CopyObject.md).
    copy = await store.update(bucket, key, (current) => {
      if (!current) throw new OssServiceError('NoSuchKey', { details: { Key: from.key } });
      return { ...current, meta: copyMeta(current, headers, true), lastModified: context.now() };
    });
  } else {
    if (forbid && store.get(bucket, key)) throw new OssServiceError('FileAlreadyExists');
    const body = source.size > 0 ? await copyBytes(store, source, 0, source.size - 1, context.hashOffload) : undefined;
    copy = {
      ...source,
      bucket,
      key,
      meta: copyMeta(source, headers, false),
      lastModified: context.now(),
      segments: body ? [body.ref] : [],
    };
    try {
      await store.commit(copy, { forbidOverwrite: forbid });
    } catch (error) {
      await store.release(copy.segments);
      throw error;
    }
  }
  const lastModified = isoSeconds(copy.lastModified);
  sendXml(
    context.res,
    200,
    { CopyObjectResult: { ETag: copy.etag, LastModified: lastModified } },
    { ETag: copy.etag, 'x-oss-hash-crc64ecma': copy.crc64, ...encryptionHeaders(copy.meta.encryption) },
  );
}
