// A real Express, Koa or Nest app, run in its own Node process by apps.ts. (Under this repo's Vitest
// resolve conditions, CommonJS `require` inside the test process picks ESM builds of dual packages,
// which breaks Express 5's router; a child process loads the frameworks as plain Node does.)
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOssClient, createPresigner } from '@oss-presign/core';
import type { UploadCompleteEvent } from '@oss-presign/core/http';
import { ossCallback as expressCallback, ossPresign as expressPresign } from '@oss-presign/express';
import { ossCallback as koaCallback, ossPresign as koaPresign } from '@oss-presign/koa';
import express from 'express';
import { bodyParser as koaBodyParser } from '@koa/bodyparser';
import Koa from 'koa';

const adapter = process.argv[2];
const endpoint = process.env.EMULATOR_ENDPOINT as string;
const publicKeyUrl = process.env.EMULATOR_PUBLIC_KEY_URL as string;
const credentials = { accessKeyId: process.env.OSS_TEST_KEY_ID as string, accessKeySecret: process.env.OSS_TEST_KEY_SECRET as string };

const server: Server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials, endpoint });
const oss = createOssClient(presigner);
const callbacks: Omit<UploadCompleteEvent, 'native' | 'callback'>[] = [];

const handlerOptions = {
  presigner,
  authorize: (request: { headers: Readonly<Record<string, string>> }) => {
    const user = request.headers['x-user'];
    return user === 'alice' || user === 'bob' ? { id: user } : false;
  },
  prefix: (user: { id: string }) => `users/${user.id}`,
  allowedContentTypes: ['text/*', 'application/octet-stream', 'image/*'],
  maxSize: 20 * 1024 * 1024,
  // Short, so that the stalled-body test answers quickly; the default is 10 s.
  bodyTimeoutMs: 500,
  onError: () => {},
  callback: { url: `${baseUrl}/oss/callback`, vars: ({ context }: { context: { id: string } }) => ({ uid: context.id }) },
};

const callbackOptions = {
  publicKeyUrl,
  bodyTimeoutMs: 500,
  onError: () => {},
  onUploadComplete: ({ native: _native, callback: _callback, ...event }: UploadCompleteEvent) => {
    callbacks.push(event);
    return { ok: true, key: event.key, size: event.size, uid: event.vars.uid };
  },
};

if (adapter?.startsWith('nest')) {
  // nest-express, nest-fastify, and nest11-* (the same on NestJS 11, through nest11-hooks.mjs).
  const { attachNestApp } = await import('./nest-app.js');
  const platform = adapter.endsWith('fastify') ? 'fastify' : 'express';
  await attachNestApp({ platform, server, handlerOptions, publicKeyUrl, oss, callbacks });
} else if (adapter === 'express') {
  const app = express();
  app.post('/oss/callback', expressCallback(callbackOptions));
  app.use('/api/oss', expressPresign(handlerOptions));
  // The same adapter behind express.json(): core sees the parsed body, not the bytes.
  app.use('/api/parsed', express.json({ limit: '1mb' }), expressPresign(handlerOptions));
  app.get('/health', (_req, res) => void res.json({ ok: true }));
  app.get('/files', async (_req, res) => void res.json(await oss.listObjects()));
  app.get('/test/callbacks', (_req, res) => void res.json(callbacks));
  server.on('request', app);
} else {
  const app = new Koa();
  app.use(koaCallback({ path: '/oss/callback', ...callbackOptions }));
  app.use(koaPresign({ basePath: '/api/oss', ...handlerOptions }));
  // The same adapter behind a body parser: core sees the parsed body, not the bytes.
  const parsed = koaPresign({ basePath: '/api/parsed', ...handlerOptions });
  const parser = koaBodyParser({ enableTypes: ['json'], jsonLimit: '1mb' });
  app.use((ctx, next) => (ctx.path.startsWith('/api/parsed') ? parser(ctx, () => parsed(ctx, next)) : next()));
  app.use(async (ctx) => {
    if (ctx.path === '/health') ctx.body = { ok: true };
    else if (ctx.path === '/files') ctx.body = await oss.listObjects();
    else if (ctx.path === '/test/callbacks') ctx.body = callbacks;
  });
  server.on('request', app.callback());
}

process.stdout.write(`READY ${baseUrl}\n`);
