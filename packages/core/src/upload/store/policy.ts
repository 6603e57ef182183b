/**
 * The presign handler's policy checked in the client: a file the server would refuse is refused
 * before anything is presigned, with the same rule (one content-type matcher for both sides). The
 * server still checks every request; this only saves the round trip and says why sooner.
 */

import { createContentTypeMatcher } from '../../handler/content-type.js';
import type { UploadPolicyBody } from '../../protocol/wire.js';
import { OssUploadError } from '../errors.js';
import type { SelectedFile } from './options.js';

/** The policy the handler serves at `GET {endpoint}/config`. */
export type UploadPolicy = UploadPolicyBody;

/**
 * Why `policy` refuses `file` (CONTENT_TYPE_NOT_ALLOWED, FILE_TOO_SMALL, FILE_TOO_LARGE), or undefined
 * when it allows it. A file without a type is checked as application/octet-stream, what the
 * presign client sends for it; a size not known yet passes (the server checks it).
 *
 * @example
 * ```ts
 * policyRefusal({ allowedContentTypes: ['image/*'], minSize: 0, maxSize: 1024, multipartThreshold: 0, partSize: 102400 },
 *   { name: 'a.pdf', size: 10, contentType: 'application/pdf' })?.code; // 'CONTENT_TYPE_NOT_ALLOWED'
 * ```
 */
export function policyRefusal(policy: UploadPolicy, file: SelectedFile): OssUploadError | undefined {
  const contentType = file.contentType || 'application/octet-stream';
  const refuse = (code: 'CONTENT_TYPE_NOT_ALLOWED' | 'FILE_TOO_SMALL' | 'FILE_TOO_LARGE', message: string) =>
    new OssUploadError(code, message, { retryable: false });
  let allowed: boolean;
  try {
    allowed = createContentTypeMatcher(policy.allowedContentTypes)(contentType);
  } catch {
    allowed = true; // a pattern this client cannot read: leave the decision to the server
  }
  if (!allowed) {
    return refuse('CONTENT_TYPE_NOT_ALLOWED', `"${file.name}" (${contentType}) is not an allowed type; allowed: ${policy.allowedContentTypes.join(', ')}`);
  }
  if (file.size !== undefined && file.size < policy.minSize) {
    return refuse('FILE_TOO_SMALL', `"${file.name}" is ${file.size} bytes; the smallest allowed is ${policy.minSize} bytes`);
  }
  if (file.size !== undefined && file.size > policy.maxSize) {
    return refuse('FILE_TOO_LARGE', `"${file.name}" is ${file.size} bytes; the largest allowed is ${policy.maxSize} bytes`);
  }
  return undefined;
}
