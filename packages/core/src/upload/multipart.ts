/**
 * Multipart upload through per-part presigned URLs (OSS docs "InitiateMultipartUpload",
 * "UploadPart", "CompleteMultipartUpload"). The five OSS calls are caller callbacks with small
 * JSON-able inputs and results, so an app server (the presign handler) or a server-side presigner
 * can supply them; the part PUTs go straight from the uploader to OSS. This file only orders the
 * steps; each step lives in ./multipart/.
 */

import type { BodySource } from './body.js';
import { type EngineContext, notifier, prepareEngineContext, throwIfCallbackFailedAfterStoring, throwIfStopped } from './engine-context.js';
import { OssUploadError } from './errors.js';
import { cleanUp } from './multipart/cleanup.js';
import { combinePartCrcs, completeParts, verifyObjectCrc } from './multipart/complete.js';
import { createPartFeed } from './multipart/part-feed.js';
import { PRESIGN_BATCH, createPartTargets } from './multipart/part-targets.js';
import { createResumeSaver, loadResume, partSizeFits, reconcile, refOf } from './multipart/resume.js';
import { sendParts } from './multipart/send-parts.js';
import type { MultipartCallbacks, MultipartUploadResult, UploadMultipartOptions, UploadRef } from './multipart/types.js';
import { choosePartSize, planParts } from './part-plan.js';
import { createProgressTracker } from './progress.js';
import { type UploaderRuntime, openSource } from './put-object.js';
import type { ResumePart } from './resume-store.js';
import { callCallback } from './retry-loop.js';

export type {
  CompleteInput,
  CompleteResult,
  CompletedPartRef,
  InitiateInput,
  InitiateResult,
  ListedPart,
  MultipartCallbacks,
  MultipartUploadResult,
  PartToSign,
  PresignPartsInput,
  PresignedPart,
  ResumeOptions,
  UploadMultipartOptions,
  UploadRef,
} from './multipart/types.js';
export { normalizeEtag } from './multipart/resume.js';
export { combinePartCrcs } from './multipart/complete.js';

const CALLBACKS = ['initiate', 'presignParts', 'complete', 'abort'] as const;

/**
 * The multipart engine behind each entry's `uploadMultipart`.
 *
 * @example
 * ```ts
 * export const uploadMultipart = (options) => uploadMultipartWith(webRuntime, options);
 * ```
 */
export async function uploadMultipartWith<Body>(runtime: UploaderRuntime<Body>, options: UploadMultipartOptions<Body>): Promise<MultipartUploadResult> {
  for (const name of CALLBACKS) {
    if (typeof (options as Partial<MultipartCallbacks>)[name] !== 'function') throw new OssUploadError('INVALID_OPTIONS', `uploadMultipart needs a \`${name}\` callback`);
  }
  // Every option is checked here, before the body is opened (concurrency among them).
  const contextFor = prepareEngineContext(options, runtime.defaultTransport);
  const concurrency = options.concurrency ?? 4;
  const source = await openSource(runtime, options.body, options.size);
  const context = contextFor(source);
  try {
    return await runMultipart(context, source, options, concurrency);
  } finally {
    context.dispose();
    await source.close?.();
  }
}

