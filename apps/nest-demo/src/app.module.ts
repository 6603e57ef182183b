import { Controller, Get, Header, Inject, Injectable, Module, Post, type Type } from '@nestjs/common';
import { type Presigner, createOssClient } from '@oss-presign/core';
import type { OssBackend } from '@oss-presign/emulator';
import { InjectOssPresigner, OssCallback, OssCallbackBody, OssPresignModule, type VerifiedOssUpload } from '@oss-presign/nestjs';
import { loadPageHtml, loadPageScript } from './page-script.js';

/** An upload whose OSS callback was verified. */
export interface VerifiedUpload {
  readonly key: string | undefined;
  readonly size: number | undefined;
  readonly mimeType: string | undefined;
  readonly at: string;
}

/** Where the demo's settings live: the OSS backend (emulator or real OSS) and the callback URL. */
export const DEMO_SETTINGS = Symbol('demo settings');
export interface DemoSettings {
  readonly backend: OssBackend;
  readonly callbackUrl: string | undefined;
}

/** The uploads whose callbacks were verified, newest last (a real app writes them to its database). */
@Injectable()
export class VerifiedUploads {
  readonly list: VerifiedUpload[] = [];
}

// Explicit @Inject tokens throughout: `pnpm dev` runs through tsx (esbuild), which emits no
// decorator metadata for injection by type.

@Controller()
class PageController {
  private readonly page = Promise.all([loadPageHtml(), loadPageScript()]);

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async html() {
    return (await this.page)[0];
  }

  @Get('assets/upload.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  async script() {
    return (await this.page)[1];
  }
}

@Controller('api/files')
class FilesController {
  private readonly oss;

  constructor(
    @InjectOssPresigner() presigner: Presigner,
    @Inject(VerifiedUploads) private readonly verified: VerifiedUploads,
  ) {
    this.oss = createOssClient(presigner);
  }

  /** What landed in the bucket, and the uploads whose callbacks checked out. */
  @Get()
  async list() {
    return { objects: await this.oss.listObjects({ prefix: 'uploads/' }), verifiedCallbacks: this.verified.list };
  }
}

@Controller('oss')
class CallbackController {
  constructor(@Inject(VerifiedUploads) private readonly verified: VerifiedUploads) {}

  /** OSS calls this after each upload; the guard has checked the signature over the raw body. */
  @Post('callback')
  @OssCallback()
  uploaded(@OssCallbackBody() { key, size, mimeType }: VerifiedOssUpload) {
    this.verified.list.push({ key, size, mimeType, at: new Date().toISOString() });
    return { ok: true, key };
  }
}

/**
 * The demo app: the upload page, the presign routes at /api/oss (the module's built-in controller),
 * the verified OSS callback at /oss/callback and /api/files listing what landed in the bucket.
 */
export function createAppModule(settings: DemoSettings): Type<unknown> {
  @Module({ providers: [{ provide: DEMO_SETTINGS, useValue: settings }], exports: [DEMO_SETTINGS] })
  class SettingsModule {}

  @Module({
    imports: [
      OssPresignModule.forRootAsync({
        imports: [SettingsModule],
        inject: [DEMO_SETTINGS],
        useFactory: ({ backend, callbackUrl }: DemoSettings) => ({
          presigner: backend.presigner,
          // A real app returns the user its guard put on request.native.user (or false); the demo lets everyone upload within the limits below.
          authorize: () => ({ user: 'demo' }),
          prefix: 'uploads',
          allowedContentTypes: ['image/*', 'text/*', 'application/pdf', 'application/octet-stream'],
          maxSize: 200 * 1024 * 1024,
          callback: callbackUrl ? { url: callbackUrl } : undefined,
          callbackVerification: { publicKeyUrl: backend.publicKeyUrl },
        }),
      }),
    ],
    controllers: [PageController, FilesController, CallbackController],
    providers: [VerifiedUploads],
  })
  class AppModule {}
  return AppModule;
}
