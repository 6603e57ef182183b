'use client';

import {
  type CreateUploaderOptions,
  type FileUploadOutcome,
  type FileUploadResult,
  type FileUploadState,
  type OssUploadError,
  type ProgressSnapshot,
  type UploadCallOptions,
  type UploadInput,
  type Uploader,
  type UploaderBody,
  type UploaderSnapshot,
  createUploader,
} from '@oss-presign/core/upload';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';

/** `createUploader`'s options plus per-file callbacks; the callbacks and `headers`/`validate` may change on any render. */
export interface UseOssUploadOptions extends CreateUploaderOptions {
  /** A file reached `success`. */
  readonly onSuccess?: ((result: FileUploadResult, file: FileUploadState) => void) | undefined;
  /** A file ended in `error` (not called for `aborted`). */
  readonly onError?: ((error: OssUploadError, file: FileUploadState) => void) | undefined;
  /** A file's bytes moved (`progress` is that file's). */
  readonly onProgress?: ((progress: ProgressSnapshot, file: FileUploadState) => void) | undefined;
}

/** A File, Blob or bytes; an array of them; or an input's `FileList`. */
export type UploadFiles = UploadInput<UploaderBody> | readonly UploadInput<UploaderBody>[] | ArrayLike<File>;

/** What {@link useOssUpload} returns: the store's snapshot plus its methods (each keeps its identity across renders). */
export interface UseOssUploadResult extends UploaderSnapshot {
  /** Uploads one file or several; resolves with one outcome per file (a failure is an outcome, not a rejection). */
  readonly upload: (files: UploadFiles, options?: UploadCallOptions) => Promise<FileUploadOutcome[]>;
  /** Aborts one file, or all: nothing is left on OSS. */
  readonly abort: (id?: string) => void;
  /** Uploads a failed or aborted file again. */
  readonly retry: (id: string) => Promise<FileUploadOutcome>;
  /** Aborts everything and forgets every file. */
  readonly reset: () => void;
  /** The result of the most recent file that succeeded. */
  readonly result: FileUploadResult | undefined;
  /** The error of the most recent file that failed. */
  readonly error: OssUploadError | undefined;
  /** The store itself, for code outside React. */
  readonly uploader: Uploader<UploaderBody>;
}

const isFileList = (files: UploadFiles): files is ArrayLike<File> =>
  typeof FileList !== 'undefined' && files instanceof FileList;

/**
 * Uploads files straight to OSS through the presign handler at `endpoint`. The state lives in
 * core's uploader store; the hook subscribes to it. Options are read when the component first
 * renders, except the callbacks, `headers` and `validate`, which are read afresh on every use, so
 * changing options never restarts an upload. On mount it fetches the handler's policy once
 * (`GET {endpoint}/config`; `policy: false` turns that off): `policy` shows it, and a file it forbids
 * fails before any presign. Unmounting aborts uploads still in flight (and their multipart uploads
 * on OSS). Safe to render on the server: nothing touches `window` until `upload`.
 *
 * @throws OssUploadError INVALID_OPTIONS on the first render, for options `createUploader` refuses.
 * @example
 * ```tsx
 * const { upload, progress, isUploading } = useOssUpload({ endpoint: '/api/oss' });
 * <input type="file" onChange={(e) => upload(e.target.files!)} disabled={isUploading} />
 * ```
 */
export function useOssUpload(options: UseOssUploadOptions): UseOssUploadResult {
  const latest = useRef(options);
  latest.current = options;

  const [uploader] = useState(() => {
    const { onSuccess, onError, onProgress, headers, validate, ...rest } = options;
    return createUploader({
      ...rest,
      // Read from the latest options at call time: a new CSRF token or rule applies to the next request.
      ...(rest.endpoint !== undefined && {
        headers: () => {
          const current = latest.current.headers;
          return (typeof current === 'function' ? current() : current) ?? {};
        },
      }),
      validate: (file) => latest.current.validate?.(file),
    });
  });

  const snapshot = useSyncExternalStore(uploader.subscribe, uploader.getSnapshot, uploader.getServerSnapshot);

  useEffect(() => {
    // Once per store (StrictMode's second run shares the first fetch): `policy` is there to show.
    void uploader.loadPolicy();
    let previous = uploader.getSnapshot();
    const unsubscribe = uploader.subscribe(() => {
      const next = uploader.getSnapshot();
      const before = new Map(previous.uploads.map((file) => [file.id, file]));
      previous = next;
      const { onSuccess, onError, onProgress } = latest.current;
      for (const file of next.uploads) {
        const old = before.get(file.id);
        if (file === old) continue;
        if (file.progress !== old?.progress && file.progress.loaded > 0) onProgress?.(file.progress, file);
        if (file.status === old?.status) continue;
        if (file.status === 'success' && file.result) onSuccess?.(file.result, file);
        if (file.status === 'error' && file.error) onError?.(file.error, file);
      }
    });
    return () => {
      unsubscribe();
      // Unmount: stop what is in flight. The store stays usable (StrictMode mounts it again).
      uploader.abort();
    };
  }, [uploader]);

  const actions = useMemo(
    () => ({
      upload: (files: UploadFiles, callOptions?: UploadCallOptions) =>
        uploader.upload(isFileList(files) ? Array.from(files) : (files as UploadInput<UploaderBody>), callOptions),
      abort: uploader.abort,
      retry: uploader.retry,
      reset: uploader.reset,
    }),
    [uploader],
  );

  return useMemo(() => {
    let result: FileUploadResult | undefined;
    let error: OssUploadError | undefined;
    for (const file of snapshot.uploads) {
      result = file.result ?? result;
      error = file.error ?? error;
    }
    return { ...snapshot, ...actions, result, error, uploader };
  }, [snapshot, actions, uploader]);
}
