/**
 * A real presign handler over HTTP for the store's end-to-end tests: `createPresignHandler` from
 * core behind a bare node:http server on 127.0.0.1, port 0, signing for the emulator.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPresignHandler } from '@oss-presign/core/http';
import type { Emulator } from '@oss-presign/emulator';
import { presignerFor } from './helpers.js';

export interface PresignServer {
  /** Where the handler is mounted, e.g. http://127.0.0.1:PORT/api/oss. */
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startPresignServer(oss: Emulator): Promise<PresignServer> {
  const handler = createPresignHandler({
    presigner: presignerFor(oss),
    basePath: '/api/oss',
    prefix: 'store',
    maxSize: 1024 * 1024 * 1024,
    // Injected OSS faults make the handler's own Complete call fail on purpose; the test asserts the outcome.
    onError: () => undefined,
  });
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const response = await handler.fetch(
      new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/oss`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
