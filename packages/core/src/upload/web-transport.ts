/**
 * The browser transports' request code: XMLHttpRequest (the only browser API with upload
 * progress) and fetch. Loaded with the first request, not with the page: ./transport.ts holds the
 * factories an app calls, which are a few lines each.
 */

import { redactError, redactText } from '../oss/redact.js';
import { OssUploadError, abortError } from './errors.js';
import type { BodyPayload } from './body.js';
import type { FetchTransportOptions, TransportRequest, TransportResponse, XhrTransportOptions } from './transport.js';

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

/**
 * One request through XMLHttpRequest. Sends the body as a type-less Blob or bytes, so the browser
 * adds no Content-Type of its own.
 *
 * @example
 * ```ts
 * const response = await sendXhr({ timeoutMs: 120_000 }, { method: 'PUT', url, headers, body });
 * ```
 */
export async function sendXhr(options: XhrTransportOptions, request: TransportRequest): Promise<TransportResponse> {
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
}

/**
 * One request through fetch. fetch has no upload progress: progress jumps when OSS answers.
 *
 * @example
 * ```ts
 * const response = await sendFetch({}, { method: 'PUT', url, headers, body });
 * ```
 */
export async function sendFetch(options: FetchTransportOptions, request: TransportRequest): Promise<TransportResponse> {
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
}
