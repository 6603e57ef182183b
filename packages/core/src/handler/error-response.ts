import { type OssPresignError, toOssPresignError } from '../errors/oss-presign-error.js';
import { type PlainResponse, jsonResponse } from './plain-http.js';
import { type PresignAction, presignMethodOf } from '../protocol/wire.js';

/** Where errors go besides the response. */
export type ErrorListener = (error: OssPresignError, info: { requestId: string; action: PresignAction | undefined; status: number }) => void;

function defaultListener(error: OssPresignError, info: { requestId: string; action: PresignAction | undefined; status: number }): void {
  if (info.status < 500) return;
  console.error(`[oss-presign] ${info.requestId} ${info.action ?? '-'} ${error.code}: ${error.message}`, error.cause ?? error.details ?? '');
}

/**
 * The one place an error becomes a response: status from HTTP_STATUS_BY_CODE, body
 * `{ error: { code, message, requestId } }`, and the listener told with the request id. A 5xx
 * answer names no internals; the log line has them.
 *
 * @example
 * ```ts
 * return errorResponse(caught, { requestId, action, onError: options.onError });
 * ```
 */
export function errorResponse(caught: unknown, info: { requestId: string; action: PresignAction | undefined; onError?: ErrorListener | undefined }): PlainResponse {
  const error = toOssPresignError(caught);
  const status = error.status;
  try {
    (info.onError ?? defaultListener)(error, { requestId: info.requestId, action: info.action, status });
  } catch {
    // A failing logger must not turn a clean 4xx into a crash.
  }
  const message = status >= 500 ? `The upload service failed; quote request id ${info.requestId}` : error.message;
  const response = jsonResponse(status, { error: { code: error.code, message, requestId: info.requestId } }, info.requestId);
  if (error.code === 'METHOD_NOT_ALLOWED') {
    const allow = info.action ? presignMethodOf(info.action) : 'POST';
    response.headers.allow = allow === 'GET' ? 'GET, HEAD' : allow;
  }
  return response;
}
