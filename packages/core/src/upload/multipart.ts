/**
 * Multipart upload through per-part presigned URLs. The five OSS calls are caller callbacks with
 * small JSON-able inputs and results, so an app server (issue 5's handler) or a server-side
 * presigner can supply them; the part PUTs go straight from the uploader to OSS.
 */

import { combineCrc64, createCrc64 } from '../integrity/crc64.js';
import type { ListedPart } from '../oss/list-parts.js';
import { type BodyPayload, type BodySource, bytesPayload } from './body.js';
import {
  type EngineContext,
  type HeldTarget,
  callCallback,
  createEngineContext,
  md5OfPayload,
  needsRefresh,
  sendOnce,
  stoppedError,
  throwIfStopped,
  validateTarget,
  withRetry,
} from './engine.js';
import { OssUploadError, callbackError } from './errors.js';
import { createMd5 } from './md5.js';
import { type PlannedPart, choosePartSize, planParts } from './part-plan.js';
import { createProgressTracker } from './progress.js';
import { type UploaderRuntime, openSource } from './put-object.js';
import type { ResumePart, ResumeState, ResumeStore } from './resume-store.js';
import type { CallbackContext, CommonUploadOptions, PresignedTarget, UploadResult } from './types.js';

/** Identifies a multipart upload in every callback after initiate (what initiate returned). */
export interface UploadRef {
  readonly uploadId: string;
  /** The object key, when initiate returned one. */
  readonly key?: string | undefined;
  /** An app server's signed handle for this upload (issue 5's handler), passed back verbatim. */
  readonly uploadToken?: string | undefined;
}

export interface InitiateInput {
  readonly size: number;
  readonly partSize: number;
  readonly partCount: number;
  /** The body's type (File.type) or the `contentType` option: set it at initiate (parts carry none). */
  readonly contentType?: string | undefined;
  /** File name, when the body has one (File.name, a file path's base name). */
  readonly fileName?: string | undefined;
}

export interface InitiateResult extends UploadRef {
  /** The part size the server settled on, when it decides (overrides the uploader's choice). */
  readonly partSize?: number | undefined;
}

export interface PartToSign {
  readonly partNumber: number;
  readonly size: number;
  /** Base64 MD5, when integrity.contentMd5 is on: sign it as Content-MD5. */
  readonly contentMd5?: string | undefined;
}

export interface PresignPartsInput extends UploadRef {
  readonly parts: readonly PartToSign[];
  /** The same part numbers, for protocols that only take numbers. */
  readonly partNumbers: readonly number[];
}

/** A presigned UploadPart request (method PUT, URL with partNumber and uploadId). */
export interface PresignedPart extends PresignedTarget {
  readonly partNumber: number;
}

export interface CompletedPartRef {
  readonly partNumber: number;
  readonly etag: string;
}

export interface CompleteInput extends UploadRef {
  /** Ascending by part number, as CompleteMultipartUpload requires (else InvalidPartOrder). */
  readonly parts: readonly CompletedPartRef[];
}

export interface CompleteResult {
  /** The object's ETag ("…-N"). */
  readonly etag?: string | undefined;
  /** x-oss-hash-crc64ecma of the whole object: compared with the combined part CRCs. */
  readonly crc64?: string | undefined;
  readonly location?: string | undefined;
  readonly requestId?: string | undefined;
  /** The response body (the app's JSON when an upload callback ran). */
  readonly body?: string | undefined;
}

/** A part OSS already holds (ListParts): one type for the server's OSS client and the uploader. */
export type { ListedPart };

