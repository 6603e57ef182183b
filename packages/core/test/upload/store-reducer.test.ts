import { describe, expect, it } from 'vitest';
import { OssUploadError } from '../../src/upload/errors.js';
import { IDLE_SNAPSHOT, INITIAL_STATE, type UploaderEvent, type UploaderState, uploaderReducer } from '../../src/upload/store/reducer.js';
import type { FileUploadResult, FileUploadStatus } from '../../src/upload/store/types.js';

const SIZE = 1000;
const result = { mode: 'put', etag: '"E"', size: SIZE, key: 'k' } as unknown as FileUploadResult;
const error = new OssUploadError('SERVER_ERROR', 'OSS answered 503');

function run(events: readonly UploaderEvent[], state: UploaderState = INITIAL_STATE): UploaderState {
  return events.reduce(uploaderReducer, state);
}

const add = (id = 'f1', size = SIZE): UploaderEvent => ({ type: 'added', files: [{ id, name: `${id}.bin`, size }] });

/** The events that bring a fresh file to each status. */
const PATH: Readonly<Record<FileUploadStatus, readonly UploaderEvent[]>> = {
  queued: [add()],
  presigning: [add(), { type: 'started', id: 'f1', at: 0 }],
  uploading: [add(), { type: 'started', id: 'f1', at: 0 }, { type: 'progress', id: 'f1', loaded: 100, at: 1000 }],
  completing: [add(), { type: 'started', id: 'f1', at: 0 }, { type: 'progress', id: 'f1', loaded: 100, at: 1000 }, { type: 'phase', id: 'f1', phase: 'completing' }],
  success: [add(), { type: 'started', id: 'f1', at: 0 }, { type: 'succeeded', id: 'f1', result }],
  error: [add(), { type: 'started', id: 'f1', at: 0 }, { type: 'failed', id: 'f1', error }],
  aborted: [add(), { type: 'aborted', id: 'f1' }],
};

const EVENTS: Readonly<Record<string, UploaderEvent>> = {
  started: { type: 'started', id: 'f1', at: 2000 },
  'phase uploading': { type: 'phase', id: 'f1', phase: 'uploading' },
  'phase completing': { type: 'phase', id: 'f1', phase: 'completing' },
  progress: { type: 'progress', id: 'f1', loaded: 500, at: 2000 },
  succeeded: { type: 'succeeded', id: 'f1', result },
  failed: { type: 'failed', id: 'f1', error },
  aborted: { type: 'aborted', id: 'f1' },
  retried: { type: 'retried', id: 'f1' },
};

// from, event, to ('-' = the state object is returned unchanged)
const TABLE: readonly (readonly [FileUploadStatus, string, FileUploadStatus | '-'])[] = [
  ['queued', 'started', 'presigning'],
  ['queued', 'phase uploading', '-'],
  ['queued', 'progress', '-'],
  ['queued', 'succeeded', '-'],
  ['queued', 'failed', 'error'],
  ['queued', 'aborted', 'aborted'],
  ['queued', 'retried', '-'],
  ['presigning', 'started', '-'],
  ['presigning', 'phase uploading', 'uploading'],
  ['presigning', 'phase completing', 'completing'],
  ['presigning', 'progress', 'uploading'],
  ['presigning', 'succeeded', 'success'],
  ['presigning', 'failed', 'error'],
  ['presigning', 'aborted', 'aborted'],
  ['presigning', 'retried', '-'],
  ['uploading', 'started', '-'],
  ['uploading', 'phase uploading', '-'],
  ['uploading', 'phase completing', 'completing'],
  ['uploading', 'progress', 'uploading'],
  ['uploading', 'succeeded', 'success'],
  ['uploading', 'failed', 'error'],
  ['uploading', 'aborted', 'aborted'],
  ['uploading', 'retried', '-'],
  ['completing', 'phase uploading', '-'],
  ['completing', 'progress', 'completing'],
  ['completing', 'succeeded', 'success'],
  ['completing', 'failed', 'error'],
  ['completing', 'aborted', 'aborted'],
  ['success', 'started', '-'],
  ['success', 'progress', '-'],
  ['success', 'failed', '-'],
  ['success', 'aborted', '-'],
  ['success', 'retried', '-'],
  ['error', 'started', '-'],
  ['error', 'progress', '-'],
  ['error', 'succeeded', '-'],
  ['error', 'aborted', '-'],
  ['error', 'retried', 'queued'],
  ['aborted', 'started', '-'],
  ['aborted', 'progress', '-'],
  ['aborted', 'failed', '-'],
  ['aborted', 'succeeded', 'success'],
  ['aborted', 'retried', 'queued'],
];

