import { OssServiceError } from '../http/errors.js';
import type { CallbackRequest } from './parse-callback.js';
import { type CallbackValues, renderCallbackBody } from './render-body.js';
import { type CallbackTransport, sendCallback } from './send-callback.js';

/**
 * Runs the callback of a stored object and returns the app's JSON for the uploader. A failure
 * becomes 203 CallbackFailed carrying the upload's own headers (ETag…): the object stays stored
 * (OSS doc "Callback").
 *
 * @example
 * ```ts
 * const json = await runCallback(callback, values, transport, new Date(), { ETag: etag });
 * sendBody(res, 200, json, { 'Content-Type': 'application/json' });
 * ```
 */
export async function runCallback(
  callback: CallbackRequest,
  values: CallbackValues,
  transport: CallbackTransport,
  now: Date,
  uploadHeaders: Readonly<Record<string, string>>,
): Promise<Buffer> {
  const body = Buffer.from(renderCallbackBody(callback.bodyTemplate, callback.bodyType, values, callback.variables), 'utf8');
  const outcome = await sendCallback(callback, body, transport, { bucket: values.bucket, requestId: values.reqId, now });
  if (outcome.ok) return outcome.body;
  throw new OssServiceError('CallbackFailed', { message: outcome.message, headers: uploadHeaders });
}
