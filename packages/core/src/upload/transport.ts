/**
 * The transport seam: one HTTP request with upload progress. The engine never touches XHR, fetch
 * or node:http directly, so tests inject a fake and each runtime gets the transport that can count
 * bytes on the wire (browsers: XHR, since fetch has no upload progress; Node: node:http).
 */

import type { BodyPayload } from './body.js';
import { redactError, redactText } from '../oss/redact.js';
import { OssUploadError, abortError } from './errors.js';

export interface TransportRequest {
  readonly method: string;
  /** Sent exactly as given: the signature covers the path and query as they are. */
  readonly url: string;
  /** Exactly these headers; a transport adds only Content-Length and what its runtime forces. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: BodyPayload | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Cumulative body bytes handed to the network for this request. */
  readonly onUploadProgress?: ((loaded: number) => void) | undefined;
  /** Every body chunk, as a streaming transport writes it (used to compute the CRC while sending). */
  readonly onBodyChunk?: ((chunk: Uint8Array) => void) | undefined;
}

export interface TransportResponse {
  readonly status: number;
  /** Response headers with lower-case names. Browsers only show the CORS-exposed ones. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface Transport {
  readonly name: string;
  /**
   * True when the transport reads `body.open()` itself and calls `onBodyChunk` with every byte it
   * sends (node:http). False when it hands `body.data` to the runtime (XHR, fetch); the engine then
   * reads the bytes alongside to compute the CRC.
   */
  readonly streamsBody: boolean;
  /**
   * Sends one request. Resolves with any HTTP answer (including 4xx/5xx); rejects with an
   * OssUploadError: NETWORK_ERROR, TIMEOUT or ABORTED.
   */
  send(request: TransportRequest): Promise<TransportResponse>;
}

// Headers a browser refuses to let scripts set (Fetch "forbidden request-header"); the runtime
// writes them itself, so passing them would only log console noise.
const BROWSER_MANAGED = new Set(['content-length', 'host', 'connection', 'keep-alive', 'transfer-encoding', 'expect']);

/**
 * Parses `getAllResponseHeaders()` text into a lower-cased record.
 *
 * @example
 * ```ts
 * parseRawHeaders('ETag: "AB"\r\nx-oss-request-id: 1\r\n'); // { etag: '"AB"', 'x-oss-request-id': '1' }
 * ```
 */
export function parseRawHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

async function toSendable(body: BodyPayload | undefined): Promise<Blob | Uint8Array | undefined> {
  if (!body) return undefined;
  if (body.data) return body.data;
  // A one-shot stream: browsers cannot stream a request body with a Content-Length over
  // HTTP/1.1, so gather it into a Blob (which the browser may keep on disk).
  const chunks: Uint8Array[] = [];
  for await (const chunk of body.open()) chunks.push(chunk);
  return new Blob(chunks as BlobPart[]);
}

export interface XhrTransportOptions {
  /** Gives up on a request after this long (ms, whole request). Default: no limit. */
  readonly timeoutMs?: number | undefined;
  /** The XMLHttpRequest constructor (a test double, a worker's). Default: the global one. */
  readonly XMLHttpRequest?: (new () => XMLHttpRequest) | undefined;
}

/**
 * The browser transport: XMLHttpRequest, because only XHR reports upload progress. Sends the body
 * as a type-less Blob or bytes, so the browser adds no Content-Type of its own.
 *
 * @example
 * ```ts
 * await uploadObject({ target, body: file, transport: createXhrTransport({ timeoutMs: 120_000 }) });
 * ```
 */
export function createXhrTransport(options: XhrTransportOptions = {}): Transport {
  return {
    name: 'xhr',
    streamsBody: false,
    async send(request) {
      const Xhr = options.XMLHttpRequest ?? globalThis.XMLHttpRequest;
      if (request.signal?.aborted) throw abortError(request.signal);
      const data = await toSendable(request.body);
      return new Promise<TransportResponse>((resolve, reject) => {
        const xhr = new Xhr();
        const onAbort = (): void => xhr.abort();
        const cleanup = (): void => request.signal?.removeEventListener('abort', onAbort);
        xhr.open(request.method, request.url, true);
        for (const [name, value] of Object.entries(request.headers)) {
          if (!BROWSER_MANAGED.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
        }
        if (options.timeoutMs) xhr.timeout = options.timeoutMs;
        if (request.onUploadProgress && data !== undefined) {
          const report = request.onUploadProgress;
          xhr.upload.onprogress = (event) => report(event.loaded);
        }
        xhr.onload = () => {
          cleanup();
          resolve({ status: xhr.status, headers: parseRawHeaders(xhr.getAllResponseHeaders()), body: xhr.responseText });
        };
        xhr.onerror = () => {
          cleanup();
          // status 0: the connection failed, or CORS hid the answer (a missing preflight rule).
          reject(new OssUploadError('NETWORK_ERROR', `${request.method} failed before OSS answered (network error or CORS)`));
        };
        xhr.ontimeout = () => {
          cleanup();
          reject(new OssUploadError('TIMEOUT', `${request.method} timed out after ${options.timeoutMs} ms`));
        };
        xhr.onabort = () => {
          cleanup();
          reject(abortError(request.signal));
        };
        request.signal?.addEventListener('abort', onAbort, { once: true });
        xhr.send((data ?? null) as XMLHttpRequestBodyInit | null);
      });
    },
  };
}

export interface FetchTransportOptions {
  readonly fetch?: typeof globalThis.fetch | undefined;
}

/**
 * A fetch transport for runtimes without XMLHttpRequest (service workers, Deno, Bun, Node when the
 * Node entry is not used). fetch has no upload progress, so progress jumps when OSS answers.
 *
 * @example
 * ```ts
 * await uploadObject({ target, body: bytes, transport: createFetchTransport() });
 * ```
 */
export function createFetchTransport(options: FetchTransportOptions = {}): Transport {
  return {
    name: 'fetch',
    streamsBody: false,
    async send(request) {
      const fetchFn = options.fetch ?? globalThis.fetch;
      if (request.signal?.aborted) throw abortError(request.signal);
      const data = await toSendable(request.body);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (!BROWSER_MANAGED.has(name.toLowerCase())) headers[name] = value;
      }
      let response: Response;
      try {
        response = await fetchFn(request.url, {
          method: request.method,
          headers,
          body: (data ?? null) as BodyInit | null,
          signal: request.signal ?? null,
        });
      } catch (error) {
        if (request.signal?.aborted) throw abortError(request.signal);
        throw new OssUploadError('NETWORK_ERROR', `${request.method} failed before OSS answered: ${redactText((error as Error).message)}`, { cause: redactError(error) });
      }
      let body: string;
      try {
        body = await response.text();
      } catch (error) {
        if (request.signal?.aborted) throw abortError(request.signal);
        throw new OssUploadError('NETWORK_ERROR', `Reading OSS's answer failed: ${redactText((error as Error).message)}`, { cause: redactError(error) });
      }
      if (data !== undefined) request.onUploadProgress?.(request.body?.size ?? 0);
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        responseHeaders[name.toLowerCase()] = value;
      });
      return { status: response.status, headers: responseHeaders, body };
    },
  };
}

/**
 * XHR where the runtime has it, fetch otherwise.
 *
 * @example
 * ```ts
 * const transport = defaultWebTransport();
 * ```
 */
export function defaultWebTransport(): Transport {
  return typeof globalThis.XMLHttpRequest === 'function' ? createXhrTransport() : createFetchTransport();
}
