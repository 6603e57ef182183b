import { createOssClient } from '@oss-presign/core';
import type { UploadCompleteEvent } from '@oss-presign/core/http';
import { ossCallback, ossPresign } from '@oss-presign/koa';
import Koa from 'koa';
import type { OssBackend } from '@oss-presign/emulator';

/**
 * The Koa demo: presign routes under /api/oss, the verified OSS callback at /oss/callback and
 * GET /api/files listing what landed in the bucket, with no router package.
 */
export function createDemoApp(backend: OssBackend, callbackUrl: string | undefined): Koa {
  const verified: { key: string | undefined; size: number | undefined; at: string }[] = [];
  const oss = createOssClient(backend.presigner);
  const app = new Koa();
  // Before any body parser: the callback signature covers the raw body.
  app.use(
    ossCallback({
      path: '/oss/callback',
      publicKeyUrl: backend.publicKeyUrl,
      onUploadComplete: ({ key, size }: UploadCompleteEvent) => {
        verified.push({ key, size, at: new Date().toISOString() });
        return { ok: true, key };
      },
    }),
  );
  app.use(
    ossPresign({
      basePath: '/api/oss',
      presigner: backend.presigner,
      // A real app checks ctx.state.user here; the demo lets everyone upload within the limits below.
      authorize: () => ({ user: 'demo' }),
      prefix: 'uploads',
      allowedContentTypes: ['image/*', 'text/*', 'application/pdf', 'application/octet-stream'],
      maxSize: 200 * 1024 * 1024,
      callback: callbackUrl ? { url: callbackUrl } : undefined,
    }),
  );
  app.use(async (ctx, next) => {
    if (ctx.method !== 'GET' || ctx.path !== '/') return next();
    // The Koa demo has no page (the Express and Nest demos do): say so, and name the routes.
    ctx.body = {
      name: 'koa-demo',
      apiOnly: true,
      routes: ['POST /api/oss/upload', 'POST /api/oss/multipart/*', 'GET /api/files', 'POST /oss/callback'],
    };
  });
  app.use(async (ctx, next) => {
    if (ctx.method !== 'GET' || ctx.path !== '/api/files') return next();
    ctx.body = { objects: await oss.listObjects({ prefix: 'uploads/' }), verifiedCallbacks: verified };
  });
  return app;
}