/** The five OSS calls, supplied by the app. Throw an OssUploadError (or any error) to fail. */
export interface MultipartCallbacks {
  initiate(input: InitiateInput, context: CallbackContext): Promise<InitiateResult>;
  /** Presign UploadPart for each part listed (a batch, to save round trips). */
  presignParts(input: PresignPartsInput, context: CallbackContext): Promise<readonly PresignedPart[]>;
  complete(input: CompleteInput, context: CallbackContext): Promise<CompleteResult>;
  abort(input: UploadRef, context: CallbackContext): Promise<void>;
  /** Needed to resume: which parts OSS really holds. */
  listParts?: ((input: UploadRef, context: CallbackContext) => Promise<readonly ListedPart[]>) | undefined;
}

export interface ResumeOptions {
  readonly store: ResumeStore;
  /** The store key. Default: derived from the body's fingerprint (required for streams). */
  readonly id?: string | undefined;
  /** On abort, keep the upload on OSS and the state in the store, to resume later (a "pause"). */
  readonly keepOnAbort?: boolean | undefined;
}

export interface UploadMultipartOptions<Body> extends CommonUploadOptions, MultipartCallbacks {
  readonly body: Body;
  /** Required for streams. */
  readonly size?: number | undefined;
  /** Default 8 MiB, grown as needed to stay within 10,000 parts; at least 100 KiB. */
  readonly partSize?: number | undefined;
  /** Parts in flight. Default 4. */
  readonly concurrency?: number | undefined;
  /** Passed to initiate (default: the File's type). */
  readonly contentType?: string | undefined;
  /** Save progress and continue an earlier upload of the same body. */
  readonly resume?: ResumeOptions | undefined;
  /** Called when OSS has accepted a part (after the resume state was saved). */
  readonly onPartComplete?: ((part: ResumePart) => void) | undefined;
}

export interface MultipartUploadResult extends UploadResult {
  readonly uploadId: string;
  readonly key: string | undefined;
  readonly partSize: number;
  readonly parts: readonly ResumePart[];
  /** Part numbers sent by this call. */
  readonly uploadedParts: readonly number[];
  /** Part numbers taken over from a resumed upload. */
  readonly resumedParts: readonly number[];
}

/**
 * Strips quotes and lower-cases an ETag, so `"AB"` and `ab` compare equal.
 *
 * @example
 * ```ts
 * normalizeEtag('"5EB63BBBE01EEED093CB22BB8F5ACDC3"'); // '5eb63bbbe01eeed093cb22bb8f5acdc3'
 * ```
 */
export function normalizeEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/"/g, '').trim().toLowerCase();
}

/**
 * The CRC-64 of the whole object from the part CRCs, in part order (OSS's Complete value).
 *
 * @example
 * ```ts
 * combinePartCrcs([{ crc64: '123', size: 10 }, { crc64: '456', size: 5 }]);
 * ```
 */
export function combinePartCrcs(parts: readonly { readonly crc64?: string | undefined; readonly size: number }[]): bigint | undefined {
  let combined: bigint | undefined;
  for (const part of parts) {
    if (part.crc64 === undefined) return undefined;
    const crc = BigInt(part.crc64);
    combined = combined === undefined ? crc : combineCrc64(combined, crc, part.size);
  }
  return combined;
}

interface PartWork {
  readonly planned: PlannedPart;
  readonly payload: () => BodyPayload;
}

/** Hands out the parts to send, in order; for a stream, reads (and buffers) each part in turn. */
function createPartFeed(source: BodySource, plan: readonly PlannedPart[], done: ReadonlyMap<number, ResumePart>, crcOn: boolean) {
  let index = 0;
  let lock: Promise<unknown> = Promise.resolve();
  const nextRandom = async (): Promise<PartWork | undefined> => {
    while (index < plan.length) {
      const planned = plan[index++] as PlannedPart;
      if (done.has(planned.partNumber) || source.kind !== 'random') continue;
      return { planned, payload: () => source.slice(planned.start, planned.end) };
    }
    return undefined;
  };
  const nextSequential = async (): Promise<PartWork | undefined> => {
    if (source.kind !== 'sequential') return undefined;
    while (index < plan.length) {
      const planned = plan[index++] as PlannedPart;
      const bytes = await source.read(planned.size);
      const resumed = done.get(planned.partNumber);
      if (resumed) {
        // Skipping a part OSS already holds: check the stream still has the same bytes there.
        if (crcOn && resumed.crc64 !== undefined && createCrc64().update(bytes).digestDecimal() !== resumed.crc64) {
          throw new OssUploadError('INVALID_BODY', `The stream differs from the upload being resumed (part ${planned.partNumber})`);
        }
        continue;
      }
      return { planned, payload: () => bytesPayload(bytes) };
    }
    return undefined;
  };
  return {
    next(): Promise<PartWork | undefined> {
      // Serialised: a stream must be read part after part.
      const result = lock.then(source.kind === 'random' ? nextRandom : nextSequential);
      lock = result.catch(() => undefined);
      return result;
    },
  };
}

