import { HttpException } from '@nestjs/common';
import type { PlainResponse, PresignErrorBody } from './core.js';

/**
 * A rejection from core (status from its code table, body `{ error: { code, message, requestId } }`)
 * as a Nest `HttpException`, so the app's exception filters see it like any other. Nest's default
 * filter answers with exactly core's status and JSON.
 *
 * @example
 * ```ts
 * try {
 *   await ossPresign.presignUpload(file, { headers: req.headers, native: req });
 * } catch (error) {
 *   if (error instanceof OssPresignHttpException && error.code === 'FILE_TOO_LARGE') { ... }
 * }
 * ```
 */
export class OssPresignHttpException extends HttpException {
  /** Core's error code, e.g. `UNAUTHORIZED`, `CONTENT_TYPE_NOT_ALLOWED`. */
  readonly code: string;
  /** The request id core put in the body and in `x-request-id`. */
  readonly requestId: string;

  /** @param answer an error answer of core's handler (status >= 400, JSON body). */
  constructor(answer: PlainResponse) {
    const body = JSON.parse(answer.body) as PresignErrorBody;
    super(body, answer.status);
    this.code = body.error.code;
    this.requestId = body.error.requestId ?? answer.headers['x-request-id'] ?? '';
  }
}