describe('uploaderReducer: transition table', () => {
  it.each(TABLE)('%s + %s -> %s', (from, eventName, to) => {
    const before = run(PATH[from]);
    expect(before.snapshot.uploads[0]?.status).toBe(from);
    const after = uploaderReducer(before, EVENTS[eventName] as UploaderEvent);
    if (to === '-') expect(after).toBe(before);
    else expect(after.snapshot.uploads[0]?.status).toBe(to);
  });

  it('ignores events for unknown files, and a repeated add', () => {
    const state = run(PATH.queued);
    expect(uploaderReducer(state, { type: 'started', id: 'nope', at: 0 })).toBe(state);
    expect(uploaderReducer(state, add())).toBe(state);
  });
});

describe('uploaderReducer: progress', () => {
  it('never goes down, and holds the last byte until OSS answered', () => {
    let state = run(PATH.presigning);
    const seen: number[] = [];
    for (const loaded of [100, 400, 50, 400, 999, 1000, 1200]) {
      state = uploaderReducer(state, { type: 'progress', id: 'f1', loaded, at: 1000 });
      seen.push(state.snapshot.uploads[0]?.progress.loaded as number);
    }
    expect(seen).toEqual([100, 400, 400, 400, 999, 999, 999]);
    expect(state.snapshot.uploads[0]?.progress.percent).toBe(99);
    expect(state.snapshot.progress.percent).toBe(99);
    state = uploaderReducer(state, { type: 'succeeded', id: 'f1', result });
    expect(state.snapshot.uploads[0]?.progress).toEqual({ loaded: SIZE, total: SIZE, percent: 100 });
    expect(state.snapshot.progress).toEqual({ loaded: SIZE, total: SIZE, percent: 100 });
  });

  it('a progress event that moves nothing returns the same state', () => {
    const state = run(PATH.uploading);
    expect(uploaderReducer(state, { type: 'progress', id: 'f1', loaded: 100, at: 5000 })).toBe(state);
    expect(uploaderReducer(state, { type: 'progress', id: 'f1', loaded: 10, at: 5000 })).toBe(state);
  });

  it('bytesPerSecond is the average since the run started', () => {
    const state = run([add(), { type: 'started', id: 'f1', at: 10_000 }, { type: 'progress', id: 'f1', loaded: 500, at: 12_000 }]);
    expect(state.snapshot.uploads[0]?.bytesPerSecond).toBe(250);
  });

  it('learns the size of a stream from the first progress event', () => {
    const state = run([add('s', 0), { type: 'started', id: 's', at: 0 }, { type: 'progress', id: 's', loaded: 10, total: 40, at: 1000 }]);
    expect(state.snapshot.uploads[0]).toMatchObject({ size: 40, progress: { loaded: 10, total: 40, percent: 25 } });
  });

  it('a retry starts the file again from zero, without its error', () => {
    const state = run([...PATH.error, { type: 'retried', id: 'f1' }]);
    expect(state.snapshot.uploads[0]).toMatchObject({ status: 'queued', progress: { loaded: 0, total: SIZE, percent: 0 }, bytesPerSecond: 0 });
    expect(state.snapshot.uploads[0]?.error).toBeUndefined();
  });
});

describe('uploaderReducer: the batch', () => {
  it('is idle with nothing, uploading while any file moves, then how it ended', () => {
    expect(INITIAL_STATE.snapshot).toBe(IDLE_SNAPSHOT);
    expect(IDLE_SNAPSHOT).toEqual({ status: 'idle', progress: { loaded: 0, total: 0, percent: 0 }, uploads: [], isUploading: false });
    let state = run([add('a'), add('b')]);
    expect(state.snapshot).toMatchObject({ status: 'uploading', isUploading: true, progress: { loaded: 0, total: 2 * SIZE } });
    state = run([{ type: 'started', id: 'a', at: 0 }, { type: 'succeeded', id: 'a', result }], state);
    expect(state.snapshot.status).toBe('uploading');
    expect(state.snapshot.progress.percent).toBe(50);
    const failed = run([{ type: 'failed', id: 'b', error }], state);
    expect(failed.snapshot).toMatchObject({ status: 'error', isUploading: false });
    const aborted = run([{ type: 'aborted', id: 'b' }], state);
    // The aborted file leaves the totals; the other one succeeded.
    expect(aborted.snapshot).toMatchObject({ status: 'success', progress: { loaded: SIZE, total: SIZE, percent: 100 } });
    expect(run([{ type: 'aborted', id: 'a' }], run([add('a')])).snapshot.status).toBe('aborted');
  });

  it('reset returns the idle snapshot itself', () => {
    const state = run([...PATH.uploading, { type: 'reset' }]);
    expect(state.snapshot).toBe(IDLE_SNAPSHOT);
    expect(uploaderReducer(INITIAL_STATE, { type: 'reset' })).toBe(INITIAL_STATE);
  });

  it('replaces only the file that changed', () => {
    const state = run([add('a'), add('b')]);
    const next = uploaderReducer(state, { type: 'started', id: 'b', at: 0 });
    expect(next.snapshot.uploads[0]).toBe(state.snapshot.uploads[0]);
    expect(next.snapshot.uploads[1]).not.toBe(state.snapshot.uploads[1]);
  });
});
