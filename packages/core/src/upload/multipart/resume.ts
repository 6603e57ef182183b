/**
 * Resuming a multipart upload: the saved state that fits this body, and which parts count as done
 * (OSS's ListParts is the truth when the app can list; otherwise the store is trusted).
 */

import { createCrc64 } from '../../integrity/crc64.js';
import type { ListedPart } from '../../oss/list-parts.js';
import type { BodySource } from '../body.js';
import { type EngineContext, throwIfStopped } from '../engine-context.js';
import { OssUploadError, callbackError } from '../errors.js';
import { type PlannedPart, choosePartSize } from '../part-plan.js';
import type { ResumePart, ResumeState, ResumeStore } from '../resume-store.js';
import { callCallback } from '../retry-loop.js';
import type { UploadMultipartOptions, UploadRef } from './types.js';

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

export function partSizeFits(size: number, partSize: number): boolean {
  try {
    return choosePartSize(size, partSize) === partSize;
  } catch {
    return false;
  }
}

export async function loadResume(
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

export function refOf(value: UploadRef): UploadRef {
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
 * MD5, OSS doc "UploadPart"), computing its CRC on the way; otherwise it is sent again.
 */
async function adoptListedPart(source: BodySource, planned: PlannedPart, listed: ListedPart): Promise<ResumePart | undefined> {
  if (source.kind !== 'random' || listed.size !== planned.size) return undefined;
  // MD5 loads only here: a part to adopt is rare, and most pages never resume.
  const md5 = (await import('../md5.js')).createMd5();
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
export async function reconcile(
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


/**
 * Saves the resume state after each part, serialised so a slow write never lands after a newer
 * one. `save()` does nothing without a store or before the upload has an id.
 *
 * @example
 * ```ts
 * const saver = createResumeSaver(context, store, resume, () => ({ ref, size, partSize, parts: [...done.values()] }));
 * await saver.save();
 * ```
 */
export function createResumeSaver(
  context: EngineContext,
  store: ResumeStore | undefined,
  resume: { readonly id: string; readonly fingerprint: string } | undefined,
  createdAt: number,
  current: () => { readonly ref: UploadRef | undefined; readonly size: number; readonly partSize: number; readonly parts: Iterable<ResumePart> },
): { save(): Promise<void>; settled(): Promise<void> } {
  let saving: Promise<void> = Promise.resolve();
  return {
    save() {
      const { ref, size, partSize, parts } = current();
      if (!store || !resume || !ref) return Promise.resolve();
      const snapshot: ResumeState = {
        version: 1,
        ...ref,
        fingerprint: resume.fingerprint,
        size,
        partSize,
        parts: [...parts].sort((a, b) => a.partNumber - b.partNumber),
        createdAt,
        updatedAt: context.now(),
      };
      saving = saving.then(() => store.set(resume.id, snapshot)).catch((error) => {
        throw callbackError('resume store', error);
      });
      return saving;
    },
    settled: () => saving.catch(() => undefined),
  };
}