/** Per-part presigned URLs, fetched in batches and refreshed when they near expiry. */
function createPartTargets(
  context: EngineContext,
  callbacks: MultipartCallbacks,
  ref: UploadRef,
  plan: readonly PlannedPart[],
  isPending: (partNumber: number) => boolean,
  batchSize: number,
) {
  const cache = new Map<number, HeldTarget>();
  const inflight = new Map<number, Promise<void>>();
  const fresh = (held: HeldTarget | undefined): held is HeldTarget => held !== undefined && !needsRefresh(held, context.now(), context.refreshBeforeMs);
  return {
    async get(partNumber: number, contentMd5: string | undefined): Promise<HeldTarget> {
      for (let round = 0; round < 3; round++) {
        const held = cache.get(partNumber);
        if (fresh(held)) return held;
        const running = inflight.get(partNumber);
        if (running) {
          await running;
          continue;
        }
        const batch: PartToSign[] = [{ partNumber, size: (plan[partNumber - 1] as PlannedPart).size, contentMd5 }];
        // With Content-MD5 each part is signed alone, once its MD5 is known.
        if (contentMd5 === undefined) {
          for (let n = partNumber + 1; n <= plan.length && batch.length < batchSize; n++) {
            if (isPending(n) && !inflight.has(n) && !fresh(cache.get(n))) batch.push({ partNumber: n, size: (plan[n - 1] as PlannedPart).size });
          }
        }
        const request = callCallback(context, 'presignParts', (ctx) => callbacks.presignParts({ ...ref, parts: batch, partNumbers: batch.map((part) => part.partNumber) }, ctx)).then((targets) => {
          const fetchedAt = context.now();
          for (const target of targets) {
            if (!Number.isInteger(target?.partNumber)) throw new OssUploadError('CALLBACK_ERROR', 'presignParts returned a target without partNumber');
            cache.set(target.partNumber, { target: validateTarget(target), fetchedAt });
          }
        });
        for (const part of batch) inflight.set(part.partNumber, request);
        try {
          await request;
        } finally {
          for (const part of batch) inflight.delete(part.partNumber);
        }
      }
      const held = cache.get(partNumber);
      if (!held) throw new OssUploadError('CALLBACK_ERROR', `presignParts did not return a URL for part ${partNumber}`, { retryable: false });
      return held;
    },
    invalidate(partNumber: number): boolean {
      cache.delete(partNumber);
      return true;
    },
  };
}

function checkCallbacks(options: Partial<MultipartCallbacks>): void {
  for (const name of ['initiate', 'presignParts', 'complete', 'abort'] as const) {
    if (typeof options[name] !== 'function') throw new OssUploadError('INVALID_OPTIONS', `uploadMultipart needs a \`${name}\` callback`);
  }
}

/**
 * The multipart engine behind each entry's `uploadMultipart`.
 *
 * @example
 * ```ts
 * export const uploadMultipart = (options) => uploadMultipartWith(webRuntime, options);
 * ```
 */
