// @oss-presign/emulator: a local Alibaba Cloud OSS for tests and sample apps. Named exports only.
export { startEmulator } from './server.js';
export { startOssBackend } from './oss-backend.js';
export type { OssBackend, OssBackendOptions } from './oss-backend.js';
export type { Emulator, ObjectSummary, UploadSummary } from './server.js';
export type { EmulatorOptions } from './options.js';
export type { EmulatorCredential } from './auth/credentials.js';
export { PERMISSIVE_CORS_RULE } from './cors.js';
export type { CorsConfig, CorsRule } from './cors.js';
export type { FaultRule, FaultStats } from './faults.js';
export type { OperationName } from './operations/names.js';
export { OSS_ERRORS, OssServiceError } from './http/errors.js';
export type { OssErrorCode, OssErrorSpec } from './http/errors.js';
export { runEmulatorCli } from './run-cli.js';
