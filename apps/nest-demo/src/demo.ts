import 'reflect-metadata';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { startOssBackend } from '@oss-presign/emulator';
import { createAppModule } from './app.module.js';

export interface StartDemoOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  readonly host?: string | undefined;
  readonly env: Record<string, string | undefined>;
  readonly log?: ((line: string) => void) | undefined;
}

/** A running demo. */
export interface RunningDemo {
  readonly url: string;
  readonly mode: 'emulator' | 'oss';
  close(): Promise<void>;
}

/**
 * Starts the Nest demo: the backend (emulator or real OSS), then the app. With the emulator the
 * callback URL is this server's own; with real OSS set OSS_CALLBACK_URL to a public URL of
 * /oss/callback, as OSS cannot call localhost.
 */
export async function startDemo(options: StartDemoOptions): Promise<RunningDemo> {
  const log = options.log ?? console.log;
  const backend = await startOssBackend({ env: options.env });
  // The server listens first, so the callback URL (its own, with the emulator) is known when the module is built.
  const server: Server = createServer();
  try {
    // Rejects on EADDRINUSE and the like, so the caller can say so instead of crashing.
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await backend.close();
    throw error;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const callbackUrl = backend.mode === 'emulator' ? `${url}/oss/callback` : options.env.OSS_CALLBACK_URL || undefined;
  const adapter = new ExpressAdapter();
  // rawBody: the OSS callback signature covers the body's exact bytes.
  const app = await NestFactory.create(createAppModule({ backend, callbackUrl }), adapter, { rawBody: true, logger: ['error', 'warn'] });
  await app.init();
  server.on('request', adapter.getInstance());
  log(`Uploads go to ${backend.description}.`);
  log(callbackUrl ? `Upload callbacks are verified at ${callbackUrl}.` : 'Upload callbacks are off (set OSS_CALLBACK_URL to a public URL of /oss/callback).');
  log(`Nest demo: open ${url}/`);
  return {
    url,
    mode: backend.mode,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await backend.close();
    },
  };
}
