import { type PublicKeyCache, type VerifiedOssCallback, verifyOssCallback } from '../callback/verify-callback.js';
import { OssPresignError } from '../errors/oss-presign-error.js';
import { type ErrorListener, errorResponse } from './error-response.js';
import { type PlainBody, type PlainResponse, jsonResponse, normalizeHeaders, readBodyBytes } from './plain-http.js';
import { requestIdOf } from './request-id.js';

/** The callback request an adapter builds. */
export interface PlainCallbackRequest<Native = unknown> {
  readonly method: string;
  /** The request target exactly as received (path and query), e.g. Express `req.originalUrl`. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body: the signature covers its bytes. */
  readonly body?: PlainBody;
  /** Set by adapters when a body parser already consumed the body; refused, as the bytes are gone. */
  readonly parsedBody?: unknown;
  readonly native?: Native;
}

/** What `onUploadComplete` learns about a verified upload. */
export interface UploadCompleteEvent<Native = unknown> {
  readonly bucket: string | undefined;
  /** The object key (OSS's `${object}`). */
  readonly key: string | undefined;
  readonly size: number | undefined;
  /** The ETag, without quotes, as OSS substitutes it. */
  readonly etag: string | undefined;
  readonly mimeType: string | undefined;
  /** Custom `${x:name}` variables, by name without `x:`. */
  readonly vars: Readonly<Record<string, string>>;
  /** The verified callback: raw body, parsed body, key URL. */
  readonly callback: VerifiedOssCallback;
  readonly native: Native | undefined;
}

export interface CallbackHandlerOptions<Native = unknown> {
  /** Runs for each verified callback; its return value is the JSON OSS relays to the uploader. Default answer `{ "Status": "OK" }`. */
  readonly onUploadComplete: (event: UploadCompleteEvent<Native>) => unknown;
  /** One extra trusted public-key URL (exact, or a prefix ending in `/`), e.g. the emulator's. */
  readonly publicKeyUrl?: string | undefined;
  /** Fetch for OSS's public key (it aborts through `signal` after 3 s); the global fetch by default. */
  readonly fetch?: ((url: string, init: { signal: AbortSignal }) => Promise<Response>) | undefined;
  /** Where fetched public keys are kept between callbacks (`createPublicKeyCache`); a process-wide cache by default. */
  readonly cache?: PublicKeyCache | undefined;
  /** Largest callback body in bytes. Default 64 KiB (OSS caps the callback body far below). */
  readonly maxBodyBytes?: number | undefined;
  /** How long the callback body may take to arrive, in milliseconds, before 408 REQUEST_TIMEOUT. Default 10000. */
  readonly bodyTimeoutMs?: number | undefined;
  /** Sees every rejected callback with its request id. Default: console.error for 5xx. */
  readonly onError?: ErrorListener | undefined;
}

/** A framework-free upload-callback endpoint. */
export interface CallbackHandler<Native = unknown> {
  fetch(request: Request): Promise<Response>;
  handle(request: PlainCallbackRequest<Native>): Promise<PlainResponse>;
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function eventOf<Native>(callback: VerifiedOssCallback, native: Native | undefined): UploadCompleteEvent<Native> {
  const body = callback.body;
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('x:') && typeof value === 'string') vars[name.slice(2)] = value;
  }
  const size = Number(field(body, 'size'));
  return {
    bucket: field(body, 'bucket') ?? callback.bucket,
    key: field(body, 'object'),
    size: Number.isSafeInteger(size) ? size : undefined,
    etag: field(body, 'etag')?.replace(/^"|"$/g, ''),
    mimeType: field(body, 'mimeType'),
    vars,
    callback,
    native,
  };
}

/**
 * Creates the endpoint OSS calls after an upload: verifies the signature with verifyOssCallback,
 * then answers 200 with whatever `onUploadComplete` returns (OSS relays it to the uploader). A
 * forged or altered callback gets a 4xx, so OSS reports CallbackFailed (203) to the uploader.
 *
 * @example
 * ```ts
 * const callbacks = createCallbackHandler({
 *   onUploadComplete: async ({ key, size, vars }) => {
 *     await db.files.insert({ key, size, owner: vars.uid });
 *     return { ok: true, key };
 *   },
 * });
 * ```
 */
export function createCallbackHandler<Native = unknown>(options: CallbackHandlerOptions<Native>): CallbackHandler<Native> {
  if (!options || typeof options.onUploadComplete !== 'function') {
    throw new OssPresignError('INVALID_CONFIG', 'createCallbackHandler needs an onUploadComplete function');
  }
  const limit = options.maxBodyBytes ?? 64 * 1024;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 10_000;
  for (const [name, value, min, max] of [['maxBodyBytes', limit, 64, 64 * 1024 * 1024], ['bodyTimeoutMs', bodyTimeoutMs, 100, 300_000]] as const) {
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new OssPresignError('INVALID_CONFIG', `${name} must be a whole number from ${min} to ${max}; got ${String(value)}`);
    }
  }
  const verifyOptions = { publicKeyUrl: options.publicKeyUrl, fetch: options.fetch, cache: options.cache };

  async function handle(plain: PlainCallbackRequest<Native>): Promise<PlainResponse> {
    const headers = normalizeHeaders(plain.headers ?? {});
    const requestId = requestIdOf(headers);
    try {
      if (String(plain.method).toUpperCase() !== 'POST') throw new OssPresignError('METHOD_NOT_ALLOWED', 'OSS callbacks are POST requests');
      const parsed = plain.parsedBody;
      const raw = plain.body ?? (typeof parsed === 'string' || parsed instanceof Uint8Array ? parsed : undefined);
      if (raw === undefined && parsed !== undefined) {
        // The signature covers the raw bytes (doc "Callback"); a re-serialised object never verifies.
        throw new OssPresignError('INVALID_CONFIG', 'The callback body was parsed before verification; mount the callback route before any JSON or form body parser');
      }
      const body = await readBodyBytes(raw, limit, bodyTimeoutMs);
      const callback = await verifyOssCallback({ url: plain.url, headers, body }, verifyOptions);
      const answer = await options.onUploadComplete(eventOf(callback, plain.native));
      return jsonResponse(200, answer === undefined ? { Status: 'OK' } : answer, requestId);
    } catch (error) {
      return errorResponse(error, { requestId, action: undefined, onError: options.onError });
    }
  }

  return {
    handle,
    async fetch(request) {
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const response = await handle({ method: request.method, url: `${url.pathname}${url.search}`, headers, body: request.body, native: request as Native });
      return new Response(response.body, { status: response.status, headers: response.headers });
    },
  };
}
