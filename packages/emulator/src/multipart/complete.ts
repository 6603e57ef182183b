import { MIN_PART_SIZE, percentEncode } from '@oss-presign/core/signer';
import { parseCallback } from '../callback/parse-callback.js';
import { runCallback } from '../callback/run-callback.js';
import { readSmallBody } from '../http/body.js';
import { EC, OssServiceError } from '../http/errors.js';
import { sendBody, sendXml } from '../http/respond.js';
import { parseXml } from '../http/xml.js';
import { type OperationContext, requireKey } from '../operations/context.js';
import { encryptionHeaders } from '../operations/encryption.js';
import { forbidOverwrite } from '../operations/object-meta.js';
import type { StoredObject } from '../store/types.js';
import { multipartCrc64, multipartETag, normalizeETag } from './etag.js';
import type { PartRecord, UploadRecord } from './registry.js';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const PART_NUMBER = /^\d{1,5}$/;

/** A part as listed in the CompleteMultipartUpload body. */
interface RequestedPart {
  readonly partNumber: number;
  readonly etag: string;
}

function malformed(): OssServiceError {
  return new OssServiceError('MalformedXML');
}

/**
 * Parses `<CompleteMultipartUpload><Part><PartNumber/><ETag/></Part>…</CompleteMultipartUpload>`.
 *
 * @example
 * ```ts
 * parseCompleteBody('<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"A"</ETag></Part></CompleteMultipartUpload>');
 * ```
 */
export function parseCompleteBody(xml: string): RequestedPart[] {
  const tree = parseXml(xml);
  const root = tree?.CompleteMultipartUpload as { Part?: unknown } | undefined;
  if (!root || typeof root !== 'object' || !Array.isArray(root.Part) || root.Part.length === 0) throw malformed();
  return root.Part.map((part: unknown) => {
    const { PartNumber, ETag } = (part ?? {}) as { PartNumber?: unknown; ETag?: unknown };
    if (typeof PartNumber !== 'string' || !PART_NUMBER.test(PartNumber) || typeof ETag !== 'string') throw malformed();
    return { partNumber: Number(PartNumber), etag: ETag };
  });
}

/**
 * Checks the requested parts against the uploaded ones, in OSS's order: ascending numbers
 * (InvalidPartOrder), each uploaded with a matching ETag (InvalidPart), every part but the last at
 * least 100 KB (EntityTooSmall).
 *
 * @example
 * ```ts
 * const parts = selectParts(upload, parseCompleteBody(xml));
 * ```
 */
export function selectParts(upload: UploadRecord, requested: readonly RequestedPart[]): PartRecord[] {
  for (let i = 1; i < requested.length; i++) {
    if ((requested[i] as RequestedPart).partNumber <= (requested[i - 1] as RequestedPart).partNumber) {
      throw new OssServiceError('InvalidPartOrder');
    }
  }
  const parts = requested.map((wanted) => {
    const part = upload.parts.get(wanted.partNumber);
    if (!part || normalizeETag(part.etag) !== normalizeETag(wanted.etag)) {
      throw new OssServiceError('InvalidPart', { details: { PartNumber: String(wanted.partNumber), ETag: wanted.etag } });
    }
    return part;
  });
  parts.forEach((part, index) => {
    if (index < parts.length - 1 && part.size < MIN_PART_SIZE) {
      throw new OssServiceError('EntityTooSmall', {
        details: { ProposedSize: String(part.size), MinSizeAllowed: String(MIN_PART_SIZE), PartNumber: String(part.partNumber) },
      });
    }
  });
  return parts;
}

async function requestedParts(context: OperationContext, upload: UploadRecord): Promise<PartRecord[]> {
  const body = await readSmallBody(context.req, MAX_BODY_BYTES, 'MalformedXML');
  if (context.request.headers['x-oss-complete-all'] === 'yes') {
    if (body.trim() !== '') {
      throw new OssServiceError('InvalidArgument', {
        message: 'Should not speficy both complete all header and http body.', // typo is OSS's own
        ec: EC.completeAllWithBody,
      });
    }
    const all = [...upload.parts.values()].sort((a, b) => a.partNumber - b.partNumber);
    if (all.length === 0) throw new OssServiceError('InvalidPart', { message: 'x-oss-complete-all: the upload has no parts.' });
    return selectParts(upload, all.map((part) => ({ partNumber: part.partNumber, etag: part.etag })));
  }
  return selectParts(upload, parseCompleteBody(body));
}

/**
 * CompleteMultipartUpload (`POST /key?uploadId=ID`): validates the part list (or takes every part
 * with `x-oss-complete-all: yes`), makes the object visible at once with ETag `"HEX-N"` and the
 * combined CRC-64, consumes the upload id, frees unused parts, and answers the result XML or the
 * callback's JSON (OSS docs "CompleteMultipartUpload" and "Callback").
 *
 * @example
 * ```ts
 * await completeMultipartUpload(context);
 * ```
 */
export async function completeMultipartUpload(context: OperationContext): Promise<void> {
  const key = requireKey(context);
  const { request, bucket, store } = context;
  const upload = context.uploads.require(bucket, key, request.query.get('uploadId'));
  const callback = parseCallback(request.headers, request.query);
  const forbid = forbidOverwrite(request.headers) || upload.forbidOverwrite;
  const parts = await requestedParts(context, upload);
  // Re-check after reading the body: the upload may have been aborted or completed meanwhile.
  context.uploads.require(bucket, key, upload.uploadId);

  const object: StoredObject = {
    bucket,
    key,
    size: parts.reduce((sum, part) => sum + part.size, 0),
    etag: multipartETag(parts),
    crc64: multipartCrc64(parts).toString(),
    lastModified: context.now(),
    objectType: 'Multipart',
    meta: upload.meta,
    segments: parts.map((part) => part.ref),
  };
  upload.completing = true;
  try {
    await store.commit(object, { forbidOverwrite: forbid });
  } catch (error) {
    upload.completing = false;
    throw error;
  }
  await context.uploads.remove(upload.uploadId);
  const used = new Set(parts);
  await store.release([...upload.parts.values()].filter((part) => !used.has(part)).map((part) => part.ref));

  // The completed object's encryption is echoed, as PutObject does (CompleteMultipartUpload.md).
  const headers = { ETag: object.etag, 'x-oss-hash-crc64ecma': object.crc64, ...encryptionHeaders(object.meta.encryption) };
  if (callback) {
    const json = await runCallback(
      callback,
      {
        bucket,
        object: key,
        etag: object.etag.slice(1, -1),
        size: object.size,
        mimeType: object.meta.contentType,
        crc64: object.crc64,
        contentMd5: '',
        reqId: request.requestId,
        operation: 'CompleteMultipartUpload',
        clientIp: context.req.socket.remoteAddress ?? '',
      },
      context.callbacks,
      context.now(),
      headers,
    );
    sendBody(context.res, 200, json, { ...headers, 'Content-Type': 'application/json' });
    return;
  }
  const urlEncoded = request.query.get('encoding-type') === 'url';
  const result: Record<string, unknown> = {};
  if (urlEncoded) result.EncodingType = 'url';
  result.Location = `http://${request.host}${request.rawPath}`;
  result.Bucket = bucket;
  result.Key = urlEncoded ? percentEncode(key) : key;
  result.ETag = object.etag;
  sendXml(context.res, 200, { CompleteMultipartUploadResult: result }, headers);
}
