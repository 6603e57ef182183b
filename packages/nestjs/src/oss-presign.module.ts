import { Module } from '@nestjs/common';
import { OssCallbackGuard } from './callback.guard.js';
import type { Presigner } from './core.js';
import { OssPresignConfigurableModule } from './module-definition.js';
import type { OssPresignModuleOptions } from './options.js';
import { OssPresignService } from './oss-presign.service.js';
import { OSS_PRESIGNER, OSS_PRESIGN_OPTIONS } from './tokens.js';

/**
 * Presigned uploads to Alibaba Cloud OSS for a Nest app: the presign routes at `path` (default
 * `api/oss`), {@link OssPresignService}, the `@OssCallback()` guard and `@InjectOssPresigner()`.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     OssPresignModule.forRootAsync({
 *       isGlobal: true,
 *       imports: [ConfigModule],
 *       inject: [ConfigService],
 *       useFactory: (config: ConfigService) => ({
 *         presigner: createPresigner({ region: config.get('OSS_REGION'), bucket: config.get('OSS_BUCKET'), credentials: fromEnv() }),
 *         authorize: (request) => request.native?.user ?? false, // set by the app's AuthGuard
 *         prefix: (user) => `users/${user.id}`,
 *         allowedContentTypes: ['image/*'],
 *         maxSize: 20 * 1024 * 1024,
 *       }),
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({
  providers: [
    OssPresignService,
    OssCallbackGuard,
    { provide: OSS_PRESIGNER, useFactory: (options: OssPresignModuleOptions): Presigner => options.presigner, inject: [OSS_PRESIGN_OPTIONS] },
  ],
  exports: [OssPresignService, OssCallbackGuard, OSS_PRESIGNER],
})
export class OssPresignModule extends OssPresignConfigurableModule {}
