/**
 * The real things the hook's tests talk to: the emulator over HTTP, and core's presign handler
 * behind a bare node:http server on 127.0.0.1, port 0, answering CORS like an app server that
 * serves a page from another origin would (the test page's origin is happy-dom's).
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPresigner } from '@oss-presign/core';
import { type PresignHandlerOptions, createPresignHandler } from '@oss-presign/core/http';
import { type Emulator, startEmulator } from '@oss-presign/emulator';

export const BUCKET = 'demo';
const REGION = 'cn-hangzhou';
const CREDENTIALS = { accessKeyId: 'hook-ak', accessKeySecret: 'hook-sk' };

export function startOss(): Promise<Emulator> {
  return startEmulator({ port: 0, host: '127.0.0.1', region: REGION, buckets: [BUCKET], credentials: [CREDENTIALS] });
}

export interface PresignServer {
  /** Where the handler is mounted, e.g. http://127.0.0.1:PORT/api/oss. */
  readonly endpoint: string;
  /** Every request the handler served, in order: path (`/api/oss/upload`, …) and headers. */
  readonly requests: { readonly path: string; readonly headers: Readonly<Record<string, string | string[] | undefined>> }[];
  close(): Promise<void>;
}

export async function startPresignServer(oss: Emulator, options: Partial<PresignHandlerOptions> = {}): Promise<PresignServer> {
  const presigner = createPresigner({ region: REGION, bucket: BUCKET, credentials: CREDENTIALS, endpoint: oss.endpoint });
  const handler = createPresignHandler({ presigner, basePath: '/api/oss', prefix: 'hook', onError: () => undefined, ...options });
  const requests: PresignServer['requests'] = [];
  const server: Server = createServer(async (req, res) => {
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
      'access-control-expose-headers': 'x-request-id',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    requests.push({ path: req.url ?? '', headers: req.headers });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const response = await handler.fetch(
      new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined }),
    );
    res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...cors });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/oss`,
    requests,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Deterministic bytes: `size` of them from `seed`. */
export function patternBytes(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}