async function runMultipart(context: EngineContext, source: BodySource, options: UploadMultipartOptions<unknown>, concurrency: number): Promise<MultipartUploadResult> {
  const size = source.size;
  const resume = await loadResume(source, options);
  const store = options.resume?.store;
  let partSize = resume?.state?.partSize ?? choosePartSize(size, options.partSize);
  let plan = planParts(size, partSize);
  const crcOn = context.crc64 !== 'off';
  let done = new Map<number, ResumePart>();

  let ref: UploadRef | undefined;
  if (resume?.stale) {
    // Saved for another body under the same id: that upload can never complete; abort it (best effort).
    await options.abort(refOf(resume.stale), { signal: context.signal }).catch(() => undefined);
  }
  if (resume?.state) {
    const reconciled = await reconcile(context, options, resume.state, plan, source);
    if (reconciled) {
      done = reconciled;
      ref = refOf(resume.state);
    } else {
      await store?.delete(resume.id);
    }
  }
  const createdAt = (ref && resume?.state?.createdAt) || context.now();
  const saver = createResumeSaver(context, store, resume, createdAt, () => ({ ref, size, partSize, parts: done.values() }));

  // Slices of the first parts are taken (in a worker) while the upload is initiated; a part size
  // the server changes at initiate makes a new feed.
  // The CRC of each part is read on the side, ahead of its request, where the transport does not
  // compute it from the bytes it streams (browsers).
  const feedOptions = { lookahead: concurrency * 2, aheadCrc: crcOn && !context.transport.streamsBody };
  let feed = createPartFeed(source, plan, done, crcOn, feedOptions);
  feed.warm();
  let completed = false;
  try {
    if (!ref) {
      createProgressTracker(plan, true, context.onProgress).phase('initiating');
      const initiated = await callCallback(context, 'initiate', (ctx) =>
        options.initiate({ size, partSize, partCount: plan.length, contentType: options.contentType ?? source.type, fileName: source.name }, ctx),
      );
      if (!initiated || typeof initiated.uploadId !== 'string' || initiated.uploadId === '') {
        throw new OssUploadError('CALLBACK_ERROR', 'initiate must return { uploadId }', { retryable: false });
      }
      ref = refOf(initiated);
      if (initiated.partSize !== undefined && initiated.partSize !== partSize) {
        // The server settled on another part size (the presign handler decides it): follow it.
        if (!partSizeFits(size, initiated.partSize) && !(Number.isSafeInteger(initiated.partSize) && initiated.partSize >= size)) {
          throw new OssUploadError('CALLBACK_ERROR', `initiate returned an unusable partSize ${initiated.partSize}`, { retryable: false });
        }
        partSize = initiated.partSize;
        plan = planParts(size, partSize);
        feed = createPartFeed(source, plan, done, crcOn, feedOptions);
      }
      await saver.save();
    }
    const current = ref;
    const progress = createProgressTracker(plan, true, context.onProgress);
    const resumedParts = [...done.keys()].sort((a, b) => a - b);
    for (const partNumber of resumedParts) progress.partDone(partNumber);
    progress.phase('uploading');
    throwIfStopped(context);

    const targets = createPartTargets(context, options, current, plan, (n) => !done.has(n), { batchSize: PRESIGN_BATCH, lookahead: concurrency * 2 });
    // The URLs are asked for while the first slice is prepared (with Content-MD5, part by part, later).
    if (!context.md5) targets.prefetch(1);
    const onPartComplete = notifier(context, 'onPartComplete', options.onPartComplete);
    const uploadedParts = await sendParts(context, {
      plan,
      feed,
      targets,
      progress,
      concurrency,
      done,
      onPart: async (part) => {
        await saver.save();
        progress.partDone(part.partNumber);
        onPartComplete?.(part);
      },
    });

    progress.phase('completing');
    const parts = plan.map((planned) => done.get(planned.partNumber) as ResumePart);
    const combined = crcOn ? combinePartCrcs(parts) : undefined;
    const completion = await completeParts(context, options, current, parts);
    completed = true;
    if (store && resume) await store.delete(resume.id);
    const verified = verifyObjectCrc(context, combined, completion);
    progress.phase('done');
    throwIfCallbackFailedAfterStoring(context);
    return {
      etag: completion?.etag ?? '',
      size,
      crc64: combined?.toString(),
      serverCrc64: completion?.crc64,
      verified,
      retries: context.stats.retries,
      requestId: completion?.requestId,
      body: completion?.body ?? '',
      uploadId: current.uploadId,
      key: current.key,
      partSize,
      parts,
      uploadedParts: uploadedParts.sort((a, b) => a - b),
      resumedParts,
    };
  } catch (error) {
    await saver.settled();
    if (!completed && ref) await cleanUp(context, options, ref, resume?.id);
    throw error;
  }
}
