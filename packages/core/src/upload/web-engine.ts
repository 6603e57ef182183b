/**
 * The browser entry's engine: the single PUT, multipart and `upload`, with web bodies and the
 * XHR/fetch transport, and the store's reducer, policy check and the presign client's requests.
 * upload.ts loads this one module on the first upload (dynamic import), so a page that only
 * creates the store loads a few KiB and the engine comes with the first file, in one chunk:
 * bundlers split by dynamic-import target, and every extra chunk costs its own gzip window and
 * import/export glue. (The single PUT alone, `uploadObject`, still loads only ./web-put.ts.)
 */

import { type AutoUploadResult, type UploadOptions, uploadWith } from './auto.js';
import type { WebUploadBody } from './body.js';
import { type MultipartUploadResult, type UploadMultipartOptions, uploadMultipartWith } from './multipart.js';
import { webRuntime } from './web-put.js';

// The store reads a body's name and size, reduces its events and checks its policy with the first upload too.
export { describeWebBody } from './store/describe.js';
export { policyRefusal } from './store/policy.js';
export { uploaderReducer } from './store/reducer.js';
export { createPresignCalls } from '../protocol/presign-calls.js';

/**
 * Multipart with web bodies (see `uploadMultipart` in @oss-presign/core/upload).
 *
 * @example
 * ```ts
 * await uploadMultipartWeb({ body: file, ...callbacks });
 * ```
 */
export async function uploadMultipartWeb(options: UploadMultipartOptions<WebUploadBody>): Promise<MultipartUploadResult> {
  return uploadMultipartWith(webRuntime, options);
}

/**
 * PUT or multipart by size, with web bodies (see `upload` in @oss-presign/core/upload).
 *
 * @example
 * ```ts
 * await uploadWeb({ body: file, target, ...callbacks });
 * ```
 */
export function uploadWeb(options: UploadOptions<WebUploadBody>): Promise<AutoUploadResult> {
  return uploadWith(webRuntime, options);
}
