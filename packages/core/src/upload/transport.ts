/**
 * The transport seam: one HTTP request with upload progress. The engine never touches XHR, fetch
 * or node:http directly, so tests inject a fake and each runtime gets the transport that can count
 * bytes on the wire (browsers: XHR, since fetch has no upload progress; Node: node:http).
 */

import type { BodyPayload } from './body.js';

// The factories are all a page loads; the request code (./web-transport.ts) comes with the first
// request, inside the single PUT's module (./web-put.ts): every upload loads that one anyway, and a
// dynamic import of its own would split the engine's chunk in two.

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
    send: async (request) => (await import('./web-put.js')).sendXhr(options, request),
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
    send: async (request) => (await import('./web-put.js')).sendFetch(options, request),
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
