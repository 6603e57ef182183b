import type { OssCallback } from '../callback/callback-param.js';
import type { OssPresignError } from '../errors/oss-presign-error.js';
import type { FetchLike } from '../oss-client/create-oss-client.js';
import type { Presigner } from '../presigner/create-presigner.js';
import type { PresignAction } from '../protocol/wire.js';

/** What hooks learn about the HTTP request. */
export interface HandlerRequest<Native = unknown> {
  readonly action: PresignAction;
  readonly method: string;
  readonly path: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The framework's request object (Express `req`, Koa `ctx`, a Fetch `Request`). */
  readonly native: Native | undefined;
}

/** Handed to `key` and `onBeforePresign`. */
export interface PresignEvent<Context = unknown, Native = unknown> {
  readonly action: 'upload' | 'initiate' | 'presignParts';
  /** The object key (for `key`, the default key the handler would use). */
  readonly key: string;
  readonly fileName?: string | undefined;
  readonly contentType?: string | undefined;
  readonly size: number;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  /** What `authorize` returned. */
  readonly context: Context;
  readonly request: HandlerRequest<Native>;
}

/** Input of a custom `key` function. */
export interface KeyInput<Context = unknown, Native = unknown> {
  /** The client's file name, already checked; `sanitizedFileName` is safe to put in a key. */
  readonly fileName: string;
  readonly sanitizedFileName: string;
  readonly contentType: string;
  readonly size: number;
  /** The allowed prefix for this request, without trailing `/` (`''` = whole bucket). */
  readonly prefix: string;
  /** The key the default rule gives: `{prefix}/{yyyy}/{mm}/{id}-{sanitizedFileName}`. */
  readonly defaultKey: string;
  readonly context: Context;
  readonly request: HandlerRequest<Native>;
}

/** Ask OSS to call the app back after each upload (doc "Callback"). */
export interface CallbackOptions<Context = unknown> {
  /** Where OSS POSTs; it must be reachable from OSS (for the emulator, from the emulator). */
  readonly url: string;
  /** Host header of the callback; defaults to the URL's host. */
  readonly host?: string | undefined;
  /**
   * Body template; by default a JSON object with bucket, object, etag, size, mimeType and every
   * custom variable as `"x:name"`.
   */
  readonly body?: string | undefined;
  readonly bodyType?: OssCallback['callbackBodyType'];
  /** Custom `${x:name}` variables per upload, e.g. the user id; names are lower case, without `x:`. */
  readonly vars?: ((input: { key: string; context: Context }) => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>) | undefined;
}

/** Options of {@link createPresignHandler}. Everything but `presigner` has a safe default. */
export interface PresignHandlerOptions<Context = unknown, Native = unknown> {
  /** Signs URLs and the server's own OSS calls; see createPresigner. */
  readonly presigner: Presigner;
  /**
   * Runs before every action. Return a context (any truthy value) to allow; return a falsy value or
   * throw `new OssPresignError('UNAUTHORIZED' | 'FORBIDDEN', …)` to refuse (401 / 403). Without it,
   * anyone who can reach the routes may upload within the limits below.
   */
  readonly authorize?: ((request: HandlerRequest<Native>) => Context | false | null | undefined | Promise<Context | false | null | undefined>) | undefined;
  /** Keys live under this prefix; a function may pick one per user. Default `uploads`. */
  readonly prefix?: string | ((context: Context) => string | Promise<string>) | undefined;
  /** Builds the object key; it must stay inside the prefix (else 403 KEY_OUTSIDE_PREFIX). */
  readonly key?: ((input: KeyInput<Context, Native>) => string | Promise<string>) | undefined;
  /** Allowed content types: exact (`application/pdf`), `image/*` or `*\/*`. Default `['*\/*']`. */
  readonly allowedContentTypes?: readonly string[] | undefined;
  /** Largest file in bytes. Default 100 MiB. */
  readonly maxSize?: number | undefined;
  /** Smallest file in bytes. Default 0. */
  readonly minSize?: number | undefined;
  /** Default URL lifetime in seconds. Default 900. */
  readonly expires?: number | undefined;
  /** Longest URL lifetime a client may ask for; longer wishes are clamped. Default 3600. */
  readonly maxExpires?: number | undefined;
  /** Send x-oss-forbid-overwrite: true, so an upload never replaces an object. Default true. */
  readonly forbidOverwrite?: boolean | undefined;
  /** Metadata names a client may set (x-oss-meta-*). Default none. */
  readonly allowedMetadata?: readonly string[] | undefined;
  /** Largest JSON request body in bytes. Default 1 MiB (a 10000-part complete fits). */
  readonly maxBodyBytes?: number | undefined;
  /**
   * How long the whole JSON body may take to arrive, in milliseconds, before the request gets 408
   * REQUEST_TIMEOUT. Default 10000 (the protocol's bodies are a few hundred bytes), 100 to 300000.
   */
  readonly bodyTimeoutMs?: number | undefined;
  /** Multipart tuning. */
  readonly multipart?: {
    /**
     * Served in `GET /config` as the size above which clients go multipart, in bytes; advisory (a
     * single PUT is still presigned up to `maxSize` and OSS's 5 GiB). Default 100 MiB, the uploader's (reasons in upload/defaults.ts).
     */
    readonly threshold?: number | undefined;
    /** Part size when the client names none. Default 8 MiB. */
    readonly defaultPartSize?: number | undefined;
    /** Most parts presigned per request. Default 100. */
    readonly maxPartsPerRequest?: number | undefined;
    /** How long an upload token stays valid, in seconds. Default 86400. */
    readonly uploadTtlSeconds?: number | undefined;
  } | undefined;
  /**
   * Secret (at least 32 bytes) for multipart upload tokens. Default: random per handler, which is
   * right for one process; set it when several processes serve one upload.
   */
  readonly uploadTokenSecret?: string | undefined;
  /** Ask OSS to call the app back after each upload. */
  readonly callback?: CallbackOptions<Context> | undefined;
  /** Last look before anything is signed; throw an OssPresignError to refuse (e.g. a quota). */
  readonly onBeforePresign?: ((event: PresignEvent<Context, Native>) => void | Promise<void>) | undefined;
  /** Sees every error with its request id. Default: console.error for 5xx. */
  readonly onError?: ((error: OssPresignError, info: { requestId: string; action: PresignAction | undefined; status: number }) => void) | undefined;
  /** fetch for the server's own OSS calls. */
  readonly fetch?: FetchLike | undefined;
  /** Clock for keys and token expiry. */
  readonly now?: (() => Date) | undefined;
  /** The path prefix the routes live under, e.g. `/api/oss`: for `handler.fetch`, and for adapters mounted at the app's root. */
  readonly basePath?: string | undefined;
}