export async function uploadMultipartWith<Body>(
  runtime: UploaderRuntime<Body>,
  options: UploadMultipartOptions<Body>,
): Promise<MultipartUploadResult> {
  checkCallbacks(options);
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new OssUploadError('INVALID_OPTIONS', `concurrency must be a whole number >= 1; got ${options.concurrency}`);
  }
  const context = createEngineContext(options, runtime.defaultTransport);
  const source = await openSource(runtime, options.body, options.size);
  try {
    return await runMultipart(context, source, options, concurrency);
  } finally {
    context.dispose();
    await source.close?.();
  }
}

function partSizeFits(size: number, partSize: number): boolean {
  try {
    return choosePartSize(size, partSize) === partSize;
  } catch {
    return false;
  }
}

async function loadResume(
  source: BodySource,
  options: UploadMultipartOptions<unknown>,
): Promise<{ id: string; fingerprint: string; state: ResumeState | undefined; stale: ResumeState | undefined } | undefined> {
  const resume = options.resume;
  if (!resume) return undefined;
  const contentFingerprint = await source.fingerprint();
  const id = resume.id ?? (contentFingerprint === undefined ? undefined : `fp:${contentFingerprint}`);
  if (id === undefined) {
    throw new OssUploadError('INVALID_OPTIONS', 'resume needs resume.id for a body without a fingerprint (a stream)');
  }
  const fingerprint = contentFingerprint ?? `id:${id}:${source.size}`;
  let saved: ResumeState | undefined;
  try {
    saved = await resume.store.get(id);
  } catch (error) {
    throw callbackError('resume store', error);
  }
  const usable =
    saved !== undefined &&
    saved.fingerprint === fingerprint &&
    saved.size === source.size &&
    (options.partSize === undefined || options.partSize === saved.partSize) &&
    partSizeFits(source.size, saved.partSize);
  if (saved && !usable) await resume.store.delete(id);
  return { id, fingerprint, state: usable ? saved : undefined, stale: usable ? undefined : saved };
}

function refOf(value: UploadRef): UploadRef {
  return { uploadId: value.uploadId, key: value.key, uploadToken: value.uploadToken };
}

function base64ToHex(base64: string): string {
  let hex = '';
  for (const char of atob(base64)) hex += char.charCodeAt(0).toString(16).padStart(2, '0');
  return hex;
}

/**
 * A part OSS holds but the store never recorded (the process died between OSS's answer and the
 * save): adopt it when its ETag is the MD5 of the same local bytes (OSS's part ETag is the part's
 * MD5, oss-server.md 4), computing its CRC on the way; otherwise it is sent again.
 */
async function adoptListedPart(source: BodySource, planned: PlannedPart, listed: ListedPart): Promise<ResumePart | undefined> {
  if (source.kind !== 'random' || listed.size !== planned.size) return undefined;
  const md5 = createMd5();
  const crc = createCrc64();
  for await (const chunk of source.slice(planned.start, planned.end).open()) {
    md5.update(chunk);
    crc.update(chunk);
  }
  if (base64ToHex(md5.digestBase64()) !== normalizeEtag(listed.etag)) return undefined;
  return { partNumber: planned.partNumber, etag: listed.etag, size: planned.size, crc64: crc.digestDecimal() };
}

/**
 * Which parts count as done on resume. With listParts, OSS is the truth: a saved part counts when
 * OSS still holds it with the same ETag and size; a part OSS holds that was never saved counts
 * when its ETag matches the local bytes. Without listParts the store is trusted. Undefined: the
 * upload is gone (aborted or completed), start over.
 */
