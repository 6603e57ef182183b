import type { PlainRequest } from './core.js';
import type { NestHttpRequest } from './options.js';

/**
 * The body as core wants it, from what Nest left on the request: the exact bytes when the app keeps
 * raw bodies, else what Nest's parser made of them, else (a type no parser took, on Express) the
 * unread stream.
 */
export function bodyOf(request: NestHttpRequest): Pick<PlainRequest, 'body' | 'parsedBody'> {
  if (request.rawBody !== undefined) return { body: request.rawBody };
  if (request.body !== undefined) return { parsedBody: request.body };
  return isReadable(request) ? { body: request as never } : {};
}

function isReadable(request: object): boolean {
  return typeof (request as { on?: unknown }).on === 'function' && 'readableEnded' in request;
}
