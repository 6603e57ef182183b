import type { PlainRequest, PlainResponse } from './plain-http.js';

/**
 * Turns a Fetch API Request into the handler's plain request; `basePath` (e.g. `/api/oss`) is
 * cut from the path so the routes match wherever the handler is mounted.
 *
 * @example
 * ```ts
 * fromFetchRequest(new Request('http://x/api/oss/upload', { method: 'POST' }), '/api/oss').path; // '/upload'
 * ```
 */
export function fromFetchRequest(request: Request, basePath = ''): PlainRequest<Request> {
  const pathname = new URL(request.url).pathname;
  const base = basePath.replace(/\/+$/, '');
  const path = base !== '' && pathname.startsWith(base) ? pathname.slice(base.length) || '/' : pathname;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { method: request.method, path, headers, body: request.body, native: request };
}

/**
 * Turns the handler's plain response into a Fetch API Response.
 *
 * @example
 * ```ts
 * return toFetchResponse(await handler.handle(plain));
 * ```
 */
export function toFetchResponse(response: PlainResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}
