/**
 * The browser entry's single PUT, alone: `uploadObject` loads only this (no multipart, no MD5),
 * with the XHR/fetch request code, which the transports of ./transport.ts load from here.
 */

import { type WebUploadBody, toWebBodySource } from './body.js';
import { type UploadObjectOptions, type UploaderRuntime, uploadObjectWith } from './put-object.js';
import { defaultWebTransport } from './transport.js';
import type { UploadResult } from './types.js';

export { sendFetch, sendXhr } from './web-transport.js';

/** Web bodies and the XHR/fetch transport. */
export const webRuntime: UploaderRuntime<WebUploadBody> = {
  resolveBody: (body, size) => toWebBodySource(body, size),
  defaultTransport: defaultWebTransport,
};

/**
 * Single PUT with web bodies (see `uploadObject` in @oss-presign/core/upload).
 *
 * @example
 * ```ts
 * await uploadObjectWeb({ target, body: file });
 * ```
 */
export function uploadObjectWeb(options: UploadObjectOptions<WebUploadBody>): Promise<UploadResult> {
  return uploadObjectWith(webRuntime, options);
}
