import type { CallbackHandlerOptions, PresignHandlerOptions } from './core.js';

/**
 * The request object Nest hands to route handlers: Express `req` on `@nestjs/platform-express`,
 * the Fastify request on `@nestjs/platform-fastify`. Guards that ran before (Passport, custom) put
 * their `user` on it.
 */
export interface NestHttpRequest {
  readonly method: string;
  readonly url: string;
  /** The URL before any framework rewrote `url` (Express under a mounted router; Fastify). */
  readonly originalUrl?: string | undefined;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** What Nest's body parser made of the body. */
  readonly body?: unknown;
  /** The body's bytes, kept when the app is created with `{ rawBody: true }`. */
  readonly rawBody?: Buffer | undefined;
  /** Set by the app's guards (Passport, a custom guard). */
  readonly user?: unknown;
  readonly [name: string]: unknown;
}

/** How `@OssCallback()` and `OssPresignService.verifyCallback` check OSS upload callbacks. */
export type OssCallbackVerificationOptions = Omit<CallbackHandlerOptions<NestHttpRequest>, 'onUploadComplete'>;

/**
 * Options of `OssPresignModule.forRoot` / the object `forRootAsync`'s factory returns: everything
 * core's presign handler takes (`presigner`, `authorize`, `prefix`, `key`, `allowedContentTypes`,
 * `maxSize`, `callback`, …; see `PresignHandlerOptions`), plus how callbacks are verified. Hooks
 * get `request.native`, the Nest request, after the app's guards ran.
 */
export interface OssPresignModuleOptions<Context = any> extends Omit<PresignHandlerOptions<Context, NestHttpRequest>, 'basePath'> {
  /** For `@OssCallback()` and `verifyCallback`: an extra trusted key URL (the emulator's), body limit, key cache, onError. */
  readonly callbackVerification?: OssCallbackVerificationOptions | undefined;
}

/** Module-definition options, given next to the options in `forRoot` and next to `useFactory` in `forRootAsync`. */
export interface OssPresignModuleExtras {
  /** Register the module globally, so feature modules inject the service without importing it. Default false. */
  readonly isGlobal?: boolean;
  /** Where the built-in controller serves the presign routes. Default `api/oss`. */
  readonly path?: string;
  /** `false` for apps that write their own routes with `OssPresignService`. Default true. */
  readonly controller?: boolean;
}
