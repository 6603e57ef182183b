/**
 * The browser entry's engine: the single PUT, multipart and `upload`, with web bodies and the
 * XHR/fetch transport. upload.ts exports these statically; `createUploader` loads this module on
 * its first upload (dynamic import), so a page that only creates the store loads a few KiB and the
 * engine comes with the first file.
 */

import { type AutoUploadResult, type UploadOptions, uploadWith } from './auto.js';
import type { WebUploadBody } from './body.js';
import type { MultipartUploadResult, UploadMultipartOptions } from './multipart.js';
import { webRuntime } from './web-put.js';

// The store reads a body's name and size with the first upload too.
export { describeWebBody } from './store/describe.js';

/**
 * Multipart with web bodies (see `uploadMultipart` in @oss-presign/core/upload).
 *
 * @example
 * ```ts
 * await uploadMultipartWeb({ body: file, ...callbacks });
 * ```
 */
export async function uploadMultipartWeb(options: UploadMultipartOptions<WebUploadBody>): Promise<MultipartUploadResult> {
  return (await import('./multipart.js')).uploadMultipartWith(webRuntime, options);
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
