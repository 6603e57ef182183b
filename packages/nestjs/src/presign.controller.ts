import { All, Controller, Inject, Param, Req, Res, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { OssPresignHttpException } from './http-exception.js';
import type { NestHttpRequest } from './options.js';
import { OssPresignService } from './oss-presign.service.js';
import { errorHeaders, sendPlain } from './reply.js';
import { bodyOf } from './request-body.js';

/**
 * The built-in controller at `path`: `POST {path}/upload` and `{path}/multipart/{step}`, the
 * protocol of core's presign handler (as with the Express and Koa adapters). Any method reaches
 * core, which answers 405 with `Allow: POST` itself. It runs after the app's global guards, so
 * `authorize` finds `request.native.user`.
 */
export function presignControllerAt(path: string): Type<unknown> {
  @Controller(path)
  class OssPresignController {
    constructor(
      @Inject(OssPresignService) private readonly oss: OssPresignService,
      @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    ) {}

    @All(['upload', 'multipart/:step'])
    async serve(@Req() request: NestHttpRequest, @Res() response: unknown, @Param('step') step: string | undefined): Promise<void> {
      const route = step === undefined ? '/upload' : `/multipart/${step}`;
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
