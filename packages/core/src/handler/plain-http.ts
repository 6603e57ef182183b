import { PRESIGN_ROUTES } from '../protocol/wire.js';
import { OssPresignError } from '../errors/oss-presign-error.js';
import { streamChunks } from '../shared/stream-chunks.js';

/**
 * A request body as adapters have it: raw text or bytes, a Node `IncomingMessage` or web
 * `ReadableStream` (anything async-iterable over byte chunks), or nothing.
 */
export type PlainBody = string | Uint8Array | AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array> | null | undefined;

/** The framework-free request that adapters build from `req` / `ctx`. */
export interface PlainRequest<Native = unknown> {
  readonly method: string;
  /** Path relative to where the handler is mounted (`/upload`); a query string is ignored. */
  readonly path: string;
  /** Request headers; names in any case, values as strings or string arrays. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body, read and size-limited by core. */
  readonly body?: PlainBody;
  /**
   * A body some middleware already parsed (express.json(), koa-bodyparser). Used only when `body`
   * is absent; core still checks its size and shape.
   */
  readonly parsedBody?: unknown;
  /** The framework's own request object (Express `req`, Koa `ctx`), handed to hooks untouched. */
  readonly native?: Native;
}

/**
 * Which requests the presign handler answers. Under a base path (`/api/oss`) it owns the whole
 * prefix: the base itself and every path below it are its own, so an unknown one there gets the
 * handler's JSON 404 NOT_FOUND rather than the framework's HTML or text page. Mounted at the root
 * (`basePath` empty) it owns only its routes. Returns the path to hand to the handler (the route,
 * or the unknown path under the base), or `undefined` when the request is not the handler's and
 * the adapter passes it on untouched.
 *
 * @example
 * ```ts
 * matchPresignRoute('/api/oss/upload?x=1', '/api/oss');  // '/upload'
 * matchPresignRoute('/api/oss/unknown', '/api/oss');     // '/unknown' (the handler answers 404)
 * matchPresignRoute('/health', '/api/oss');              // undefined
 * matchPresignRoute('/health');                          // undefined
 * ```
 */
export function matchPresignRoute(path: string, basePath = ''): string | undefined {
  const queryAt = path.indexOf('?');
  const pathname = queryAt === -1 ? path : path.slice(0, queryAt);
  const base = basePath.replace(/\/+$/, '');
  if (base === '') {
    const route = pathname.replace(/\/+$/, '');
    return ROUTE_PATHS.has(route) ? route : undefined;
  }
  // Under the base means the base itself or `${base}/…`: `/api/ossx/upload` is not under `/api/oss`.
  if (!pathname.startsWith(base)) return undefined;
  const rest = pathname.slice(base.length);
  if (rest !== '' && rest.charCodeAt(0) !== SLASH) return undefined;
  const route = rest.replace(/\/+$/, '');
  return route === '' ? '/' : route;
}

const SLASH = 0x2f;

/** The framework-free answer adapters copy to `res` / `ctx`. */
export interface PlainResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Record<string, string>;
  /** JSON text. */
  readonly body: string;
}

/**
 * Lower-cases header names and joins repeated values with ", " (RFC 9110 5.3).
 *
 * @example
 * ```ts
 * normalizeHeaders({ 'Content-Type': 'application/json' }); // { 'content-type': 'application/json' }
 * ```
 */
export function normalizeHeaders(headers: PlainRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  }
  return out;
}

const encoder = new TextEncoder();
const ROUTE_PATHS = new Set<string>(Object.values(PRESIGN_ROUTES));

