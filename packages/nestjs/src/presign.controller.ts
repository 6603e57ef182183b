import { All, Controller, Inject, Req, Res, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { matchPresignRoute } from './core.js';
import { OssPresignHttpException } from './http-exception.js';
import type { NestHttpRequest } from './options.js';
import { OssPresignService } from './oss-presign.service.js';
import { errorHeaders, sendPlain } from './reply.js';
import { bodyOf } from './request-body.js';

/**
 * The built-in controller at `path`: every path under it (`POST {path}/upload`,
 * `{path}/multipart/{step}`, `GET {path}/config`, and any other, which core answers with a JSON 404
 * NOT_FOUND), the protocol of core's presign handler as with the Express and Koa adapters. Any
 * method reaches core, which answers 405 itself. It runs after the app's global guards, so
 * `authorize` finds `request.native.user`.
 */
export function presignControllerAt(path: string): Type<unknown> {
  const base = `/${path.replace(/^\/+|\/+$/g, '')}`;
  @Controller(path)
  class OssPresignController {
    constructor(
      @Inject(OssPresignService) private readonly oss: OssPresignService,
      @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    ) {}

    // The whole prefix, so that the adapter owns it: the route under it is core's to match. A bare
    // `*` is the one wildcard both platforms take (Fastify refuses Express 5's named `*rest`).
    @All(['', '*'])
    async serve(@Req() request: NestHttpRequest, @Res() response: unknown): Promise<void> {
      const url = request.originalUrl ?? request.url;
      const route = matchPresignRoute(url.slice(Math.max(0, url.indexOf(base))), base) ?? '/';
      const answer = await this.oss.handle({ method: request.method, path: route, headers: request.headers, native: request, ...bodyOf(request) });
      const adapter = this.adapterHost.httpAdapter;
      if (answer.status < 400) return sendPlain(adapter.getType(), response, answer);
      // Rejections go through the app's exception filters, as HttpExceptions with core's status and body.
      for (const [name, value] of errorHeaders(answer)) adapter.setHeader(response, name, value);
      throw new OssPresignHttpException(answer);
    }
  }
  return OssPresignController;
}
