import { createOssClient } from '@oss-presign/core';
import type { UploadCompleteEvent } from '@oss-presign/core/http';
import { ossCallback, ossPresign } from '@oss-presign/express';
import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OssBackend } from '@oss-presign/emulator';
import { reactDemoDist } from './react-page.js';

/** An upload whose OSS callback was verified. */
export interface VerifiedUpload {
  readonly key: string | undefined;
  readonly size: number | undefined;
  readonly mimeType: string | undefined;
  readonly at: string;
}

/** An object in the bucket as GET /api/files lists it. */
export interface ListedFile {
  readonly key: string;
  /** Bytes. */
  readonly size: number;
  readonly etag: string;
  readonly lastModified: string | undefined;
  /** A presigned GetObject URL, valid for {@link DOWNLOAD_URL_SECONDS}. */
  readonly url: string;
  /** Whether this server received and verified OSS's upload callback for the object. */
  readonly callback: boolean;
}

/** How long the download links of GET /api/files work, in seconds. */
export const DOWNLOAD_URL_SECONDS = 15 * 60;

/**
 * The demo app: the React upload page (apps/react-demo's build), the presign routes at /api/oss,
 * the verified OSS callback at /oss/callback and /api/files listing what landed in the bucket,
 * each object with a presigned download link.
 */
export async function createDemoApp(backend: OssBackend, callbackUrl: string | undefined): Promise<{ app: Express; verified: VerifiedUpload[] }> {
  const verified: VerifiedUpload[] = [];
  const oss = createOssClient(backend.presigner);
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
      const listed = await oss.listObjects({ prefix: 'uploads/' });
      const called = new Set(verified.map((upload) => upload.key));
      const objects: ListedFile[] = await Promise.all(
        listed.map(async (object) => ({
          key: object.key,
          size: object.size,
          etag: object.etag,
          lastModified: object.lastModified,
          // Signed by core's presigner like every upload URL: the bucket stays private.
          url: (await backend.presigner.presign({ operation: 'GetObject', key: object.key }, { expires: DOWNLOAD_URL_SECONDS })).url,
          callback: called.has(object.key),
        })),
      );
      res.json({ objects, verifiedCallbacks: verified });
    } catch (error) {
      next(error);
    }
  });
  const page = reactDemoDist();
  if (existsSync(join(page, 'index.html'))) {
    app.use(express.static(page, { index: 'index.html' }));
  } else {
    app.get('/', (_req, res) => void res.status(503).type('text').send('The React demo is not built: run `pnpm build` (or `pnpm demo`) at the repository root.'));
  }
  return { app, verified };
}
