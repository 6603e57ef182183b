import { OssPresignError } from '../errors/oss-presign-error.js';
import { expirationText } from './expiration-text.js';
import { buildCallback } from './build-callback.js';
import { checkFile, chooseKey } from './describe-file.js';
import { MAX_PARTS } from '../oss/limits.js';
import { type PartPlan, partSizeOf, planMultipart } from './limits.js';
import { assertKeyInPrefix } from './object-key.js';
import type { HandlerRequest } from './options.js';
import { type JsonObject, readArray, readInteger, readString } from './read-fields.js';
import type { Policy } from './resolve-policy.js';
import type { UploadTokenClaims } from './upload-token.js';
import type {
  AbortResponse,
  CompleteResponse,
  InitiateResponse,
  ListPartsResponse,
  PresignPartsResponse,
  PresignedPartBody,
} from '../protocol/wire.js';

/**
 * `POST /multipart/initiate`: checks the file, settles the part plan, starts the upload on OSS
 * (header-signed, server to OSS) and hands back a token binding key, upload id, size and part size.
 *
 * @example
 * ```ts
 * const { key, uploadId, uploadToken, partSize } = await initiateMultipart(body, policy, context, request);
 * ```
 */
export async function initiateMultipart<Context, Native>(
  body: JsonObject,
  policy: Policy<Context, Native>,
  context: Context,
  request: HandlerRequest<Native>,
): Promise<InitiateResponse> {
  const file = checkFile(body, policy as Policy<unknown, unknown>, 'multipart');
  const plan = planMultipart(file.size, readInteger(body, 'partSize', { min: 1, optional: true }), policy.defaultPartSize);
  const key = await chooseKey(file, policy, context, request);
  await policy.options.onBeforePresign?.({ action: 'initiate', key, ...file, context, request });
  const started = await policy.oss.initiateMultipartUpload({
    key,
    contentType: file.contentType,
    metadata: file.metadata,
    forbidOverwrite: policy.forbidOverwrite,
  });
  const expiresAt = Math.floor(policy.now().getTime() / 1000) + policy.uploadTtlSeconds;
  const uploadToken = await policy.tokens.issue({
    bucket: policy.bucket,
    key,
    uploadId: started.uploadId,
    size: plan.size,
    partSize: plan.partSize,
    expiresAt,
  });
  return { bucket: policy.bucket, key, uploadId: started.uploadId, uploadToken, partSize: plan.partSize, partCount: plan.partCount };
}

/**
 * Checks the key / uploadId / uploadToken triple every later multipart call carries: the token must
 * be genuine and unexpired, name this key and upload id, and the key must still lie in the
 * caller's prefix.
 *
 * @example
 * ```ts
 * const claims = await checkHandle(body, policy, context);
 * ```
 */
export async function checkHandle<Context, Native>(body: JsonObject, policy: Policy<Context, Native>, context: Context): Promise<UploadTokenClaims> {
  const key = readString(body, 'key', 1023);
  const uploadId = readString(body, 'uploadId', 256);
  assertKeyInPrefix(key, await policy.prefixOf(context));
  const claims = await policy.tokens.verify(body.uploadToken, policy.now());
  if (claims.key !== key || claims.uploadId !== uploadId || claims.bucket !== policy.bucket) {
    throw new OssPresignError('UPLOAD_TOKEN_INVALID', 'The upload token belongs to another upload');
  }
  return claims;
}

/**
 * `POST /multipart/parts`: presigns the asked part numbers, each with its exact Content-Length
 * signed, so the parts together can never exceed the size agreed at initiate.
 *
 * @example
 * ```ts
 * const { parts } = await presignParts({ key, uploadId, uploadToken, parts: [{ partNumber: 1 }] }, policy, context, request);
 * ```
 */
export async function presignParts<Context, Native>(
  body: JsonObject,
  policy: Policy<Context, Native>,
  context: Context,
  request: HandlerRequest<Native>,
): Promise<PresignPartsResponse> {
  const claims = await checkHandle(body, policy, context);
  const plan = planMultipart(claims.size, claims.partSize, policy.defaultPartSize);
  const wanted = readArray(body, 'parts', policy.maxPartsPerRequest).map((entry) => {
    const part = entry as { partNumber?: unknown; contentMd5?: unknown } | null;
    if (typeof part?.partNumber !== 'number') throw new OssPresignError('INVALID_PART', 'Every part needs a partNumber');
    const contentMd5 = part.contentMd5;
    // Content-MD5 is the Base64 of 16 bytes (RFC 1864).
    if (contentMd5 !== undefined && (typeof contentMd5 !== 'string' || !/^[A-Za-z0-9+/]{22}==$/.test(contentMd5))) {
      throw new OssPresignError('INVALID_PART', 'contentMd5 must be the Base64 MD5 of the part');
    }
    return { partNumber: part.partNumber, size: partSizeOf(plan, part.partNumber), contentMd5: contentMd5 as string | undefined };
  });
  if (new Set(wanted.map((part) => part.partNumber)).size !== wanted.length) throw new OssPresignError('INVALID_PART', 'Part numbers must not repeat');
  await policy.options.onBeforePresign?.({ action: 'presignParts', key: claims.key, size: claims.size, context, request });
  const expires = policy.defaultExpires;
  const parts: PresignedPartBody[] = [];
  for (const { partNumber, size, contentMd5 } of wanted) {
    const signed = await policy.presigner.presign(
      { operation: 'UploadPart', key: claims.key, uploadId: claims.uploadId, partNumber, contentLength: size, contentMd5 },
      { expires },
    );
    parts.push({ partNumber, size, method: signed.method, url: signed.url, signedHeaders: signed.signedHeaders, expiration: expirationText(signed.expiration) });
  }
  return { parts };
}

