// The contract suite's Nest app, on either HTTP platform, attached to the server app-process.ts
// already listens on (so the callback URL is known before the module is built).
import 'reflect-metadata';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Inject,
  Injectable,
  Module,
  Post,
} from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OssClient } from '@oss-presign/core';
import type { PresignHandlerOptions, UploadCompleteEvent } from '@oss-presign/core/http';
import { OssCallback, OssCallbackBody, OssPresignModule, type VerifiedOssUpload } from '@oss-presign/nestjs';
import express from 'express';

export interface NestAppInput {
  readonly platform: 'express' | 'fastify';
  readonly server: Server;
  readonly handlerOptions: PresignHandlerOptions<any, any>;
  readonly publicKeyUrl: string;
  readonly oss: OssClient;
  readonly callbacks: Omit<UploadCompleteEvent, 'native' | 'callback'>[];
}

/** The app's own authentication, as Passport's guard would do it: request.user from a header. */
@Injectable()
class HeaderUserGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; user?: { id: string } }>();
    const user = request.headers['x-user'];
    if (user === 'alice' || user === 'bob') request.user = { id: user };
    return true;
  }
}

const INPUT = Symbol('input');

@Controller()
class TestRoutesController {
  // Explicit tokens: tsx (esbuild) emits no decorator metadata.
  constructor(@Inject(INPUT) private readonly input: NestAppInput) {}

  @Get('health')
  health() {
    return { ok: true };
  }

  @Get('files')
  files() {
    return this.input.oss.listObjects();
  }

  @Get('test/callbacks')
  received() {
    return this.input.callbacks;
  }

  @Post('oss/callback')
  @OssCallback()
  uploaded(@OssCallbackBody() { native: _native, callback: _callback, ...event }: VerifiedOssUpload) {
    this.input.callbacks.push(event);
    return { ok: true, key: event.key, size: event.size, uid: event.vars.uid };
  }
}

/** Builds the Nest app and serves it on `input.server`; resolves once it answers requests. */
export async function attachNestApp(input: NestAppInput): Promise<void> {
  @Module({
    imports: [
      OssPresignModule.forRoot({
        ...input.handlerOptions,
        authorize: (request) => (request.native?.user as { id: string } | undefined) ?? false,
        callbackVerification: { publicKeyUrl: input.publicKeyUrl, onError: () => {} },
      }),
    ],
    controllers: [TestRoutesController],
    providers: [{ provide: INPUT, useValue: input }, { provide: APP_GUARD, useClass: HeaderUserGuard }],
  })
  class AppModule {}

  if (input.platform === 'express') {
    const instance = express();
    const app = await NestFactory.create(AppModule, new ExpressAdapter(instance), { rawBody: true, logger: ['error'] });
    await app.init();
    input.server.on('request', instance);
  } else {
    const adapter = new FastifyAdapter({
      serverFactory: (handler: (request: IncomingMessage, response: ServerResponse) => void) => {
        input.server.on('request', handler);
        return input.server;
      },
    });
    const app = await NestFactory.create(AppModule, adapter as never, { rawBody: true, logger: ['error'] });
    await app.init();
    await adapter.getInstance().ready();
  }
}
