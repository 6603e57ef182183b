import { createHash } from 'node:crypto';
import { crc64 } from '../../src/integrity/crc64.js';
import type { Transport, TransportResponse } from '../../src/upload/transport.js';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly bytes: Uint8Array;
  readonly partNumber: number | undefined;
}

export type FakeHandler = (request: SeenRequest) => TransportResponse | Promise<TransportResponse>;

/** A 200 as OSS answers a PUT: quoted upper-case MD5 ETag and the CRC-64 of what arrived. */
export function ossOk(bytes: Uint8Array, extra: Record<string, string> = {}): TransportResponse {
  return {
    status: 200,
    headers: {
      etag: `"${createHash('md5').update(bytes).digest('hex').toUpperCase()}"`,
      'x-oss-hash-crc64ecma': crc64(bytes).toString(),
      'x-oss-request-id': 'FAKE0000000000000000000',
      ...extra,
    },
    body: '',
  };
}

export function ossError(status: number, code: string, message: string, extra = ''): TransportResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-oss-request-id': 'REQ123' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <RequestId>REQ123</RequestId>\n  <HostId>demo.oss-cn-hangzhou.aliyuncs.com</HostId>${extra}\n</Error>`,
  };
}

/**
 * A transport that reads the whole body (reporting progress and chunks like node:http does) and
 * lets the test decide the answer. Requests are recorded in order.
 */
export function fakeTransport(handler: FakeHandler, options: { streamsBody?: boolean } = {}): Transport & { requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  return {
    name: 'fake',
    streamsBody: options.streamsBody ?? true,
    requests,
    async send(request) {
      if (request.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      const chunks: Uint8Array[] = [];
      let sent = 0;
      if (request.body) {
        for await (const chunk of request.body.open()) {
          if (options.streamsBody ?? true) request.onBodyChunk?.(chunk);
          chunks.push(chunk);
          sent += chunk.length;
          request.onUploadProgress?.(sent);
        }
      }
      const bytes = new Uint8Array(Buffer.concat(chunks));
      const partNumber = /[?&]partNumber=(\d+)/.exec(request.url)?.[1];
      const seen: SeenRequest = { method: request.method, url: request.url, headers: request.headers, bytes, partNumber: partNumber ? Number(partNumber) : undefined };
      requests.push(seen);
      return handler(seen);
    },
  };
}

/** Records sleeps instead of waiting. */
export function recordingSleep(): { sleep: (ms: number, signal?: AbortSignal) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new Error('aborted');
      delays.push(ms);
    },
  };
}

export function patternBytes(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}