function readCompletedParts(body: JsonObject, partCount: number): { partNumber: number; etag: string }[] {
  return readArray(body, 'parts', MAX_PARTS).map((part) => {
    const entry = part as { partNumber?: unknown; etag?: unknown } | null;
    const partNumber = entry?.partNumber;
    const etag = entry?.etag;
    if (typeof partNumber !== 'number' || !Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > partCount) {
      throw new OssPresignError('INVALID_PART', `Every part needs a partNumber from 1 to ${partCount}`);
    }
    if (typeof etag !== 'string' || etag === '' || etag.length > 128) throw new OssPresignError('INVALID_PART', 'Every part needs its etag');
    return { partNumber, etag };
  });
}

function mismatch(message: string, details: Record<string, unknown>): OssPresignError {
  return new OssPresignError('PARTS_MISMATCH', `${message}; upload the missing parts and complete again`, { details });
}

/**
 * The completed object must be the one declared at initiate (the size the policy checked): the
 * client's list names every part 1..N once, and the parts OSS holds (ListParts) are exactly those,
 * each of its planned size. Without this, completing with part 1 of 3 stores a smaller object than
 * minSize and the policy allowed. Nothing is aborted: the client can still upload and complete.
 */
async function assertDeclaredParts<Context, Native>(
  policy: Policy<Context, Native>,
  claims: UploadTokenClaims,
  plan: PartPlan,
  parts: readonly { partNumber: number }[],
): Promise<void> {
  const named = new Set(parts.map((part) => part.partNumber));
  if (named.size !== parts.length) throw new OssPresignError('INVALID_PART', 'Part numbers must not repeat');
  const unnamed: number[] = [];
  for (let partNumber = 1; partNumber <= plan.partCount && unnamed.length < 20; partNumber++) if (!named.has(partNumber)) unnamed.push(partNumber);
  if (unnamed.length > 0) {
    throw mismatch(`The upload has ${plan.partCount} parts; the part list leaves out part ${unnamed.join(', ')}`, { partCount: plan.partCount, missing: unnamed });
  }
  const held = new Map((await policy.oss.listParts({ key: claims.key, uploadId: claims.uploadId })).map((part) => [part.partNumber, part.size]));
  const missing: number[] = [];
  const wrongSize: { partNumber: number; size: number; expected: number }[] = [];
  for (let partNumber = 1; partNumber <= plan.partCount; partNumber++) {
    const size = held.get(partNumber);
    const expected = partSizeOf(plan, partNumber);
    if (size === undefined) missing.push(partNumber);
    else if (size !== expected) wrongSize.push({ partNumber, size, expected });
  }
  if (missing.length > 0) {
    throw mismatch(`OSS holds no part ${missing.slice(0, 20).join(', ')} of this ${plan.partCount}-part upload`, { partCount: plan.partCount, missing: missing.slice(0, 20) });
  }
  if (wrongSize.length > 0) {
    const first = wrongSize[0] as { partNumber: number; size: number; expected: number };
    throw mismatch(`Part ${first.partNumber} has ${first.size} bytes; the upload declared ${first.expected}`, { partCount: plan.partCount, wrongSize: wrongSize.slice(0, 20) });
  }
}

/**
 * `POST /multipart/complete`: checks that the parts OSS holds are the declared upload (ListParts:
 * count and sizes; PARTS_MISMATCH, 409, otherwise), then completes it on OSS with the client's
 * part list (OSS checks every ETag), with the upload callback when configured.
 *
 * @example
 * ```ts
 * await completeMultipart({ key, uploadId, uploadToken, parts: [{ partNumber: 1, etag: '"…"' }] }, policy, context);
 * ```
 */
export async function completeMultipart<Context, Native>(body: JsonObject, policy: Policy<Context, Native>, context: Context): Promise<CompleteResponse> {
  const claims = await checkHandle(body, policy, context);
  const plan = planMultipart(claims.size, claims.partSize, policy.defaultPartSize);
  const parts = readCompletedParts(body, plan.partCount);
  await assertDeclaredParts(policy, claims, plan, parts);
  const callback = await buildCallback(policy.options.callback, claims.key, context);
  const result = await policy.oss.completeMultipartUpload({
    key: claims.key,
    uploadId: claims.uploadId,
    parts,
    forbidOverwrite: policy.forbidOverwrite,
    ...callback,
  });
  return { bucket: policy.bucket, key: claims.key, ...result };
}

/**
 * `POST /multipart/abort`: aborts the upload on OSS; an upload that is already gone counts as aborted.
 *
 * @example
 * ```ts
 * await abortMultipart({ key, uploadId, uploadToken }, policy, context);
 * ```
 */
export async function abortMultipart<Context, Native>(body: JsonObject, policy: Policy<Context, Native>, context: Context): Promise<AbortResponse> {
  const claims = await checkHandle(body, policy, context);
  try {
    await policy.oss.abortMultipartUpload({ key: claims.key, uploadId: claims.uploadId });
  } catch (error) {
    if (!(error instanceof OssPresignError && error.code === 'NO_SUCH_UPLOAD')) throw error;
  }
  return { aborted: true };
}

/**
 * `POST /multipart/list-parts`: every part OSS holds for the upload, so a client can resume.
 *
 * @example
 * ```ts
 * const { parts } = await listMultipartParts({ key, uploadId, uploadToken }, policy, context);
 * ```
 */
export async function listMultipartParts<Context, Native>(body: JsonObject, policy: Policy<Context, Native>, context: Context): Promise<ListPartsResponse> {
  const claims = await checkHandle(body, policy, context);
  return { parts: await policy.oss.listParts({ key: claims.key, uploadId: claims.uploadId }) };
}
