import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { PlainBody } from './core.js';
import type { NestHttpRequest } from './options.js';
import { OssPresignService } from './oss-presign.service.js';
import { VERIFIED_CALLBACK } from './tokens.js';

const RAW_BODY_MISSING =
  '@oss-presign/nestjs: an OSS callback arrived, but Nest parsed its body without keeping the raw bytes, which the signature covers. ' +
  'Create the app with NestFactory.create(AppModule, { rawBody: true }) (or createNestApplication(adapter, { rawBody: true }) in tests).';

/**
 * Lets a request through only when it is an OSS upload callback with a valid signature over its raw
 * body (OSS doc "Callback"); a forged, altered or unsigned one gets core's 403 JSON. Apply it with
 * `@OssCallback()`; read the result with `@OssCallbackBody()`.
 */
@Injectable()
export class OssCallbackGuard implements CanActivate {
  constructor(@Inject(OssPresignService) private readonly oss: OssPresignService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<NestHttpRequest & { originalUrl?: string; [VERIFIED_CALLBACK]?: unknown }>();
    const rawBody = request.rawBody ?? unparsedBody(request);
    // A plain Error: a misconfigured app, logged in full by Nest, answered with a bare 500.
    if (rawBody === undefined) throw new Error(RAW_BODY_MISSING);
    request[VERIFIED_CALLBACK] = await this.oss.verifyCallback({ url: request.originalUrl ?? request.url, headers: request.headers, rawBody, native: request });
    return true;
  }
}

/**
 * The body when no parser consumed it: the unread stream (Express, a type no parser takes), the
 * text (Fastify's text parser), or nothing at all. Any other parsed body without `rawBody` lost its bytes.
 */
function unparsedBody(request: NestHttpRequest): PlainBody {
  const body = request.body;
  if (typeof body === 'string') return body;
  if (body !== undefined && body !== null) return undefined;
  return isStream(request) ? (request as unknown as AsyncIterable<Uint8Array>) : '';
}

function isStream(request: object): boolean {
  return typeof (request as { on?: unknown }).on === 'function' && 'readableEnded' in request;
}
