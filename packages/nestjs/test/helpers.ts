import 'reflect-metadata';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication, LoggerService, ModuleMetadata } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createPresigner } from '@oss-presign/core';

export type Platform = 'express' | 'fastify';
export const PLATFORMS: Platform[] = ['express', 'fastify'];

export const presigner = createPresigner({
  region: 'cn-hangzhou',
  bucket: 'demo',
  credentials: { accessKeyId: 'LTAI5tNestTest', accessKeySecret: 'nest-test-secret' },
  endpoint: 'http://127.0.0.1:9',
});

export interface RunningApp {
  readonly app: INestApplication;
  readonly base: string;
  close(): Promise<void>;
}

/** A real Nest app of the test module on the given platform, listening on 127.0.0.1, port 0. */
export async function startApp(platform: Platform, metadata: ModuleMetadata, options: { rawBody?: boolean; logger?: LoggerService | false } = {}): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const adapter = platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = moduleRef.createNestApplication(adapter as never, { rawBody: options.rawBody ?? true, logger: options.logger ?? false });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  return { app, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => app.close() };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** A stand-in for OSS's callback key: an RSA key served from loopback, trusted as the one extra key URL. */
export async function startCallbackKey() {
  const keys = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const server = createServer((_req, res) => res.end(keys.publicKey.export({ type: 'spki', format: 'pem' })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const publicKeyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pub.pem`;
  return {
    publicKeyUrl,
    /** The request OSS would send: RSA-MD5 over the path and body (OSS doc "Callback"), optionally altered afterwards. */
    signed(path: string, body: string, change: { body?: string; signature?: string | null } = {}): RequestInit {
      const signer = createSign('RSA-MD5');
      signer.update(`${path}\n${body}`);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-oss-pub-key-url': Buffer.from(publicKeyUrl).toString('base64'),
      };
      const signature = change.signature === undefined ? signer.sign(keys.privateKey, 'base64') : change.signature;
      if (signature !== null) headers.authorization = signature;
      return { method: 'POST', headers, body: change.body ?? body };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
