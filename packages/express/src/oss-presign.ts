import {
  type CallbackHandlerOptions,
  type PlainResponse,
  type PresignHandlerOptions,
  createCallbackHandler,
  createPresignHandler,
  matchPresignRoute,
} from '@oss-presign/core/http';
import { type Request, type RequestHandler, type Response, Router } from 'express';

// Translation only: every status, rule and byte of JSON comes from @oss-presign/core/http.

// writeHead/end rather than res.send: the answer is final bytes (no ETag, no freshness check; a
// presigned URL must not be cached), and Node adds Content-Length, which OSS requires of callbacks.
function send(res: Response, answer: PlainResponse): void {
  res.writeHead(answer.status, answer.headers).end(answer.body);
}

/** The body as core wants it: the raw stream, or what a body parser mounted earlier left. */
function bodyOf(req: Request) {
  return req.body === undefined ? { body: req } : { parsedBody: req.body as unknown };
}

/**
 * An Express Router serving the presign protocol (`POST /upload`, `/multipart/*`, `GET /config`);
 * mount it where the browser client points, either with the mount path
 * (`app.use('/api/oss', ossPresign(...))`) or with `basePath` (`app.use(ossPresign({ basePath:
 * '/api/oss', ... }))`; both together nest, as Express mounts do). It owns that prefix: an
 * unknown path under it (`/api/oss/x`) gets the JSON 404 NOT_FOUND; paths outside fall through to
 * the next handler.
 *
 * @example
 * ```ts
 * app.use('/api/oss', ossPresign({ presigner, authorize: (request) => currentUser(request.headers.cookie) })); // falsy: 401
 * ```
 */
export function ossPresign<Context = unknown>(options: PresignHandlerOptions<Context, Request>): Router {
  const handler = createPresignHandler(options);
  const router = Router();
  router.use(async function ossPresignRoute(req, res, next) {
    // req.baseUrl is where the router is mounted ('' at the app's root); basePath goes below it.
    const route = matchPresignRoute(`${req.baseUrl}${req.path}`, `${req.baseUrl}${options.basePath ?? ''}`);
    if (route === undefined) return next();
    try {
      send(res, await handler.handle({ method: req.method, path: route, headers: req.headers, native: req, ...bodyOf(req) }));
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/**
 * Middleware that verifies an OSS upload callback and answers with `onUploadComplete`'s JSON.
 * Mount it before `express.json()`: the signature covers the raw body.
 *
 * @example
 * ```ts
 * app.post('/oss/callback', ossCallback({ onUploadComplete: ({ key, size }) => ({ ok: true, key, size }) }));
 * ```
 */
export function ossCallback(options: CallbackHandlerOptions<Request>): RequestHandler {
  const handler = createCallbackHandler(options);
  return async function ossCallbackRoute(req, res, next) {
    try {
      send(res, await handler.handle({ method: req.method, url: req.originalUrl, headers: req.headers, native: req, ...bodyOf(req) }));
    } catch (error) {
      next(error);
    }
  };
}
