import {
  type CallbackHandlerOptions,
  type PlainResponse,
  type PresignHandlerOptions,
  createCallbackHandler,
  createPresignHandler,
  matchPresignRoute,
} from '@oss-presign/core/http';
import type { Context, Middleware } from 'koa';

// Translation only: every status, rule and byte of JSON comes from @oss-presign/core/http.

function send(ctx: Context, answer: PlainResponse): void {
  ctx.status = answer.status;
  ctx.set(answer.headers);
  ctx.body = answer.body;
}

/** The body as core wants it: the raw stream, or what a body parser (koa-bodyparser) left. */
function bodyOf(ctx: Context) {
  const parsed = (ctx.request as { body?: unknown }).body;
  return parsed === undefined ? { body: ctx.req } : { parsedBody: parsed };
}

/**
 * Koa middleware serving the presign protocol under `basePath` (`POST {basePath}/upload`,
 * `{basePath}/multipart/*`); no router package needed. It owns `basePath`: an unknown path under
 * it gets the JSON 404 NOT_FOUND; paths outside go to `next`.
 *
 * @example
 * ```ts
 * app.use(ossPresign({ basePath: '/api/oss', presigner, authorize: (r) => r.native?.state.user ?? false }));
 * ```
 */
export function ossPresign<State = unknown>(options: PresignHandlerOptions<State, Context> & { readonly basePath: string }): Middleware {
  const handler = createPresignHandler(options);
  return async function ossPresignMiddleware(ctx, next) {
    const route = matchPresignRoute(ctx.path, options.basePath);
    if (route === undefined) return next();
    send(ctx, await handler.handle({ method: ctx.method, path: route, headers: ctx.headers, native: ctx, ...bodyOf(ctx) }));
  };
}

/**
 * Koa middleware that verifies an OSS upload callback and answers with `onUploadComplete`'s JSON.
 * Put it before any body parser: the signature covers the raw body.
 *
 * @example
 * ```ts
 * app.use(ossCallback({ path: '/oss/callback', onUploadComplete: ({ key }) => ({ ok: true, key }) }));
 * ```
 */
export function ossCallback(options: CallbackHandlerOptions<Context> & { readonly path: string }): Middleware {
  const handler = createCallbackHandler(options);
  return async function ossCallbackMiddleware(ctx, next) {
    if (ctx.path !== options.path) return next();
    send(ctx, await handler.handle({ method: ctx.method, url: ctx.originalUrl, headers: ctx.headers, native: ctx, ...bodyOf(ctx) }));
  };
}
