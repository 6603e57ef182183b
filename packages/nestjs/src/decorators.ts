import { HttpCode, Inject, UseGuards, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { OssCallbackGuard } from './callback.guard.js';
import { OSS_PRESIGNER, VERIFIED_CALLBACK } from './tokens.js';

/**
 * Marks a route as the endpoint OSS calls after an upload: `OssCallbackGuard` verifies the signature
 * over the raw body first (403 JSON otherwise), and the route answers 200, as OSS expects; what the
 * method returns is the JSON OSS relays to the uploader. The app must keep raw bodies:
 * `NestFactory.create(AppModule, { rawBody: true })`.
 *
 * @example
 * ```ts
 * @Post('oss/callback')
 * @OssCallback()
 * uploaded(@OssCallbackBody() upload: VerifiedOssUpload) {
 *   return { ok: true, key: upload.key, size: upload.size };
 * }
 * ```
 */
export function OssCallback(): MethodDecorator & ClassDecorator {
  return applyDecorators(UseGuards(OssCallbackGuard), HttpCode(200));
}

/**
 * The verified callback of a route under `@OssCallback()`: key, size, etag, mimeType, `vars`
 * (the `x:` variables) and `callback` (raw and parsed body, public-key URL).
 *
 * @example
 * ```ts
 * uploaded(@OssCallbackBody() { key, size, vars }: VerifiedOssUpload) { ... }
 * ```
 */
export const OssCallbackBody: () => ParameterDecorator = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<{ [VERIFIED_CALLBACK]?: unknown }>();
  if (request[VERIFIED_CALLBACK] === undefined) throw new Error('@OssCallbackBody() needs @OssCallback() on the same route');
  return request[VERIFIED_CALLBACK];
}) as () => ParameterDecorator;

/**
 * Injects the module's presigner (`Presigner` from `@oss-presign/core`).
 *
 * @example
 * ```ts
 * constructor(@InjectOssPresigner() private readonly presigner: Presigner) {}
 * ```
 */
export function InjectOssPresigner(): PropertyDecorator & ParameterDecorator {
  return Inject(OSS_PRESIGNER);
}
