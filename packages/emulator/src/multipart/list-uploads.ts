import { percentEncode } from '@oss-presign/core/signer';
import { isoSeconds } from '../http/dates.js';
import { sendXml } from '../http/respond.js';
import type { OperationContext } from '../operations/context.js';
import { readMaxKeys } from '../operations/list-objects.js';
import type { UploadRecord } from './registry.js';

function byKeyThenId(a: UploadRecord, b: UploadRecord): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.uploadId < b.uploadId ? -1 : a.uploadId > b.uploadId ? 1 : 0;
}

/**
 * ListMultipartUploads (`GET /?uploads`): uploads in progress sorted by key then upload id, with
 * prefix, key-marker/upload-id-marker and max-uploads (default and limit 1000).
 *
 * @example
 * ```ts
 * await listMultipartUploads(context);
 * ```
 */
export async function listMultipartUploads(context: OperationContext): Promise<void> {
  const { query } = context.request;
  const prefix = query.get('prefix') ?? '';
  const keyMarker = query.get('key-marker') ?? '';
  const uploadIdMarker = query.get('upload-id-marker') ?? '';
  const maxUploads = readMaxKeys(query, 'max-uploads', 1000, 1000);
  const remaining = context.uploads
    .list(context.bucket)
    .filter((upload) => upload.key.startsWith(prefix))
    .filter((upload) => upload.key > keyMarker || (upload.key === keyMarker && uploadIdMarker !== '' && upload.uploadId > uploadIdMarker))
    .sort(byKeyThenId);
  const page = remaining.slice(0, maxUploads);
  const last = page[page.length - 1];
  const encode = query.get('encoding-type') === 'url' ? percentEncode : (text: string) => text;
  const result: Record<string, unknown> = {
    Bucket: context.bucket,
    KeyMarker: encode(keyMarker),
    UploadIdMarker: uploadIdMarker,
    NextKeyMarker: last ? encode(last.key) : '',
    NextUploadIdMarker: last ? last.uploadId : '',
    Prefix: encode(prefix),
    MaxUploads: maxUploads,
    IsTruncated: remaining.length > page.length,
  };
  if (query.get('encoding-type') === 'url') result.EncodingType = 'url';
  result.Upload = page.map((upload) => ({
    Key: encode(upload.key),
    UploadId: upload.uploadId,
    StorageClass: upload.meta.storageClass,
    Initiated: isoSeconds(upload.initiated),
  }));
  sendXml(context.res, 200, { ListMultipartUploadsResult: result });
}
