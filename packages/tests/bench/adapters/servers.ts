// The servers of presign.bench.ts, one framework per process: for each, the adapter's presign route,
// a hand-written route of the same framework that parses the same JSON, calls presigner.presign and
// answers the same JSON, and a bare route that parses the JSON and answers a stored presign answer.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createPresigner } from '@oss-presign/core';
import { ossPresign as expressPresign } from '@oss-presign/express';
import { ossPresign as koaPresign } from '@oss-presign/koa';
import { OssPresignModule } from '@oss-presign/nestjs';
import express from 'express';
import Koa from 'koa';

export const FRAMEWORKS = ['express', 'koa', 'nest-express', 'nest-fastify'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const presigner = createPresigner({
  region: 'cn-hangzhou',
  bucket: 'demo',
  credentials: { accessKeyId: 'LTAI5tBenchmark', accessKeySecret: 'benchmark-secret-0123456789' },
});
const policy = { presigner, allowedContentTypes: ['image/*'] };

/** What a careful hand-written route does: key under uploads/yyyy/mm with a random id, then presign. */
async function handPresign(body: { fileName: string; contentType: string; size: number }) {
  const now = new Date();
  const month = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const key = `uploads/${month}/${randomBytes(8).toString('hex')}-${body.fileName.replace(/[^\w.-]+/g, '-')}`;
  const signed = await presigner.presign(
    { operation: 'PutObject', key, contentType: body.contentType, contentLength: body.size, forbidOverwrite: true },
    { expires: 900 },
  );
  return { bucket: 'demo', key, method: signed.method, url: signed.url, signedHeaders: signed.signedHeaders, expiration: signed.expiration.toISOString() };
}

/** The bare route's answer: a real presign answer, so every route sends JSON of about the same size. */
export const sample = { text: '', object: {} as unknown };

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function expressApp(): (req: IncomingMessage, res: ServerResponse) => void {
  const app = express();
  app.use('/api/oss', expressPresign(policy));
  app.post('/hand', express.json(), async (req, res) => void res.json(await handPresign(req.body as Parameters<typeof handPresign>[0])));
  app.post('/bare', express.json(), (_req, res) => void res.type('application/json').send(sample.text));
  return app;
}

function koaApp(): (req: IncomingMessage, res: ServerResponse) => void {
  const app = new Koa();
  app.use(koaPresign({ basePath: '/api/oss', ...policy }));
  app.use(async (ctx) => {
    if (ctx.path === '/hand') ctx.body = await handPresign((await readJson(ctx.req)) as never);
    else if (ctx.path === '/bare') {
      await readJson(ctx.req);
      ctx.type = 'application/json';
      ctx.body = sample.text;
    }
  });
  return app.callback();
}

@Controller()
class HandController {
  @Post('hand')
  @HttpCode(200)
  hand(@Body() body: { fileName: string; contentType: string; size: number }) {
    return handPresign(body);
  }

  @Post('bare')
  @HttpCode(200)
  bare(@Body() _body: unknown) {
    return sample.object;
  }
}

@Module({ imports: [OssPresignModule.forRoot(policy)], controllers: [HandController] })
class BenchModule {}

async function attachNest(server: Server, platform: 'express' | 'fastify'): Promise<void> {
  if (platform === 'express') {
    const adapter = new ExpressAdapter();
    await (await NestFactory.create(BenchModule, adapter, { logger: ['error'] })).init();
    server.on('request', adapter.getInstance());
    return;
  }
  const adapter = new FastifyAdapter({
    serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
      server.on('request', handler);
      return server;
    },
  });
  await (await NestFactory.create(BenchModule, adapter as never, { logger: ['error'] })).init();
  await adapter.getInstance().ready();
}

/** Starts one framework's server on 127.0.0.1:0; answers its base URL once a presign answer is stored as the bare route's. */
export async function serve(framework: Framework, request: string): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (framework === 'express') server.on('request', expressApp());
  else if (framework === 'koa') server.on('request', koaApp());
  else await attachNest(server, framework === 'nest-express' ? 'express' : 'fastify');
  sample.text = await (await fetch(`${base}/api/oss/upload`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request })).text();
  sample.object = JSON.parse(sample.text);
  return base;
}
