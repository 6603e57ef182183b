// Global symbols, so the CommonJS and ESM builds of this package name the same providers.

/** Token of the module options (what `forRoot` got, or what `forRootAsync`'s factory returned). */
export const OSS_PRESIGN_OPTIONS: unique symbol = Symbol.for('@oss-presign/nestjs:options') as never;

/** Token of the module's presigner; see `@InjectOssPresigner()`. */
export const OSS_PRESIGNER: unique symbol = Symbol.for('@oss-presign/nestjs:presigner') as never;

/** Where `@OssCallback()` leaves the verified callback on the request, for `@OssCallbackBody()`. */
export const VERIFIED_CALLBACK: unique symbol = Symbol.for('@oss-presign/nestjs:verified-callback') as never;
