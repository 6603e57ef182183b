/**
 * The uploader store's state, as a pure reducer over tagged events. The store turns engine
 * callbacks into events; this file alone decides what they do to the snapshot, so the rules
 * (progress never goes down, never 100 % before OSS answered, abort wins over a late failure) are
 * tested as a transition table without any I/O. The clock comes in the events (`at`).
 */

import type { OssUploadError } from '../errors.js';
import type { UploadPolicy } from './policy.js';
import { IDLE_SNAPSHOT, INITIAL_STATE, type UploaderState } from './idle.js';
import type { FileUploadResult, FileUploadState, FileUploadStatus, ProgressSnapshot, UploaderSnapshot, UploaderStatus } from './types.js';

export type { UploaderState };

/** Everything that can happen to the store. `id` names a file; events for unknown ids change nothing. */
export type UploaderEvent =
  | { readonly type: 'added'; readonly files: readonly { readonly id: string; readonly name: string; readonly size: number }[] }
  | { readonly type: 'started'; readonly id: string; readonly at: number }
  | { readonly type: 'phase'; readonly id: string; readonly phase: 'presigning' | 'uploading' | 'completing' }
  | { readonly type: 'progress'; readonly id: string; readonly loaded: number; readonly total?: number | undefined; readonly at: number }
  | { readonly type: 'succeeded'; readonly id: string; readonly result: FileUploadResult }
  | { readonly type: 'failed'; readonly id: string; readonly error: OssUploadError }
  | { readonly type: 'aborted'; readonly id: string }
  | { readonly type: 'retried'; readonly id: string }
  | { readonly type: 'reset' }
  | { readonly type: 'policy'; readonly policy: UploadPolicy };

// The idle snapshot lives in ./idle.ts: the page loads it with `createUploader`, this file with the first upload.
export { IDLE_SNAPSHOT, INITIAL_STATE };

const ACTIVE: ReadonlySet<FileUploadStatus> = new Set(['queued', 'presigning', 'uploading', 'completing']);
const MOVING: ReadonlySet<FileUploadStatus> = new Set(['presigning', 'uploading', 'completing']);
const PHASE_ORDER: Readonly<Record<string, number>> = { presigning: 0, uploading: 1, completing: 2 };

/**
 * Progress of `loaded` out of `total`: 100 % only when `done` (OSS answered the last request), so
 * a full count of bytes sent shows 99 % while OSS is still answering.
 */
function progressOf(loaded: number, total: number, done: boolean): ProgressSnapshot {
  if (done) return { loaded: total, total, percent: 100 };
  return { loaded, total, percent: total > 0 ? Math.min(99, Math.floor((loaded / total) * 100)) : 0 };
}

function overallStatus(uploads: readonly FileUploadState[]): UploaderStatus {
  if (uploads.length === 0) return 'idle';
  if (uploads.some((file) => ACTIVE.has(file.status))) return 'uploading';
  if (uploads.some((file) => file.status === 'error')) return 'error';
  // A file the user aborted does not turn the others' success into a failure.
  if (uploads.some((file) => file.status === 'success')) return 'success';
  return 'aborted';
}

function summarize(uploads: readonly FileUploadState[], policy: UploadPolicy | undefined): UploaderSnapshot {
  if (uploads.length === 0) return policy ? { ...IDLE_SNAPSHOT, policy } : IDLE_SNAPSHOT;
  let loaded = 0;
  let total = 0;
  let counted = 0;
  let succeeded = 0;
  for (const file of uploads) {
    // Aborting a file takes it out of the totals: the bar then measures what is still wanted.
    if (file.status === 'aborted') continue;
    counted++;
    loaded += file.progress.loaded;
    total += file.size;
    if (file.status === 'success') succeeded++;
  }
  const status = overallStatus(uploads);
  const snapshot = { status, progress: progressOf(loaded, total, counted > 0 && succeeded === counted), uploads, isUploading: status === 'uploading' };
  return policy ? { ...snapshot, policy } : snapshot;
}

