/**
 * The single PUT: one presigned URL, one request, retried as a whole.
 */

import { type BodyPayload, type BodySource, bytesPayload } from './body.js';
import { type EngineContext, prepareEngineContext, throwIfCallbackFailedAfterStoring } from './engine-context.js';
import { md5OfPayload } from './integrity.js';
import { withRetry } from './retry-loop.js';
import { sendOnce } from './send-once.js';
import { createTargetSlot } from './target-slot.js';
import { OssUploadError } from './errors.js';
import { createProgressTracker } from './progress.js';
import type { Transport } from './transport.js';
import type { CommonUploadOptions, TargetProvider, UploadResult } from './types.js';

export interface UploadObjectOptions<Body> extends CommonUploadOptions {
  /** A presign result, or a function returning a fresh one (called again when it expires). */
  readonly target: TargetProvider;
  readonly body: Body;
  /** Required for streams (OSS needs a Content-Length); checked against the body otherwise. */
  readonly size?: number | undefined;
}

/** How an entry turns its body types into a source, and which transport it uses by default. */
export interface UploaderRuntime<Body> {
  readonly resolveBody: (body: Body, size: number | undefined) => BodySource | Promise<BodySource>;
  readonly defaultTransport: () => Transport;
}

/**
 * Resolves the body and checks a declared size against it.
 *
 * @example
 * ```ts
 * const source = await openSource(runtime, options.body, options.size);
 * ```
 */
export async function openSource<Body>(runtime: UploaderRuntime<Body>, body: Body, size: number | undefined): Promise<BodySource> {
  const source = await runtime.resolveBody(body, size);
  if (size !== undefined && source.size !== size) {
    await source.close?.();
    throw new OssUploadError('INVALID_BODY', `The body has ${source.size} bytes but size says ${size}`);
  }
  return source;
}

async function gather(payload: BodyPayload): Promise<Uint8Array> {
  const bytes = new Uint8Array(payload.size);
  let offset = 0;
  for await (const chunk of payload.open()) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/**
 * The single-PUT engine behind each entry's `uploadObject`.
 *
 * @example
 * ```ts
 * export const uploadObject = (options) => uploadObjectWith(webRuntime, options);
 * ```
 */
export async function uploadObjectWith<Body>(runtime: UploaderRuntime<Body>, options: UploadObjectOptions<Body>): Promise<UploadResult> {
  const contextFor = prepareEngineContext(options, runtime.defaultTransport);
  const source = await openSource(runtime, options.body, options.size);
  const context = contextFor(source);
  try {
    return await putSource(context, source, options);
  } finally {
    context.dispose();
    await source.close?.();
  }
}

async function putSource<Body>(context: EngineContext, source: BodySource, options: UploadObjectOptions<Body>): Promise<UploadResult> {
  const size = source.size;
  const tracker = createProgressTracker([{ partNumber: 1, size }], false, context.onProgress);
  let payloadOf: () => BodyPayload;
  if (source.kind === 'random') {
    await source.prepare?.(0, size);
    payloadOf = () => source.slice(0, size);
  } else if (context.transport.streamsBody && !context.md5) {
    // Streamed straight through, never held in memory; a one-shot stream cannot be retried once read.
    const once = source.rest();
    payloadOf = () => once;
  } else {
    // XHR/fetch need the whole body (and Content-MD5 must be known up front): buffer it once.
    const bytes = await gather(source.rest());
    payloadOf = () => bytesPayload(bytes);
  }
  const contentMd5 = context.md5 ? await md5OfPayload(payloadOf(), context.md5) : undefined;
  if (contentMd5 && typeof options.target !== 'function' && !hasHeader(options.target.signedHeaders, 'content-md5')) {
    throw new OssUploadError('INVALID_OPTIONS', 'integrity.contentMd5 needs a target function (OSS signs Content-MD5, so the URL must be presigned with it)');
  }
  const slot = createTargetSlot(context, options.target, { size, contentType: source.type, contentMd5 });
  const replayable = payloadOf().replayable;
  const result = await withRetry(context, { operation: 'request', canRetry: () => replayable, refresh: () => slot.invalidate() }, async () => {
    const held = await slot.get();
    return sendOnce(context, { held, payload: payloadOf(), onSent: (loaded) => tracker.sent(1, loaded), requireEtag: false });
  });
  tracker.partDone(1);
  tracker.phase('done');
  // The object is stored; a throw from the caller's onProgress is still reported, not swallowed.
  throwIfCallbackFailedAfterStoring(context);
  return {
    etag: result.etag,
    size,
    crc64: result.crc64?.toString(),
    serverCrc64: result.serverCrc64,
    verified: result.verified,
    retries: context.stats.retries,
    requestId: result.response.headers['x-oss-request-id'],
    body: result.response.body,
  };
}

function hasHeader(headers: Readonly<Record<string, string>> | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === name);
}
