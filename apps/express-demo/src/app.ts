import { createOssClient } from '@oss-presign/core';
import type { UploadCompleteEvent } from '@oss-presign/core/http';
import { ossCallback, ossPresign } from '@oss-presign/express';
import express, { type Express } from 'express';
import type { OssBackend } from '@oss-presign/emulator';
import { loadPageHtml, loadPageScript } from './page-script.js';

/** An upload whose OSS callback was verified. */
export interface VerifiedUpload {
  readonly key: string | undefined;
  readonly size: number | undefined;
  readonly mimeType: string | undefined;
  readonly at: string;
}

/**
 * The demo app: the upload page, the presign routes at /api/oss, the verified OSS callback at
 * /oss/callback and /api/files listing what landed in the bucket.
 */
export async function createDemoApp(backend: OssBackend, callbackUrl: string | undefined): Promise<{ app: Express; verified: VerifiedUpload[] }> {
  const verified: VerifiedUpload[] = [];
  const oss = createOssClient(backend.presigner);
  const [html, script] = await Promise.all([loadPageHtml(), loadPageScript()]);
  const app = express();

  // Before any body parser: the callback signature covers the raw body.
  app.post(
    '/oss/callback',
    ossCallback({
      publicKeyUrl: backend.publicKeyUrl,
      onUploadComplete: ({ key, size, mimeType }: UploadCompleteEvent) => {
        verified.push({ key, size, mimeType, at: new Date().toISOString() });
        return { ok: true, key };
      },
    }),
  );
  app.use(
    '/api/oss',
    ossPresign({
      presigner: backend.presigner,
      // A real app checks its session here; the demo lets everyone upload within the limits below.
      authorize: () => ({ user: 'demo' }),
      prefix: 'uploads',
      allowedContentTypes: ['image/*', 'text/*', 'application/pdf', 'application/octet-stream'],
      maxSize: 200 * 1024 * 1024,
      callback: callbackUrl ? { url: callbackUrl } : undefined,
    }),
  );
  app.get('/api/files', async (_req, res, next) => {
    try {
      res.json({ objects: await oss.listObjects({ prefix: 'uploads/' }), verifiedCallbacks: verified });
    } catch (error) {
      next(error);
    }
  });
  app.get('/assets/upload.js', (_req, res) => void res.type('text/javascript').send(script));
  app.get('/', (_req, res) => void res.type('html').send(html));
  return { app, verified };
}
