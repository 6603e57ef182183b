// @oss-presign/nestjs: named re-exports only.
export { OssCallbackGuard } from './callback.guard.js';
export { InjectOssPresigner, OssCallback, OssCallbackBody } from './decorators.js';
export { OssPresignHttpException } from './http-exception.js';
export { OssPresignModule } from './oss-presign.module.js';
export type { NestHttpRequest, OssCallbackVerificationOptions, OssPresignModuleExtras, OssPresignModuleOptions } from './options.js';
export { OssPresignService } from './oss-presign.service.js';
export type { OssCallbackInput, OssPresignCaller, VerifiedOssUpload } from './oss-presign.service.js';
export { OSS_PRESIGNER, OSS_PRESIGN_OPTIONS } from './tokens.js';
