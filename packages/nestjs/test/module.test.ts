import 'reflect-metadata';
import {
  type ArgumentsHost,
  Body,
  Catch,
  type CanActivate,
  Controller,
  type ExceptionFilter,
  type ExecutionContext,
  Get,
  Inject,
  Injectable,
  Module,
  Post,
  Req,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import type { Presigner } from '@oss-presign/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InjectOssPresigner,
  type NestHttpRequest,
  OssCallback,
  OssCallbackBody,
  OssPresignHttpException,
  OssPresignModule,
  OssPresignService,
  type VerifiedOssUpload,
} from '../src/index.js';
import { PLATFORMS, type RunningApp, postJson, presigner, startApp, startCallbackKey } from './helpers.js';

const file = { fileName: 'a.png', contentType: 'image/png', size: 10 };
const callbackBody = '{"bucket":"demo","object":"users/alice/a.png","size":10,"mimeType":"image/png","x:uid":"alice"}';

/** The app's own guard, as Passport's would: it sets request.user before the presign routes run. */
@Injectable()
class HeaderUserGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; user?: unknown }>();
    const name = request.headers['x-user'];
    if (name) request.user = { id: name };
    return true;
  }
}

const seenFilters: string[] = [];

/** An app-wide filter that sees the package's exceptions like any other, then answers as Nest would. */
@Catch(OssPresignHttpException)
class RecordingFilter implements ExceptionFilter {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}
  catch(exception: OssPresignHttpException, context: ArgumentsHost) {
    seenFilters.push(exception.code);
    this.host.httpAdapter.reply(context.switchToHttp().getResponse(), exception.getResponse(), exception.getStatus());
  }
}

// Injected by type: this controller fails (undefined service, 500s) when a build drops decorator metadata.
@Controller()
class AppController {
  constructor(
    private readonly oss: OssPresignService,
    @InjectOssPresigner() private readonly presignerByToken: Presigner,
  ) {}

  @Post('avatar')
  avatar(@Req() request: NestHttpRequest, @Body() body: { size: number }) {
    return this.oss.presignUpload({ fileName: 'avatar.png', contentType: 'image/png', size: body.size }, { headers: request.headers, native: request });
  }

  @Get('download')
  async download() {
    const viaService = await this.oss.presignDownload({ key: 'users/alice/a.png', response: { contentDisposition: 'attachment' } }, { expires: 60 });
    return { url: viaService.url, samePresigner: this.presignerByToken === this.oss.presigner };
  }

  @Post('oss/callback')
  @OssCallback()
  uploaded(@OssCallbackBody() upload: VerifiedOssUpload) {
    return { ok: true, key: upload.key, size: upload.size, uid: upload.vars.uid, parsed: upload.callback.body };
  }
}

describe.each(PLATFORMS)('OssPresignModule.forRoot on %s', (platform) => {
  let running: RunningApp;
  let key: Awaited<ReturnType<typeof startCallbackKey>>;

  beforeAll(async () => {
    key = await startCallbackKey();
    running = await startApp(platform, {
      imports: [
        OssPresignModule.forRoot({
          presigner,
          authorize: (request) => (request.native?.user as { id: string } | undefined) ?? false,
          prefix: (user: { id: string }) => `users/${user.id}`,
          allowedContentTypes: ['image/*'],
          onError: () => {},
          callbackVerification: { publicKeyUrl: key.publicKeyUrl, onError: () => {} },
        }),
      ],
      controllers: [AppController],
      providers: [
        { provide: APP_GUARD, useClass: HeaderUserGuard },
        { provide: APP_FILTER, useClass: RecordingFilter },
      ],
    });
  });
  afterAll(async () => {
    await running.close();
    await key.close();
  });

  it('keeps the design:paramtypes metadata that injection by type needs', () => {
    expect(Reflect.getMetadata('design:paramtypes', AppController)).toEqual([OssPresignService, Object]);
  });

  it('presigns at api/oss/upload for the user the app guard set', async () => {
    const response = await postJson(`${running.base}/api/oss/upload`, file, { 'x-user': 'alice' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{24}$/);
    const body = (await response.json()) as { url: string; key: string; signedHeaders: Record<string, string> };
    expect(body.key).toMatch(/^users\/alice\/\d{4}\/\d{2}\/[0-9a-f]{16}-a\.png$/);
    expect(body.url.startsWith(`http://127.0.0.1:9/demo/${body.key}?`)).toBe(true);
    expect(body.signedHeaders['content-length']).toBe('10');
  });

  it("answers core's 401 JSON through the app's exception filter", async () => {
    const before = seenFilters.length;
    const response = await postJson(`${running.base}/api/oss/upload`, file);
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Sign in to upload', requestId: response.headers.get('x-request-id') } });
    expect(seenFilters.slice(before)).toEqual(['UNAUTHORIZED']);
  });

  it('lets core answer any other method with 405 and Allow: POST', async () => {
    const response = await fetch(`${running.base}/api/oss/upload`, { headers: { 'x-user': 'alice' } });
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST']);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('owns its prefix: unknown paths under it get core 404 JSON; other paths are left to Nest', async () => {
    for (const path of ['/api/oss/multipart/nope', '/api/oss/elsewhere']) {
      const step = await postJson(`${running.base}${path}`, {}, { 'x-user': 'alice' });
      expect([step.status, ((await step.json()) as { error: { code: string } }).error.code]).toEqual([404, 'NOT_FOUND']);
    }
    const other = await postJson(`${running.base}/elsewhere`, {});
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ statusCode: 404 });
  });

  it('presigns from an app route through the injected service, under the same policy', async () => {
    const ok = await postJson(`${running.base}/avatar`, { size: 99 }, { 'x-user': 'bob' });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { key: string }).key).toMatch(/^users\/bob\/.*-avatar\.png$/);
    const refused = await postJson(`${running.base}/avatar`, { size: 99 });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
  });

  it('presigns a download and injects the module presigner', async () => {
    const response = await fetch(`${running.base}/download`);
    const body = (await response.json()) as { url: string; samePresigner: boolean };
    expect(body.samePresigner).toBe(true);
    const url = new URL(body.url);
    expect(url.pathname).toBe('/demo/users/alice/a.png');
    expect(url.searchParams.get('x-oss-expires')).toBe('60');
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment');
  });

  it('lets a validly signed callback through and hands the route the verified body', async () => {
    const response = await fetch(`${running.base}/oss/callback`, key.signed('/oss/callback', callbackBody));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, key: 'users/alice/a.png', size: 10, uid: 'alice', parsed: JSON.parse(callbackBody) });
  });

  it.each([
    ['forged', { signature: Buffer.from('x'.repeat(128)).toString('base64') }],
    ['altered', { body: callbackBody.replace('10', '99') }],
    ['unsigned', { signature: null }],
  ] as const)('answers a %s callback with 403 JSON', async (_name, change) => {
    const response = await fetch(`${running.base}/oss/callback`, key.signed('/oss/callback', callbackBody, change));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('CALLBACK_SIGNATURE_INVALID');
  });
});

