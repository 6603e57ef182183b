/** The uploader store's public shapes: what `getSnapshot()` returns and what `upload()` resolves to. */

import type { AutoUploadResult } from '../auto.js';
import type { OssUploadError } from '../errors.js';
import type { UploadPolicy } from './policy.js';

/** The whole batch: `uploading` while any file is queued or moving, then how it ended. */
export type UploaderStatus = 'idle' | 'uploading' | 'success' | 'error' | 'aborted';

/** One file's step. `presigning` covers asking the app server (or InitiateMultipartUpload). */
export type FileUploadStatus = 'queued' | 'presigning' | 'uploading' | 'completing' | 'success' | 'error' | 'aborted';

/** Bytes on the wire. `percent` is an integer 0..100 and is 100 only once OSS has answered the last request. */
export interface ProgressSnapshot {
  readonly loaded: number;
  readonly total: number;
  readonly percent: number;
}

/** A file's result: the engine's result plus the object key, when the presign handler said it. */
export type FileUploadResult = AutoUploadResult & { readonly key: string | undefined };

/** One file in the snapshot. */
export interface FileUploadState {
  /** Unique within the store; pass it to `abort(id)` and `retry(id)`. */
  readonly id: string;
  readonly name: string;
  /** Bytes; 0 until known for a stream without a declared size. */
  readonly size: number;
  readonly status: FileUploadStatus;
  readonly progress: ProgressSnapshot;
  /** Average speed since this run started, in bytes per second (0 before the first byte). */
  readonly bytesPerSecond: number;
  readonly result?: FileUploadResult | undefined;
  readonly error?: OssUploadError | undefined;
}

/**
 * What `getSnapshot()` returns: an immutable object, the same one until something changes, so
 * `useSyncExternalStore` can compare it by identity.
 */
export interface UploaderSnapshot {
  readonly status: UploaderStatus;
  /** Summed over the files that were not aborted. */
  readonly progress: ProgressSnapshot;
  readonly uploads: readonly FileUploadState[];
  /** `status === 'uploading'`. */
  readonly isUploading: boolean;
  /** The presign handler's policy, once fetched (see the `policy` option and `loadPolicy()`). */
  readonly policy?: UploadPolicy | undefined;
}

/** How one file of an `upload()` call ended. The promise of `upload()` never rejects for a file's failure. */
export type FileUploadOutcome =
  | { readonly id: string; readonly name: string; readonly status: 'success'; readonly result: FileUploadResult }
  | { readonly id: string; readonly name: string; readonly status: 'error' | 'aborted'; readonly error: OssUploadError };
