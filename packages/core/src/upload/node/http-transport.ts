/**
 * The Node transport: node:http / node:https, streaming the body with backpressure and counting
 * bytes as they are written, so progress is real and a 1 GiB file never sits in memory. Sends
 * exactly the given headers plus Content-Length (Node adds no Content-Type of its own).
 */

import { open } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { redactError, redactText, redactUrl } from '../../oss/redact.js';
import { OssUploadError, abortError } from '../errors.js';
import type { Transport, TransportRequest, TransportResponse } from '../transport.js';

export interface NodeHttpTransportOptions {
  /** Default: a keep-alive agent per protocol, shared by every transport of this module. */
  readonly httpAgent?: http.Agent | undefined;
  readonly httpsAgent?: https.Agent | undefined;
  /** Fails a request (TIMEOUT, retried) when its socket is idle this long. Default 120 s. */
  readonly idleTimeoutMs?: number | undefined;
}

let sharedHttpAgent: http.Agent | undefined;
let sharedHttpsAgent: https.Agent | undefined;

// Everything after scheme://authority, fragment dropped, untouched: the signature covers the path
// and query exactly as the presigner wrote them, so no URL normalisation may happen here.
const REQUEST_TARGET = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^#]*)/i;

/**
 * The request-target of an absolute URL, exactly as written (`/` when empty).
 *
 * @example
 * ```ts
 * requestTarget('http://127.0.0.1:9000/demo/a%2Bb?x-oss-date=1#frag'); // '/demo/a%2Bb?x-oss-date=1'
 * ```
 */
export function requestTarget(url: string): string {
  const path = REQUEST_TARGET.exec(url)?.[1] ?? '';
  if (path === '') return '/';
  return path.startsWith('?') ? `/${path}` : path;
}

function waitForDrain(request: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      request.off('drain', done);
      request.off('close', done);
      resolve();
    };
    request.on('drain', done);
    request.on('close', done);
  });
}

function networkError(method: string, error: NodeJS.ErrnoException): OssUploadError {
  return new OssUploadError('NETWORK_ERROR', `${method} failed before OSS answered: ${error.code ?? redactText(error.message)}`, { cause: redactError(error) });
}

/**
 * Creates the node:http(s) transport.
 *
 * @example
 * ```ts
 * import { createNodeHttpTransport, uploadObject } from '@oss-presign/core/upload/node';
 * await uploadObject({ target, body: { path: './video.mp4' }, transport: createNodeHttpTransport({ idleTimeoutMs: 30_000 }) });
 * ```
 */
export function createNodeHttpTransport(options: NodeHttpTransportOptions = {}): Transport {
  const idleTimeoutMs = options.idleTimeoutMs ?? 120_000;
  const agentFor = (secure: boolean): http.Agent => {
    if (secure) {
      sharedHttpsAgent ??= new https.Agent({ keepAlive: true });
      return options.httpsAgent ?? sharedHttpsAgent;
    }
    sharedHttpAgent ??= new http.Agent({ keepAlive: true });
    return options.httpAgent ?? sharedHttpAgent;
  };
  return {
    name: 'node-http',
    streamsBody: true,
    send: (request) => sendNode(request, agentFor, idleTimeoutMs),
  };
}

