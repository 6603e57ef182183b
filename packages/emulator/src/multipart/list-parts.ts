import { percentEncode } from '@oss-presign/core/signer';
import { isoSeconds } from '../http/dates.js';
import { OssServiceError } from '../http/errors.js';
import { sendXml } from '../http/respond.js';
import { type OperationContext, requireKey } from '../operations/context.js';
import { readMaxKeys } from '../operations/list-objects.js';

const DIGITS = /^\d+$/;

/**
 * ListParts (`GET /key?uploadId=ID`): parts in ascending number after part-number-marker, at most
 * max-parts (default and limit 1000) (ListParts.md).
 *
 * @example
 * ```ts
 * await listParts(context);
 * ```
 */
export async function listParts(context: OperationContext): Promise<void> {
  const key = requireKey(context);
  const { query } = context.request;
  const upload = context.uploads.require(context.bucket, key, query.get('uploadId'));
  const maxParts = readMaxKeys(query, 'max-parts', 1000, 1000);
  const markerText = query.get('part-number-marker') ?? '';
  if (markerText !== '' && !DIGITS.test(markerText)) {
    throw new OssServiceError('InvalidArgument', {
      message: 'part-number-marker must be an integer.',
      details: { ArgumentName: 'part-number-marker', ArgumentValue: markerText },
    });
  }
  const marker = markerText === '' ? 0 : Number(markerText);
  const after = [...upload.parts.values()].filter((part) => part.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = after.slice(0, maxParts);
  const isTruncated = after.length > page.length;
  const urlEncoded = query.get('encoding-type') === 'url';
  const result: Record<string, unknown> = {
    Bucket: context.bucket,
    Key: urlEncoded ? percentEncode(key) : key,
    UploadId: upload.uploadId,
    StorageClass: upload.meta.storageClass,
    PartNumberMarker: marker,
    NextPartNumberMarker: page.length > 0 ? (page[page.length - 1]?.partNumber ?? marker) : marker,
    MaxParts: maxParts,
    IsTruncated: isTruncated,
  };
  if (urlEncoded) result.EncodingType = 'url';
  result.Part = page.map((part) => ({
    PartNumber: part.partNumber,
    LastModified: isoSeconds(part.lastModified),
    ETag: part.etag,
    HashCrc64ecma: part.crc64.toString(),
    Size: part.size,
  }));
  sendXml(context.res, 200, { ListPartsResult: result });
}
