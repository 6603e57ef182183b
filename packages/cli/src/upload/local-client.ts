/**
 * Uploader clients for the store (`createUploader({ client })`) that need no app server: one signs
 * every request locally with a presigner (for `oss://bucket/prefix/`), one hands out a single
 * presigned URL the user already has. The part PUTs and the OSS calls themselves are the store's
 * and core's `presignedMultipart`; these only say which URL to use.
 */

import type { Presigner } from '@oss-presign/core';
import { type UploaderClient, OssUploadError, presignedMultipart } from '@oss-presign/core/upload/node';

export interface LocalClientOptions {
  readonly presigner: Presigner;
  readonly bucket: string;
  /** The object key of a file, by the name it was given to the store. */
  readonly keyOf: (fileName: string) => string;
  /** Lifetime of each presigned URL, in seconds; the store asks again when one is about to expire. */
  readonly expires?: number | undefined;
}

type UploadRefLike = { readonly uploadId: string; readonly key?: string | undefined };

/**
 * A store client that presigns locally: PutObject for small files, the five multipart calls for
 * large ones, all for the key `keyOf(name)` in `bucket`.
 *
 * @example
 * ```ts
 * const client = createLocalClient({ presigner, bucket: 'demo', keyOf: (name) => `backups/${basename(name)}` });
 * const uploader = createUploader({ client, resume: createJsonFileStore(path) });
 * ```
 */
export function createLocalClient(options: LocalClientOptions): UploaderClient {
  const { presigner, bucket, expires } = options;
  // Upload id -> key, for the calls after initiate; a resumed upload brings its key in the ref.
  const keys = new Map<string, string>();
  const keyOfRef = (ref: UploadRefLike): string => {
    const key = ref.key ?? keys.get(ref.uploadId);
    if (key === undefined) throw new OssUploadError('INVALID_OPTIONS', `No object key known for upload ${ref.uploadId}`, { retryable: false });
    return key;
  };
  const callbacksFor = (key: string) =>
    presignedMultipart({ presign: (request) => presigner.presign({ ...request, key, bucket }, { expires }) });
  const fileNameOf = (file: { fileName?: string | undefined; name?: string | undefined } | undefined): string => file?.fileName ?? file?.name ?? 'upload';

  return {
    target: (file) => async (request) => {
      const key = options.keyOf(fileNameOf(file));
      const contentType = request.contentType || file?.contentType;
      const signed = await presigner.presign(
        { operation: 'PutObject', key, bucket, contentType, metadata: file?.metadata, contentMd5: request.contentMd5 },
        { expires },
      );
      return { ...signed, expiration: signed.expiration.toISOString(), bucket, key };
    },
    async initiate(input, context) {
      const key = options.keyOf(fileNameOf(input));
      const partSize = input.partSize ?? 0;
      const started = await callbacksFor(key).initiate(
        { size: input.size, partSize, partCount: 0, contentType: input.contentType, fileName: fileNameOf(input) },
        { signal: context?.signal ?? new AbortController().signal },
      );
      keys.set(started.uploadId, key);
      // Echo the store's own part size: the presigner does not decide it, the store does.
      return { bucket, key, uploadId: started.uploadId, uploadToken: '', partSize, partCount: partSize > 0 ? Math.ceil(input.size / partSize) : 0 };
    },
    async presignParts(input, context) {
      const key = keyOfRef(input);
      return Promise.all(
        input.parts.map(async (part) => {
          const signed = await presigner.presign(
            { operation: 'UploadPart', key, bucket, uploadId: input.uploadId, partNumber: part.partNumber, contentMd5: part.contentMd5 },
            { expires },
          );
          context?.signal?.throwIfAborted();
          return { ...signed, expiration: signed.expiration.toISOString(), partNumber: part.partNumber, size: (part as { size?: number }).size ?? 0 };
        }),
      );
    },
    async complete(input, context) {
      const key = keyOfRef(input);
      const done = await callbacksFor(key).complete(input, { signal: context?.signal ?? new AbortController().signal });
      keys.delete(input.uploadId);
      return { ...done, bucket, key };
    },
    async abort(input, context) {
      await callbacksFor(keyOfRef(input)).abort(input, { signal: context?.signal ?? new AbortController().signal });
      keys.delete(input.uploadId);
    },
    listParts: (input, context) => callbacksFor(keyOfRef(input)).listParts(input, { signal: context?.signal ?? new AbortController().signal }),
  };
}

/**
 * A store client for one presigned PUT URL made elsewhere: every file gets that URL, with the
 * headers the caller says were signed, or none (a bare URL) when the caller does not say. It
 * cannot do multipart (a presigned PUT names one object).
 *
 * @example
 * ```ts
 * const client = presignedUrlClient({ url, signedHeaders: { 'content-type': 'text/plain' } });
 * const uploader = createUploader({ client, multipartThreshold: Number.MAX_SAFE_INTEGER });
 * ```
 */
export function presignedUrlClient(target: { readonly url: string; readonly signedHeaders?: Readonly<Record<string, string>> | undefined }): UploaderClient {
  const refuse = async (): Promise<never> => {
    throw new OssUploadError('INVALID_OPTIONS', 'A single presigned URL takes one PUT; multipart needs oss:// or --endpoint', { retryable: false });
  };
  const key = decodeURIComponent(new URL(target.url).pathname.replace(/^\/+/, ''));
  return {
    // No expiration: the URL's lifetime is the signer's business; OSS says so if it has passed.
    // Without signedHeaders the URL stays bare (not `{}`): the SignatureDoesNotMatch diagnosis then
    // knows that which Content-Type was signed is unknown, instead of "nothing was signed".
    target: () => async () => ({ method: 'PUT', url: target.url, signedHeaders: target.signedHeaders && { ...target.signedHeaders }, expiration: '', bucket: '', key }),
    initiate: refuse,
    presignParts: refuse,
    complete: refuse,
    abort: refuse,
  };
}