async function reconcile(
  context: EngineContext,
  options: UploadMultipartOptions<unknown>,
  state: ResumeState,
  plan: readonly PlannedPart[],
  source: BodySource,
): Promise<Map<number, ResumePart> | undefined> {
  const crcOn = context.crc64 !== 'off';
  const fits = (part: ResumePart): boolean => plan[part.partNumber - 1]?.size === part.size && !(crcOn && part.crc64 === undefined);
  const done = new Map<number, ResumePart>();
  const listParts = options.listParts;
  if (!listParts) {
    for (const part of state.parts) if (fits(part)) done.set(part.partNumber, part);
    return done;
  }
  let listed: readonly ListedPart[];
  try {
    listed = await callCallback(context, 'listParts', (ctx) => listParts(refOf(state), ctx));
  } catch (error) {
    if ((error as OssUploadError).code === 'NO_SUCH_UPLOAD' || (error as OssUploadError).status === 404) return undefined;
    throw error;
  }
  const saved = new Map(state.parts.map((part) => [part.partNumber, part]));
  for (const server of listed) {
    const part = saved.get(server.partNumber);
    const planned = plan[server.partNumber - 1];
    if (!planned) continue;
    if (part && normalizeEtag(server.etag) === normalizeEtag(part.etag) && server.size === part.size && fits(part)) {
      done.set(part.partNumber, part);
      continue;
    }
    throwIfStopped(context);
    const adopted = await adoptListedPart(source, planned, server);
    if (adopted) done.set(adopted.partNumber, adopted);
  }
  return done;
}

