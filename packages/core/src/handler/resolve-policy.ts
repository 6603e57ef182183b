import { OssPresignError } from '../errors/oss-presign-error.js';
import { type OssClient, createOssClient } from '../oss-client/create-oss-client.js';
import type { Presigner } from '../presigner/create-presigner.js';
import { DEFAULT_EXPIRES_SECONDS, MAX_EXPIRES_SECONDS, MAX_PART_SIZE, MAX_PUT_OBJECT_BYTES, MIN_PART_SIZE } from '../oss/limits.js';
import { DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE } from '../upload/defaults.js';
import { type ContentTypeMatcher, createContentTypeMatcher } from './content-type.js';
import { createMetadataAllowlist } from './metadata.js';
import { normalizePrefix } from './object-key.js';
import type { PresignHandlerOptions } from './options.js';
import { randomHex } from './request-id.js';
import type { UploadPolicyBody } from '../protocol/wire.js';
import { type UploadTokenSigner, createUploadTokenSigner } from './upload-token.js';

/** Options checked and filled in once, when the handler is created. */
export interface Policy<Context, Native> {
  readonly options: PresignHandlerOptions<Context, Native>;
  readonly presigner: Presigner;
  readonly bucket: string;
  readonly oss: OssClient;
  readonly tokens: UploadTokenSigner;
  readonly contentTypeAllowed: ContentTypeMatcher;
  readonly metadataAllowed: ReadonlySet<string>;
  readonly prefixOf: (context: Context) => Promise<string>;
  readonly minSize: number;
  readonly maxSize: number;
  readonly defaultExpires: number;
  readonly maxExpires: number;
  readonly forbidOverwrite: boolean;
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  readonly defaultPartSize: number;
  /** What `GET /config` answers. */
  readonly clientPolicy: UploadPolicyBody;
  readonly maxPartsPerRequest: number;
  readonly uploadTtlSeconds: number;
  readonly now: () => Date;
}

const MiB = 1024 * 1024;

function wholeNumber(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved < min || resolved > max) {
    throw new OssPresignError('INVALID_CONFIG', `${name} must be a whole number from ${min} to ${max}; got ${String(value)}`);
  }
  return resolved;
}

/**
 * Checks handler options and fills in the defaults, throwing INVALID_CONFIG at creation rather than
 * on the first request.
 *
 * @example
 * ```ts
 * const policy = resolvePolicy({ presigner, maxSize: 10 * 1024 ** 2 });
 * ```
 */
export function resolvePolicy<Context, Native>(options: PresignHandlerOptions<Context, Native>): Policy<Context, Native> {
  if (!options || typeof options !== 'object') throw new OssPresignError('INVALID_CONFIG', 'createPresignHandler needs an options object');
  const { presigner } = options;
  if (!presigner || typeof presigner.presign !== 'function' || typeof presigner.signRequest !== 'function') {
    throw new OssPresignError('INVALID_CONFIG', 'createPresignHandler needs a presigner from createPresigner()');
  }
  if (!presigner.bucket) throw new OssPresignError('INVALID_CONFIG', 'The presigner needs a default bucket');
  const minSize = wholeNumber('minSize', options.minSize, 0, 0, Number.MAX_SAFE_INTEGER);
  const maxSize = wholeNumber('maxSize', options.maxSize, 100 * MiB, Math.max(minSize, 0), 10_000 * MAX_PART_SIZE);
  const maxExpires = wholeNumber('maxExpires', options.maxExpires, 3600, 1, MAX_EXPIRES_SECONDS);
  const defaultExpires = wholeNumber('expires', options.expires, Math.min(DEFAULT_EXPIRES_SECONDS, maxExpires), 1, maxExpires);
  const prefixOption = options.prefix ?? 'uploads';
  const fixedPrefix = typeof prefixOption === 'string' ? normalizePrefix(prefixOption) : undefined;
  if (options.uploadTokenSecret !== undefined && typeof options.uploadTokenSecret !== 'string') {
    throw new OssPresignError('INVALID_CONFIG', 'uploadTokenSecret must be a string');
  }
  if (options.callback && (typeof options.callback.url !== 'string' || !/^https?:\/\//.test(options.callback.url))) {
    throw new OssPresignError('INVALID_CONFIG', 'callback.url must be an http(s) URL reachable from OSS');
  }
  const allowedContentTypes = options.allowedContentTypes ?? ['*/*'];
  const defaultPartSize = wholeNumber('multipart.defaultPartSize', options.multipart?.defaultPartSize, DEFAULT_PART_SIZE, MIN_PART_SIZE, MAX_PART_SIZE);
  const multipartThreshold = wholeNumber('multipart.threshold', options.multipart?.threshold, DEFAULT_MULTIPART_THRESHOLD, 0, MAX_PUT_OBJECT_BYTES);
  return {
    options,
    presigner,
    bucket: presigner.bucket,
    oss: createOssClient(presigner, options.fetch),
    tokens: createUploadTokenSigner(options.uploadTokenSecret ?? randomHex(32)),
    contentTypeAllowed: createContentTypeMatcher(allowedContentTypes),
    metadataAllowed: createMetadataAllowlist(options.allowedMetadata ?? []),
    prefixOf:
      fixedPrefix !== undefined
        ? () => Promise.resolve(fixedPrefix)
        : async (context) => normalizePrefix(await (prefixOption as (context: Context) => string | Promise<string>)(context)),
    minSize,
    maxSize,
    defaultExpires,
    maxExpires,
    forbidOverwrite: options.forbidOverwrite ?? true,
    maxBodyBytes: wholeNumber('maxBodyBytes', options.maxBodyBytes, MiB, 64, 64 * MiB),
    bodyTimeoutMs: wholeNumber('bodyTimeoutMs', options.bodyTimeoutMs, 10_000, 100, 300_000),
    defaultPartSize,
    clientPolicy: Object.freeze({ allowedContentTypes: Object.freeze([...allowedContentTypes]), minSize, maxSize, multipartThreshold, partSize: defaultPartSize }),
    maxPartsPerRequest: wholeNumber('multipart.maxPartsPerRequest', options.multipart?.maxPartsPerRequest, 100, 1, 10_000),
    uploadTtlSeconds: wholeNumber('multipart.uploadTtlSeconds', options.multipart?.uploadTtlSeconds, 86_400, 60, 30 * 86_400),
    now: options.now ?? (() => new Date()),
  };
}
