/** What a failed or aborted multipart upload leaves behind: nothing, unless kept for a resume. */

import type { EngineContext } from '../engine-context.js';
import type { UploadMultipartOptions, UploadRef } from './types.js';

/**
 * After a failure or an abort: abort the upload on OSS (AbortMultipartUpload) unless the caller
 * keeps it for a resume. Best effort: the original error is what the caller sees.
 *
 * @example
 * ```ts
 * if (!completed) await cleanUp(context, options, ref, resume?.id);
 * ```
 */
export async function cleanUp(context: EngineContext, options: UploadMultipartOptions<unknown>, ref: UploadRef, resumeId: string | undefined): Promise<void> {
  const userAborted = context.userSignal?.aborted === true;
  const store = options.resume?.store;
  // With a store, a failure keeps everything for a later resume; an abort does only if asked to.
  const keep = store !== undefined && (!userAborted || options.resume?.keepOnAbort === true);
  if (keep) return;
  // The engine's signal has fired; abort gets its own, so the cleanup itself is not cancelled.
  const signal = new AbortController().signal;
  try {
    await options.abort(ref, { signal });
  } catch {
    // Best effort: the original error matters more. An unaborted upload is listed by ListMultipartUploads.
  }
  if (store && resumeId !== undefined) await store.delete(resumeId).catch(() => undefined);
}
