import { encodePath } from '@oss-presign/core/signer';
import { type CallbackRequest, parseCallback } from '../callback/parse-callback.js';
import { runCallback } from '../callback/run-callback.js';
import { OssServiceError } from '../http/errors.js';
import { type PostForm, readPostForm } from '../http/multipart-form.js';
import { sendBody, sendXml } from '../http/respond.js';
import { checkPostPolicy, pinsField } from '../post-policy/check-policy.js';
import { parsePostPolicy } from '../post-policy/parse-policy.js';
import { V4_POLICY_FIELDS, verifyFormSignature } from '../post-policy/verify-form-signature.js';
import { md5ETag } from '../store/digest.js';
import { type IngestResult, ingestBody } from '../store/ingest.js';
import type { StoredObject } from '../store/types.js';
import type { OperationContext } from './context.js';
import { forbidOverwrite, metaFromHeaders } from './object-meta.js';
import { validateKey } from './object-key.js';
import { utf8WireValue } from '../http/wire-value.js';

// Text fields are small (policy, signature, STS token, metadata, callback): 64 KB of them is far
// more than a real form needs and keeps the emulator's memory bounded.
const FORM_LIMITS = { maxFieldBytes: 64 * 1024, maxFields: 256 };
const FILENAME_VARIABLE = '${filename}';
const MULTIPART = /^multipart\/form-data\s*;/i;

function substituteFilename(key: string, filename: string): string {
  return key.split(FILENAME_VARIABLE).join(filename);
}

/** The object key: the `key` field with `${filename}` replaced by the file part's name (OSS doc "PostObject"). */
function objectKey(form: PostForm): string {
  const template = form.fields.get('key');
  if (template === undefined || template === '') {
    throw new OssServiceError('InvalidArgument', {
      message: 'The key form field is required.',
      details: { ArgumentName: 'key', ArgumentValue: '' },
    });
  }
  const key = substituteFilename(template, form.file.filename);
  if (key === '') throw new OssServiceError('InvalidObjectName', { details: { Key: key } });
  validateKey(key);
  return key;
}

/** The form's content and x-oss-* fields as the headers PutObject reads them. */
function headersOf(form: PostForm): Record<string, string> {
  // Form fields are UTF-8 text; as headers they are kept in the byte form request headers have.
  const headers = Object.fromEntries([...form.fields].map(([name, value]) => [name, utf8WireValue(value)]));
  // Without a Content-Type field, the file part's own type is kept (what a browser sends).
  if (!headers['content-type'] && form.file.contentType) headers['content-type'] = utf8WireValue(form.file.contentType);
  return headers;
}

/** The callback form field and its `x:` variables (OSS doc "Callback": PostObject form fields). */
function callbackOf(fields: ReadonlyMap<string, string>): CallbackRequest | undefined {
  const encoded = fields.get('callback');
  if (!encoded) return undefined;
  const parsed = parseCallback({ 'x-oss-callback': encoded }, new Map());
  if (!parsed) return undefined;
  const variables: Record<string, string> = {};
  for (const [name, value] of fields) if (name.startsWith('x:')) variables[name] = value;
  return { ...parsed, variables };
}

function redirectTarget(fields: ReadonlyMap<string, string>): URL | undefined {
  const text = fields.get('success_action_redirect');
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined; // not a URL: OSS falls back to success_action_status
  }
}

async function ingestFile(context: OperationContext, form: PostForm, max: number): Promise<IngestResult> {
  try {
    // The request's length bounds the file's: a small form is hashed inline, not on the workers.
    const declared = context.req.headers['content-length'];
    return await ingestBody(form.file.stream, context.store.blobs.begin(), {
      maxBytes: Math.min(context.maxObjectSize, max),
      declaredLength: declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined,
      hashOffload: context.hashOffload,
    });
  } catch (error) {
    if (error instanceof OssServiceError && error.code === 'EntityTooLarge' && max < context.maxObjectSize) {
      throw new OssServiceError('EntityTooLarge', {
        message: 'Your proposed upload exceeds the maximum allowed size.',
        ec: '0006-00000004',
        details: { MaxSizeAllowed: String(max) },
      });
    }
    throw error;
  }
}