function tooLarge(limit: number): OssPresignError {
  return new OssPresignError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes`, { details: { limit } });
}

function tooSlow(timeoutMs: number): OssPresignError {
  return new OssPresignError('REQUEST_TIMEOUT', `The request body did not arrive within ${timeoutMs} ms`, { details: { timeoutMs } });
}

async function* chunksOf(body: AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (Symbol.asyncIterator in body) {
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    return;
  }
  yield* streamChunks(body as ReadableStream<Uint8Array>);
}

async function readIterable(body: AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>, take: (chunk: Uint8Array) => void, timeoutMs: number): Promise<void> {
  const iterator = chunksOf(body);
  const reading = (async () => {
    for await (const chunk of iterator) take(chunk);
  })();
  if (timeoutMs <= 0) return reading;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      // Stop reading: the stream is released and whatever else arrives is dropped.
      void iterator.return(undefined).catch(() => {});
      reject(tooSlow(timeoutMs));
    }, timeoutMs);
  });
  reading.catch(() => {});
  try {
    await Promise.race([reading, late]);
  } finally {
    clearTimeout(timer);
  }
}

interface NodeStreamLike {
  on(event: string, listener: (arg?: unknown) => void): unknown;
  off(event: string, listener: (arg?: unknown) => void): unknown;
  readableEnded?: boolean;
}

function isNodeStream(body: unknown): body is NodeStreamLike {
  return typeof (body as NodeStreamLike).on === 'function' && typeof (body as NodeStreamLike).off === 'function' && 'readableEnded' in (body as object);
}

// Listeners rather than `for await`: a Readable's async iterator costs tens of microseconds per
// request, a fifth of a small presign answer's budget (bench/presign.bench.ts in the adapters).
function readNodeStream(stream: NodeStreamLike, take: (chunk: Uint8Array) => void, timeoutMs: number): Promise<void> {
  if (stream.readableEnded) return Promise.resolve();
  return new Promise((resolve, reject) => {
    // A client that stops sending (or never sends what Content-Length promised) gets its 408 now,
    // not when the server's own request timeout closes the socket minutes later.
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            cleanup();
            (stream as { resume?: () => void }).resume?.();
            reject(tooSlow(timeoutMs));
          }, timeoutMs)
        : undefined;
    const cleanup = () => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk?: unknown) => {
      try {
        take(typeof chunk === 'string' ? encoder.encode(chunk) : (chunk as Uint8Array));
      } catch (error) {
        cleanup();
        // Stop reading a body that is already too large; the rest is discarded.
        (stream as { resume?: () => void }).resume?.();
        reject(error);
      }
    };
    const onEnd = () => {
      cleanup();
      resolve();
    };
    const onError = (error?: unknown) => {
      cleanup();
      reject(error);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/**
 * Reads a body into bytes, stopping with PAYLOAD_TOO_LARGE (413) as soon as it passes `limit`, so a
 * huge body is never held in memory, and with REQUEST_TIMEOUT (408) when the whole body has not
 * arrived within `timeoutMs` milliseconds (0: no limit), so a stalled client never holds a request.
 *
 * @example
 * ```ts
 * const bytes = await readBodyBytes(req, 1024 * 1024, 10_000); // req: a Node IncomingMessage
 * ```
 */
export async function readBodyBytes(body: PlainBody, limit: number, timeoutMs = 0): Promise<Uint8Array> {
  if (body === null || body === undefined) return new Uint8Array(0);
  const whole = typeof body === 'string' ? encoder.encode(body) : body instanceof Uint8Array ? body : undefined;
  if (whole) {
    if (whole.byteLength > limit) throw tooLarge(limit);
    return whole;
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  const take = (chunk: Uint8Array) => {
    total += chunk.byteLength;
    if (total > limit) throw tooLarge(limit);
    parts.push(chunk);
  };
  if (isNodeStream(body)) await readNodeStream(body, take, timeoutMs);
  else await readIterable(body as AsyncIterable<Uint8Array | string>, take, timeoutMs);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/**
 * A JSON answer with the headers every answer of the handler carries.
 *
 * @example
 * ```ts
 * jsonResponse(200, { ok: true }, 'req-1');
 * ```
 */
export function jsonResponse(status: number, body: unknown, requestId: string): PlainResponse {
  const text = JSON.stringify(body);
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      // OSS refuses a callback answer without Content-Length (doc "Callback").
      'content-length': String(utf8ByteLength(text)),
      // Presigned URLs are bearer tokens: never let a shared cache keep one.
      'cache-control': 'no-store',
      'x-request-id': requestId,
    },
    body: text,
  };
}

const byteLengthScratch = new Uint8Array(48 * 1024);

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The UTF-8 byte length of a string, without allocating its encoding.
 *
 * @example
 * ```ts
 * utf8ByteLength('é'); // 2
 * ```
 */
export function utf8ByteLength(text: string): number {
  // TextEncoder.encodeInto counts natively, twenty times faster than the loop below; the loop is
  // left for texts that might not fit the scratch buffer.
  if (text.length * 3 <= byteLengthScratch.length) return encoder.encodeInto(text, byteLengthScratch).written;
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      // A surrogate pair: 2 code units, 4 bytes.
      bytes += 2;
      i++;
    } else bytes += 2; // 3 bytes, lone surrogates included (encoded as U+FFFD)
  }
  return bytes;
}
