import { isoSeconds } from '../http/dates.js';
import { EC } from '../http/errors.js';
import { sendBody, sendXml } from '../http/respond.js';
import { readPartNumber, storePart } from '../multipart/upload-part.js';
import { copyBytes } from '../store/copy-bytes.js';
import { type OperationContext, requireKey } from './context.js';
import { copyCondition, parseCopySource, requireCopySource } from './copy-source.js';
import { parseRange } from './range.js';

/**
 * UploadPartCopy (`PUT /key?partNumber=N&uploadId=ID` with x-oss-copy-source): makes a part from
 * an existing object, whole or the x-oss-copy-source-range `bytes=first-last` (a malformed range
 * copies the whole object, one starting past the end is 416 InvalidRange, as GetObject's Range),
 * with the copy conditions of CopyObject. Answers `<CopyPartResult><LastModified/><ETag/></CopyPartResult>`
 * and the part's ETag header (UploadPartCopy.md); an unknown upload is NoSuchUpload (EC 0042-00000311).
 *
 * @example
 * ```ts
 * await uploadPartCopy(context);
 * ```
 */
export async function uploadPartCopy(context: OperationContext): Promise<void> {
  const key = requireKey(context);
  const { query, headers } = context.request;
  const uploadId = query.get('uploadId');
  context.uploads.require(context.bucket, key, uploadId, EC.noSuchUploadOnUploadPartCopy);
  const partNumber = readPartNumber(query.get('partNumber'));
  const source = requireCopySource(context, parseCopySource(headers['x-oss-copy-source'] as string));
  if (copyCondition(source, headers) === 'not-modified') {
    sendBody(context.res, 304, undefined, { ETag: source.etag });
    return;
  }
  const range = parseRange(headers['x-oss-copy-source-range'], source.size);
  const start = range ? range.start : 0;
  const end = range ? range.end : source.size - 1;
  const body = await copyBytes(context.store, source, start, end, context.hashOffload);

  const part = await storePart(context, key, uploadId, partNumber, body, EC.noSuchUploadOnUploadPartCopy);
  sendXml(context.res, 200, { CopyPartResult: { LastModified: isoSeconds(part.lastModified), ETag: part.etag } }, {
    ETag: part.etag,
    'x-oss-hash-crc64ecma': part.crc64.toString(),
  });
}