function answer(context: OperationContext, object: StoredObject, fields: ReadonlyMap<string, string>, headers: Record<string, string>): void {
  const redirect = redirectTarget(fields);
  if (redirect) {
    // 303 to the page the form named, with bucket, key and ETag appended to its query.
    redirect.searchParams.append('bucket', object.bucket);
    redirect.searchParams.append('key', object.key);
    redirect.searchParams.append('etag', object.etag);
    sendBody(context.res, 303, undefined, { ...headers, Location: redirect.toString() });
    return;
  }
  const status = fields.get('success_action_status');
  if (status === '201') {
    const base = context.request.rawPath.replace(/\/+$/, '');
    sendXml(
      context.res,
      201,
      {
        PostResponse: {
          Bucket: object.bucket,
          Location: `http://${context.request.host}${base}/${encodePath(object.key)}`,
          Key: object.key,
          ETag: object.etag,
        },
      },
      headers,
    );
    return;
  }
  // 200 and 204 answer an empty body; a missing or other value means 204 (OSS doc "PostObject").
  sendBody(context.res, status === '200' ? 200 : 204, undefined, headers);
}

/**
 * PostObject: an HTML-form upload to the bucket. Reads the text fields up to the `file` part,
 * verifies the V1 or V4 form signature, decodes and checks the policy (expiration, conditions),
 * checks the key and metadata, then streams the file into a blob, enforcing `content-length-range`
 * while it arrives, and commits only when the whole form was valid: a failed check stores nothing.
 * Answers per `success_action_redirect` (303), `success_action_status` (200, 201 with PostResponse
 * XML, 204 by default) or, with a `callback` field, the app's JSON (OSS doc "PostObject").
 *
 * @example
 * ```ts
 * await postObject(context);
 * ```
 */
export async function postObject(context: OperationContext): Promise<void> {
  const { request, store, bucket } = context;
  const contentType = request.headers['content-type'] ?? '';
  if (!MULTIPART.test(contentType)) {
    throw new OssServiceError('MalformedPOSTRequest', { message: 'The body of your POST request is not well-formed multipart/form-data.' });
  }
  const form = await readPostForm(context.req, contentType, FORM_LIMITS);
  let ingested: IngestResult | undefined;
  let object: StoredObject;
  let callback: CallbackRequest | undefined;
  let headers: Record<string, string>;
  try {
    const auth = verifyFormSignature({
      fields: form.fields,
      region: context.region,
      lookup: context.lookup,
      signingKeyCache: context.signingKeyCache,
      now: context.request.receivedAt,
    });
    const policy = parsePostPolicy(auth.policy);
    if (auth.scheme === 'v4-post') {
      for (const field of V4_POLICY_FIELDS) {
        if (!pinsField(policy, field)) {
          throw new OssServiceError('InvalidPolicyDocument', { message: `Invalid Policy: a V4 policy must contain the ${field} condition.` });
        }
      }
    }
    const range = checkPostPolicy(policy, form.fields, bucket, request.receivedAt);
    const key = objectKey(form);
    const fieldHeaders = headersOf(form);
    const meta = metaFromHeaders(fieldHeaders);
    const forbid = forbidOverwrite(fieldHeaders);
    callback = callbackOf(form.fields);
    if (forbid && store.get(bucket, key)) throw new OssServiceError('FileAlreadyExists');

    ingested = await ingestFile(context, form, range.max);
    await form.end; // a part after the file makes the whole form malformed
    if (ingested.ref.size < range.min) {
      throw new OssServiceError('EntityTooSmall', {
        message: 'Your proposed upload is smaller than the minimum allowed size.',
        ec: '0006-00000004',
        details: { MinSizeAllowed: String(range.min), ProposedSize: String(ingested.ref.size) },
      });
    }
    const etag = md5ETag(ingested.md5);
    object = {
      bucket,
      key,
      size: ingested.ref.size,
      etag,
      contentMd5: ingested.md5.toString('base64'),
      crc64: ingested.crc64.toString(),
      lastModified: context.now(),
      objectType: 'Normal',
      meta,
      segments: [ingested.ref],
    };
    await store.commit(object, { forbidOverwrite: forbid });
    headers = { ETag: etag, 'Content-MD5': object.contentMd5 as string, 'x-oss-hash-crc64ecma': object.crc64 };
  } catch (error) {
    if (ingested) await store.release([ingested.ref]);
    form.discard();
    throw error;
  }

  if (!callback) {
    answer(context, object, form.fields, headers);
    return;
  }
  const json = await runCallback(
    callback,
    {
      bucket,
      object: object.key,
      etag: object.etag.slice(1, -1),
      size: object.size,
      mimeType: object.meta.contentType,
      crc64: object.crc64,
      contentMd5: object.contentMd5 as string,
      reqId: request.requestId,
      operation: 'PostObject',
      clientIp: context.req.socket.remoteAddress ?? '',
    },
    context.callbacks,
    context.now(),
    headers,
  );
  sendBody(context.res, 200, json, { ...headers, 'Content-Type': 'application/json' });
}