function replaceFile(state: UploaderState, index: number, file: FileUploadState, startedAt = state.startedAt): UploaderState {
  const uploads = state.snapshot.uploads.slice();
  uploads[index] = file;
  return { snapshot: summarize(uploads, state.snapshot.policy), startedAt };
}

function transition(file: FileUploadState, event: UploaderEvent, startedAt: number | undefined): FileUploadState | undefined {
  switch (event.type) {
    case 'started':
      return file.status === 'queued' ? { ...file, status: 'presigning' } : undefined;
    case 'phase':
      if (!MOVING.has(file.status) || (PHASE_ORDER[event.phase] as number) <= (PHASE_ORDER[file.status] as number)) return undefined;
      return { ...file, status: event.phase };
    case 'progress': {
      if (!MOVING.has(file.status)) return undefined;
      const size = file.size === 0 && event.total !== undefined ? event.total : file.size;
      // Never down (a retried request restarts its count), never the last byte before OSS answers.
      const loaded = Math.max(file.progress.loaded, Math.min(event.loaded, Math.max(0, size - 1)));
      if (loaded === file.progress.loaded && size === file.size) return undefined;
      const elapsed = startedAt === undefined ? 0 : event.at - startedAt;
      return {
        ...file,
        size,
        status: file.status === 'presigning' && loaded > 0 ? 'uploading' : file.status,
        progress: progressOf(loaded, size, false),
        bytesPerSecond: elapsed > 0 ? Math.round((loaded * 1000) / elapsed) : file.bytesPerSecond,
      };
    }
    case 'succeeded':
      // An abort that came too late (OSS had already stored the object) still ends in success: the object exists.
      if (!MOVING.has(file.status) && file.status !== 'aborted') return undefined;
      return { ...file, status: 'success', progress: progressOf(file.size, file.size, true), result: event.result, error: undefined };
    case 'failed':
      // After an abort the engine's ABORTED error changes nothing.
      return ACTIVE.has(file.status) ? { ...file, status: 'error', error: event.error } : undefined;
    case 'aborted':
      return ACTIVE.has(file.status) ? { ...file, status: 'aborted' } : undefined;
    case 'retried':
      if (file.status !== 'error' && file.status !== 'aborted') return undefined;
      return { ...file, status: 'queued', progress: progressOf(0, file.size, false), bytesPerSecond: 0, result: undefined, error: undefined };
    default:
      return undefined;
  }
}

/**
 * The store's reducer. Returns `state` itself when an event changes nothing, so the snapshot keeps
 * its identity.
 *
 * @example
 * ```ts
 * let state = INITIAL_STATE;
 * state = uploaderReducer(state, { type: 'added', files: [{ id: 'f1', name: 'a.png', size: 100 }] });
 * state = uploaderReducer(state, { type: 'started', id: 'f1', at: Date.now() });
 * state.snapshot.uploads[0]?.status; // 'presigning'
 * ```
 */
export function uploaderReducer(state: UploaderState, event: UploaderEvent): UploaderState {
  const policy = state.snapshot.policy;
  if (event.type === 'reset') return state.snapshot.uploads.length === 0 ? state : { snapshot: summarize([], policy), startedAt: INITIAL_STATE.startedAt };
  if (event.type === 'policy') return { snapshot: { ...state.snapshot, policy: event.policy }, startedAt: state.startedAt };
  const uploads = state.snapshot.uploads;
  if (event.type === 'added') {
    const known = new Set(uploads.map((file) => file.id));
    const fresh = event.files
      .filter((file) => !known.has(file.id))
      .map((file): FileUploadState => ({ ...file, status: 'queued', progress: progressOf(0, file.size, false), bytesPerSecond: 0 }));
    return fresh.length === 0 ? state : { snapshot: summarize([...uploads, ...fresh], policy), startedAt: state.startedAt };
  }
  const index = uploads.findIndex((file) => file.id === event.id);
  const file = uploads[index];
  if (!file) return state;
  const next = transition(file, event, state.startedAt[event.id]);
  if (!next) return state;
  return replaceFile(state, index, next, event.type === 'started' ? { ...state.startedAt, [event.id]: event.at } : state.startedAt);
}
