import type { IncomingMessage } from 'node:http';
import { OssServiceError } from './errors.js';
import { flattenHeaders } from './headers.js';
import { type QueryParams, parseQuery } from './query.js';

/** What every layer needs to know about one request, parsed once. */
export interface RequestContext {
  readonly requestId: string;
  /** The emulator clock at arrival: every time check of this request uses it. */
  readonly receivedAt: Date;
  readonly method: string;
  /** The Host header as sent (also the `<HostId>` of error answers, OSS doc "Error responses"). */
  readonly host: string;
  /** The request path, still percent-encoded. */
  readonly rawPath: string;
  /** The raw query string, without `?`. */
  readonly rawQuery: string;
  readonly query: QueryParams;
  /** Lower-case names; repeated headers joined with `,`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Set when the query string could not be decoded: answered before anything else. */
  readonly invalidQuery?: OssServiceError | undefined;
}

function safeParseQuery(rawQuery: string): { query: QueryParams; invalidQuery?: OssServiceError } {
  try {
    return { query: parseQuery(rawQuery) };
  } catch (error) {
    if (error instanceof OssServiceError) return { query: new Map(), invalidQuery: error };
    throw error;
  }
}

/**
 * Splits the request target into path and query and collects the headers.
 *
 * @example
 * ```ts
 * const context = createRequestContext(req, newRequestId(), now());
 * ```
 */
export function createRequestContext(req: IncomingMessage, requestId: string, receivedAt: Date): RequestContext {
  const target = req.url ?? '/';
  const mark = target.indexOf('?');
  const rawPath = mark === -1 ? target : target.slice(0, mark);
  const rawQuery = mark === -1 ? '' : target.slice(mark + 1);
  const headers = flattenHeaders(req);
  return {
    requestId,
    receivedAt,
    method: (req.method ?? 'GET').toUpperCase(),
    host: headers.host ?? '',
    rawPath,
    rawQuery,
    headers,
    ...safeParseQuery(rawQuery),
  };
}