/** A ConfigService-style provider, as @nestjs/config would give. */
@Injectable()
class SettingsService {
  get(name: 'prefix' | 'maxSize'): string {
    return name === 'prefix' ? 'from-config' : '5';
  }
}

@Module({ providers: [SettingsService], exports: [SettingsService] })
class SettingsModule {}

@Controller('own')
class OwnRoutesController {
  constructor(@Inject(OssPresignService) private readonly oss: OssPresignService) {}
  @Post('upload')
  upload(@Body() body: typeof file) {
    return this.oss.presignUpload(body);
  }
}

@Module({ controllers: [OwnRoutesController] })
class FeatureModule {}

describe.each(PLATFORMS)('OssPresignModule.forRootAsync on %s', (platform) => {
  it('builds options with an injected factory; isGlobal serves feature modules; the path moves', async () => {
    const running = await startApp(platform, {
      imports: [
        OssPresignModule.forRootAsync({
          isGlobal: true,
          path: '/v2/uploads',
          imports: [SettingsModule],
          inject: [SettingsService],
          useFactory: async (settings: SettingsService) => ({ presigner, prefix: settings.get('prefix'), maxSize: Number(settings.get('maxSize')), onError: () => {} }),
        }),
        FeatureModule,
      ],
    });
    try {
      const moved = await postJson(`${running.base}/v2/uploads/upload`, { ...file, size: 5 });
      expect(((await moved.json()) as { key: string }).key).toMatch(/^from-config\//);
      expect((await postJson(`${running.base}/api/oss/upload`, file)).status).toBe(404);
      const own = await postJson(`${running.base}/own/upload`, file);
      expect(own.status).toBe(400);
      expect(((await own.json()) as { error: { code: string } }).error.code).toBe('FILE_TOO_LARGE');
    } finally {
      await running.close();
    }
  });

  it('serves no routes with controller: false, and the service still works', async () => {
    const running = await startApp(platform, { imports: [OssPresignModule.forRoot({ presigner, controller: false, isGlobal: true }), FeatureModule] });
    try {
      expect((await postJson(`${running.base}/api/oss/upload`, file)).status).toBe(404);
      expect((await postJson(`${running.base}/own/upload`, file)).status).toBe(201);
    } finally {
      await running.close();
    }
  });
});

describe.each(PLATFORMS)('@OssCallback() without rawBody on %s', (platform) => {
  it('fails the callback with a 500 and logs that the app needs { rawBody: true }', async () => {
    const key = await startCallbackKey();
    const logged: string[] = [];
    const logger = { log() {}, warn() {}, debug() {}, verbose() {}, error: (...args: unknown[]) => void logged.push(args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ')) };
    const running = await startApp(
      platform,
      { imports: [OssPresignModule.forRoot({ presigner, callbackVerification: { publicKeyUrl: key.publicKeyUrl } })], controllers: [AppController] },
      { rawBody: false, logger },
    );
    try {
      const response = await fetch(`${running.base}/oss/callback`, key.signed('/oss/callback', callbackBody));
      expect(response.status).toBe(500);
      expect(JSON.stringify(await response.json())).not.toContain('rawBody');
      expect(logged.join('\n')).toContain('NestFactory.create(AppModule, { rawBody: true })');
    } finally {
      await running.close();
      await key.close();
    }
  });
});