function sendNode(request: TransportRequest, agentFor: (secure: boolean) => http.Agent, idleTimeoutMs: number): Promise<TransportResponse> {
  return new Promise<TransportResponse>((resolve, reject) => {
    const signal = request.signal;
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    let url: URL;
    try {
      url = new URL(request.url);
    } catch (error) {
      reject(new OssUploadError('INVALID_OPTIONS', `Not a URL: ${redactUrl(request.url)}`, { cause: redactError(error) }));
      return;
    }
    const secure = url.protocol === 'https:';
    const headers: Record<string, string> = { ...request.headers };
    const hasLength = Object.keys(headers).some((name) => name.toLowerCase() === 'content-length');
    if (!hasLength && (request.body || request.method === 'PUT' || request.method === 'POST')) {
      headers['content-length'] = String(request.body?.size ?? 0);
    }
    let settled = false;
    let responded = false;
    const finish = (error: OssUploadError | undefined, response?: TransportResponse): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(response as TransportResponse);
    };
    let client: http.ClientRequest;
    try {
      client = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || (secure ? 443 : 80),
        method: request.method,
        path: requestTarget(request.url),
        headers,
        agent: agentFor(secure),
      });
    } catch (error) {
      // e.g. ERR_UNESCAPED_CHARACTERS: a decoded URL with a space in it.
      reject(new OssUploadError('INVALID_OPTIONS', `Cannot send ${redactUrl(request.url)}: ${redactText((error as Error).message)}`, { cause: redactError(error), retryable: false }));
      return;
    }
    const onAbort = (): void => {
      client.destroy();
      finish(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    client.setTimeout(idleTimeoutMs, () => {
      client.destroy();
      finish(new OssUploadError('TIMEOUT', `${request.method} stalled for ${idleTimeoutMs} ms`));
    });
    client.on('error', (error: NodeJS.ErrnoException) => {
      // After a complete answer, a late write error (OSS closed early) does not matter.
      if (!responded) finish(networkError(request.method, error));
    });
    client.on('response', (response) => {
      responded = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error: NodeJS.ErrnoException) => finish(networkError(request.method, error)));
      response.on('aborted', () => finish(new OssUploadError('NETWORK_ERROR', `${request.method}: the answer was cut off`)));
      response.on('end', () => {
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        finish(undefined, { status: response.statusCode ?? 0, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    void writeBody(client, request, () => responded || settled).catch((error: unknown) => {
      client.destroy();
      finish(error instanceof OssUploadError ? error : new OssUploadError('INVALID_BODY', `Reading the body failed: ${redactText((error as Error).message)}`, { cause: redactError(error), retryable: false }));
    });
  });
}

const MIB = 1024 * 1024;
const MIN_FILE_CHUNK = MIB;
const MAX_FILE_CHUNK = 4 * MIB;
const FILE_CHUNK_ALIGN = 64 * 1024;
// The largest write, so that progress is reported at least every MiB whatever the chunk size.
const PROGRESS_SLICE = MIB;

/**
 * How many bytes of a file range one read (and one socket write) takes: an eighth of the range,
 * rounded up to 64 KiB, kept between 1 MiB and 4 MiB, and never more than the range itself.
 *
 * Why: every chunk costs a read on the thread pool, a socket write and a drain wait. For a single
 * PUT of 1 GiB, 4 MiB chunks took about a sixth less client CPU than 1 MiB chunks (and 64 KiB
 * chunks, as curl reads, nearly twice as much), which is throughput when the client shares its
 * cores with the server. An eighth of the range keeps parts small in memory: a default 8 MiB part
 * still reads 1 MiB at a time, so parts in parallel hold what they held before, and a small body
 * gets a buffer of its own size rather than a whole MiB.
 *
 * @param length Bytes in the range (end - start), a non-negative integer.
 * @returns The chunk size in bytes (0 for an empty range).
 * @example
 * ```ts
 * fileChunkSize(100); // 100
 * fileChunkSize(8 * 1024 * 1024); // 1048576: a default part
 * fileChunkSize(1024 ** 3); // 4194304: a 1 GiB single PUT
 * ```
 */
export function fileChunkSize(length: number): number {
  const eighth = Math.ceil(length / 8 / FILE_CHUNK_ALIGN) * FILE_CHUNK_ALIGN;
  return Math.min(length, MAX_FILE_CHUNK, Math.max(MIN_FILE_CHUNK, eighth));
}

/**
 * Streams bytes [start, end) of a file into the request through a few reused buffers of
 * {@link fileChunkSize} bytes: the next read runs while the current chunk is written, and a buffer
 * is reused only after its write completed. No per-chunk allocation, so a 1 GiB upload neither
 * churns the GC nor grows the RSS.
 */
async function writeFileRange(
  client: http.ClientRequest,
  file: { readonly path: string; readonly start: number; readonly end: number },
  request: TransportRequest,
  stopped: () => boolean,
): Promise<void> {
  const handle = await open(file.path, 'r');
  try {
    const free: Buffer[] = [];
    const chunkSize = fileChunkSize(file.end - file.start);
    let position = file.start;
    let written = 0;
    const readNext = async (): Promise<{ buffer: Buffer; chunk: Buffer } | undefined> => {
      if (position >= file.end) return undefined;
      const buffer = free.pop() ?? Buffer.allocUnsafeSlow(chunkSize);
      const want = Math.min(chunkSize, file.end - position);
      const at = position;
      position += want;
      let filled = 0;
      while (filled < want) {
        const { bytesRead } = await handle.read(buffer, filled, want - filled, at + filled);
        if (bytesRead === 0) throw new OssUploadError('INVALID_BODY', `${file.path} is shorter than expected (it changed while uploading)`, { retryable: false });
        filled += bytesRead;
      }
      return { buffer, chunk: buffer.subarray(0, want) };
    };
    let next = readNext();
    for (;;) {
      const current = await next;
      if (!current || stopped()) return;
      next = readNext();
      next.catch(() => undefined);
      const { buffer, chunk } = current;
      // Written in slices of at most 1 MiB, each reported as it completes: progress keeps the
      // granularity it had with 1 MiB reads. The buffer is reused after its last slice completed
      // (a socket completes writes in order).
      let flowing = true;
      for (let offset = 0; offset < chunk.length; offset += PROGRESS_SLICE) {
        const slice = chunk.subarray(offset, offset + PROGRESS_SLICE);
        const last = offset + PROGRESS_SLICE >= chunk.length;
        flowing = client.write(slice, (error) => {
          if (last) free.push(buffer);
          if (error) return;
          written += slice.length;
          request.onUploadProgress?.(written);
        });
      }
      request.onBodyChunk?.(chunk);
      if (!flowing) await waitForDrain(client);
    }
  } finally {
    await handle.close();
  }
}

async function writeBody(client: http.ClientRequest, request: TransportRequest, stopped: () => boolean): Promise<void> {
  const body = request.body;
  if (body?.file) {
    await writeFileRange(client, body.file, request, stopped);
  } else if (body) {
    let written = 0;
    for await (const chunk of body.open()) {
      // OSS may answer (an error) before the body is done; stop sending then.
      if (stopped()) return;
      const length = chunk.length;
      const flowing = client.write(chunk, (error) => {
        if (error) return;
        written += length;
        request.onUploadProgress?.(written);
      });
      // The CRC runs after the write is issued: the kernel sends this chunk while it is computed
      // (a chunk is never modified once read, so the order does not change the result).
      request.onBodyChunk?.(chunk);
      if (!flowing) await waitForDrain(client);
    }
  }
  if (!stopped()) client.end();
}
