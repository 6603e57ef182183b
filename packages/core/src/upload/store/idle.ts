/**
 * The store's state before anything was added: all `getSnapshot()` and `getServerSnapshot()`
 * need before the first upload, apart from the reducer (./reducer.ts), which loads with it.
 */

import type { ProgressSnapshot, UploaderSnapshot } from './types.js';

/** The reducer's state: the public snapshot plus when each file's current run started. */
export interface UploaderState {
  readonly snapshot: UploaderSnapshot;
  /** ms since epoch, per file id, for `bytesPerSecond`. */
  readonly startedAt: Readonly<Record<string, number>>;
}

const ZERO: ProgressSnapshot = Object.freeze({ loaded: 0, total: 0, percent: 0 });

/** The snapshot before anything was added (and after `reset()`); also the server snapshot. */
export const IDLE_SNAPSHOT: UploaderSnapshot = Object.freeze({ status: 'idle', progress: ZERO, uploads: Object.freeze([]), isUploading: false });

/** The reducer's first state. */
export const INITIAL_STATE: UploaderState = Object.freeze({ snapshot: IDLE_SNAPSHOT, startedAt: Object.freeze({}) });