async function runMultipart(
  context: EngineContext,
  source: BodySource,
  options: UploadMultipartOptions<unknown>,
  concurrency: number,
): Promise<MultipartUploadResult> {
  const size = source.size;
  const resume = await loadResume(source, options);
  const store = options.resume?.store;
  let partSize = resume?.state?.partSize ?? choosePartSize(size, options.partSize);
  let plan = planParts(size, partSize);
  let tracker = createProgressTracker(plan, true, options.onProgress);
  const crcOn = context.crc64 !== 'off';
  let done = new Map<number, ResumePart>();
  const resumedParts: number[] = [];
  const uploadedParts: number[] = [];

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
  let saving: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    if (!store || !resume || !ref) return Promise.resolve();
    const snapshot: ResumeState = {
      version: 1,
      ...ref,
      fingerprint: resume.fingerprint,
      size,
      partSize,
      parts: [...done.values()].sort((a, b) => a.partNumber - b.partNumber),
      createdAt,
      updatedAt: context.now(),
    };
    // Serialised, so a slow write never lands after a newer one.
    saving = saving.then(() => store.set(resume.id, snapshot)).catch((error) => {
      throw callbackError('resume store', error);
    });
    return saving;
  };

  let completed = false;
  try {
    if (!ref) {
      tracker.phase('initiating');
      const initiated = await callCallback(context, 'initiate', (ctx) =>
        options.initiate({ size, partSize, partCount: plan.length, contentType: options.contentType ?? source.type, fileName: source.name }, ctx),
      );
      if (!initiated || typeof initiated.uploadId !== 'string' || initiated.uploadId === '') {
        throw new OssUploadError('CALLBACK_ERROR', 'initiate must return { uploadId }', { retryable: false });
      }
      ref = refOf(initiated);
      if (initiated.partSize !== undefined && initiated.partSize !== partSize) {
        // The server settled on another part size (issue 5's handler decides it): follow it.
        if (!partSizeFits(size, initiated.partSize) && !(Number.isSafeInteger(initiated.partSize) && initiated.partSize >= size)) {
          throw new OssUploadError('CALLBACK_ERROR', `initiate returned an unusable partSize ${initiated.partSize}`, { retryable: false });
        }
        partSize = initiated.partSize;
        plan = planParts(size, partSize);
        tracker = createProgressTracker(plan, true, options.onProgress);
      }
      await save();
    }
    for (const partNumber of done.keys()) {
      resumedParts.push(partNumber);
      tracker.partDone(partNumber);
    }
    tracker.phase('uploading');
    throwIfStopped(context);

    const current = ref;
    const progress = tracker;
    const targets = createPartTargets(context, options, current, plan, (n) => !done.has(n), Math.max(8, concurrency * 2));
    const feed = createPartFeed(source, plan, done, crcOn);
    const sendPart = async (work: PartWork): Promise<void> => {
      const { partNumber, size: partBytes } = work.planned;
      const contentMd5 = context.md5 ? await md5OfPayload(work.payload(), context.md5) : undefined;
      const result = await withRetry(context, { operation: 'request', partNumber, refresh: () => targets.invalidate(partNumber) }, async () => {
        const held = await targets.get(partNumber, contentMd5);
        return sendOnce(context, {
          held,
          payload: work.payload(),
          partNumber,
          onSent: (loaded) => progress.sent(partNumber, loaded),
          requireEtag: true,
        });
      });
      const part: ResumePart = { partNumber, etag: result.etag, size: partBytes, crc64: result.crc64?.toString() };
      done.set(partNumber, part);
      uploadedParts.push(partNumber);
      await save();
      progress.partDone(partNumber);
      options.onPartComplete?.(part);
    };
    const worker = async (): Promise<void> => {
      for (;;) {
        throwIfStopped(context);
        const work = await feed.next();
        if (!work) return;
        await sendPart(work);
      }
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: Math.min(concurrency, Math.max(1, plan.length - done.size)) }, () =>
        worker().catch((error: unknown) => {
          // One part failed for good: stop the others (they reject with this error).
          context.stop(error);
          throw error;
        }),
      ),
    );
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw context.signal.aborted ? stoppedError(context) : failure.reason;

    progress.phase('completing');
    const parts = plan.map((planned) => done.get(planned.partNumber) as ResumePart);
    const combined = crcOn ? combinePartCrcs(parts) : undefined;
    let earlierFailure: unknown;
    const completion = await callCallback(context, 'complete', async (ctx) => {
      try {
        return await options.complete({ ...current, parts: parts.map((part) => ({ partNumber: part.partNumber, etag: part.etag })) }, ctx);
      } catch (error) {
        const gone = (error as OssUploadError).code === 'NO_SUCH_UPLOAD' || (error as OssUploadError).status === 404;
        if (earlierFailure !== undefined && gone) {
          // Complete consumes the upload id: a retry that finds it gone means an earlier attempt may have worked.
          throw new OssUploadError('NO_SUCH_UPLOAD', 'CompleteMultipartUpload was retried and the upload no longer exists', {
            cause: earlierFailure,
            retryable: false,
            hint: `The earlier attempt failed (${(earlierFailure as Error).message}) but may have completed the upload on OSS; check whether the object exists before uploading again.`,
          });
        }
        earlierFailure ??= error;
        throw error;
      }
    });
    completed = true;
    if (store && resume) await store.delete(resume.id);
    let verified = false;
    if (crcOn) {
      if (completion?.crc64 === undefined) {
        if (context.crc64 === 'require') {
          throw new OssUploadError('CHECKSUM_MISSING', 'complete did not report the object\'s x-oss-hash-crc64ecma, and integrity.crc64 is "require"', {
            retryable: false,
            hint: 'Return crc64 (the x-oss-hash-crc64ecma header of CompleteMultipartUpload) from the complete callback.',
          });
        }
      } else if (combined !== undefined) {
        if (BigInt(completion.crc64) !== combined) {
          throw new OssUploadError('CHECKSUM_MISMATCH', `CRC-64 mismatch on the completed object: parts combine to ${combined}, OSS reports ${completion.crc64}`, {
            retryable: false,
          });
        }
        verified = true;
      }
    }
    progress.phase('done');
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
      resumedParts: resumedParts.sort((a, b) => a - b),
    };
  } catch (error) {
    await saving.catch(() => undefined);
    if (!completed && ref) await cleanUp(context, options, ref, resume?.id);
    throw error;
  }
}

/** After a failure or an abort: abort the upload on OSS unless the caller keeps it for resume. */
async function cleanUp(context: EngineContext, options: UploadMultipartOptions<unknown>, ref: UploadRef, resumeId: string | undefined): Promise<void> {
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
