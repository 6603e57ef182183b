/** `upload()`: a single PUT for small bodies, multipart above a size threshold. */

import { checkEngineOptions } from './engine-options.js';
import { OssUploadError } from './errors.js';
import { type MultipartCallbacks, type MultipartUploadResult, type UploadMultipartOptions, uploadMultipartWith } from './multipart.js';
import { DEFAULT_MULTIPART_THRESHOLD, MAX_PART_SIZE } from './part-plan.js';
import { type UploaderRuntime, openSource, uploadObjectWith } from './put-object.js';
import type { TargetProvider, UploadResult } from './types.js';

export interface UploadOptions<Body> extends Omit<UploadMultipartOptions<Body>, keyof MultipartCallbacks>, Partial<MultipartCallbacks> {
  /** The single-PUT target (needed unless the body always goes multipart). */
  readonly target?: TargetProvider | undefined;
  /** Bodies larger than this go multipart (when the multipart callbacks are given). Default 100 MiB. */
  readonly multipartThreshold?: number | undefined;
}

/** Which way `upload` went, with that way's result. */
export type AutoUploadResult = (UploadResult & { readonly mode: 'put' }) | (MultipartUploadResult & { readonly mode: 'multipart' });

/**
 * Picks the way to upload: multipart when the body is over the threshold and the callbacks are
 * given (or no target is), a single PUT otherwise.
 *
 * @example
 * ```ts
 * chooseUploadMode(100 * 1024 ** 2, { hasTarget: true, hasMultipart: true, threshold: 16 * 1024 ** 2 }); // 'multipart'
 * ```
 */
export function chooseUploadMode(size: number, options: { hasTarget: boolean; hasMultipart: boolean; threshold: number }): 'put' | 'multipart' {
  if (!options.hasTarget && !options.hasMultipart) {
    throw new OssUploadError('INVALID_OPTIONS', 'upload needs a `target` (single PUT) or the multipart callbacks (initiate, presignParts, complete, abort)');
  }
  if (!options.hasMultipart) {
    if (size > MAX_PART_SIZE) throw new OssUploadError('INVALID_OPTIONS', 'A single PUT is limited to 5 GiB; pass the multipart callbacks');
    return 'put';
  }
  return !options.hasTarget || size > options.threshold ? 'multipart' : 'put';
}

/**
 * The engine behind each entry's `upload`.
 *
 * @example
 * ```ts
 * export const upload = (options) => uploadWith(webRuntime, options);
 * ```
 */
export async function uploadWith<Body>(runtime: UploaderRuntime<Body>, options: UploadOptions<Body>): Promise<AutoUploadResult> {
  const threshold = options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD;
  const hasMultipart = ['initiate', 'presignParts', 'complete', 'abort'].every(
    (name) => typeof (options as unknown as Record<string, unknown>)[name] === 'function',
  );
  // Checked before the body is opened (the chosen engine checks them again, cheaply).
  checkEngineOptions(options);
  const source = await openSource(runtime, options.body, options.size);
  let mode: 'put' | 'multipart';
  try {
    mode = chooseUploadMode(source.size, { hasTarget: options.target !== undefined, hasMultipart, threshold });
  } catch (error) {
    await source.close?.();
    throw error;
  }
  // The source is opened once; the chosen engine receives it as-is.
  const opened = { ...runtime, resolveBody: () => source };
  if (mode === 'put') {
    const result = await uploadObjectWith(opened, { ...options, body: options.body, target: options.target as TargetProvider });
    return { ...result, mode };
  }
  const result = await uploadMultipartWith(opened, { ...(options as UploadMultipartOptions<Body>), body: options.body });
  return { ...result, mode };
}
