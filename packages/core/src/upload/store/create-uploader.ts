/**
 * The uploader store: a framework-free, subscribable object around the upload engine. A React
 * hook (`useSyncExternalStore(uploader.subscribe, uploader.getSnapshot, uploader.getServerSnapshot)`),
 * a CLI progress bar or a plain page only subscribe; the store owns the state (a pure reducer,
 * ./reducer.ts), one AbortController per file, the file queue and the stale-run guard.
 */

import type { createPresignCalls } from '../../protocol/presign-calls.js';
import { presignClientWith } from '../../protocol/presign-client.js';
import type { AutoUploadResult, UploadOptions } from '../auto.js';
import { OssUploadError, abortError, callbackError } from '../errors.js';
import type { CallbackContext, PresignedTarget, TargetRequest } from '../types.js';
import { type CreateUploaderOptions, type SelectedFile, type UploaderClient, validateUploaderOptions } from './options.js';
import type { UploadPolicy, policyRefusal } from './policy.js';
import { IDLE_SNAPSHOT, INITIAL_STATE } from './idle.js';
import type { UploaderEvent, uploaderReducer } from './reducer.js';
import type { FileUploadOutcome, FileUploadResult, UploaderSnapshot } from './types.js';

/** A file with what the store cannot read from the body itself. */
export interface UploadFile<Body> {
  readonly body: Body;
  /** Shown in the snapshot and sent to the presign handler as the file name. Default: File.name, the path's base name, or `upload`. */
  readonly name?: string | undefined;
  /** Default: the File's type; `application/octet-stream` when there is none. */
  readonly contentType?: string | undefined;
  /** x-oss-meta-* values, checked by the presign handler. */
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  /** Bytes; required for a stream. */
  readonly size?: number | undefined;
}

/** A body, or a body with its name, type and metadata. */
export type UploadInput<Body> = Body | UploadFile<Body>;

/** Options of one `upload()` call. */
export interface UploadCallOptions {
  /** Aborts every file of this call, like `abort(id)` for each. */
  readonly signal?: AbortSignal | undefined;
}

/** The store. Every method is bound: pass `uploader.subscribe` around as it is. */
export interface Uploader<Body> {
  /**
   * Uploads one file or several, `fileConcurrency` at a time. Resolves with one outcome per file,
   * in order, once every file has ended; a file's failure is its outcome, not a rejection. Rejects
   * (INVALID_BODY) only for a body the store cannot take, before anything starts.
   */
  upload(files: UploadInput<Body> | readonly UploadInput<Body>[], options?: UploadCallOptions): Promise<FileUploadOutcome[]>;
  /** Calls `listener` after every change of the snapshot; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The current snapshot: the same object until something changes. */
  getSnapshot(): UploaderSnapshot;
  /** The idle snapshot, for server rendering; touches no browser global. */
  getServerSnapshot(): UploaderSnapshot;
  /**
   * Aborts one file, or every file still queued or moving: its requests stop, a multipart upload
   * is aborted on OSS, nothing is left behind. The file's outcome is `aborted`.
   */
  abort(id?: string): void;
  /** Uploads a file that ended in `error` (or `aborted`) again; resolves with its new outcome. */
  retry(id: string): Promise<FileUploadOutcome>;
  /** Aborts everything in flight and forgets every file: the snapshot is idle again (the policy stays). */
  reset(): void;
  /**
   * Fetches the presign handler's policy once (later calls share the answer) and puts it in the
   * snapshot; resolves undefined when the `policy` option is false, the client cannot fetch it, or
   * the fetch failed (then the next call tries again). `upload()` calls it itself.
   */
  loadPolicy(): Promise<UploadPolicy | undefined>;
}

/** What an entry gives the store: its engine and how it reads a body's name and size. */
export interface StoreRuntime<Body> {
  readonly upload: (options: UploadOptions<Body>) => Promise<AutoUploadResult>;
  /** Name, size and type without reading the body; throws INVALID_BODY for a body the entry refuses. */
  readonly describe: (body: Body) => Promise<{ readonly name?: string | undefined; readonly size?: number | undefined; readonly type?: string | undefined }>;
  /**
   * The reducer, the policy check and the presign client's request code, loaded with the first
   * upload or policy fetch. The entry names the module, so a browser bundle fetches them in the
   * same chunk as its engine: bundlers split by dynamic-import target, and every extra chunk costs
   * a request, its own gzip window and import/export glue.
   */
  readonly loadStore: () => Promise<StoreParts>;
}

/** What `StoreRuntime.loadStore` brings. */
export interface StoreParts {
  readonly uploaderReducer: typeof uploaderReducer;
  readonly policyRefusal: typeof policyRefusal;
  readonly createPresignCalls: typeof createPresignCalls;
}

interface FileEntry<Body> {
  readonly id: string;
  readonly file: UploadFile<Body>;
  readonly description: SelectedFile;
  /** Bumped by every run; callbacks of an older run change nothing. */
  run: number;
  controller: AbortController | undefined;
  /** Set while the file waits for a slot: releases it without running. */
  cancelWait: (() => void) | undefined;
}

function isUploadFile<Body>(input: UploadInput<Body>): input is UploadFile<Body> {
  return (
    typeof input === 'object' &&
    input !== null &&
    'body' in input &&
    !(typeof Blob !== 'undefined' && input instanceof Blob) &&
    !ArrayBuffer.isView(input) &&
    !(input instanceof ArrayBuffer)
  );
}

function asUploadError(error: unknown): OssUploadError {
  return error instanceof OssUploadError ? error : callbackError('upload', error);
}

/**
 * Builds the store over an entry's engine. Each entry exports `createUploader` built on this.
 *
 * @example
 * ```ts
 * export const createUploader = (options) => createUploaderWith({ upload, describe: describeWebBody }, options);
 * ```
 */
export function createUploaderWith<Body>(runtime: StoreRuntime<Body>, options: CreateUploaderOptions): Uploader<Body> {
  validateUploaderOptions(options);
  const client: UploaderClient =
    options.client ??
    presignClientWith(runtime.loadStore, { endpoint: options.endpoint as string, headers: options.headers, credentials: options.credentials, fetch: options.fetch });
  const now = options.now ?? Date.now;
  const fileConcurrency = options.fileConcurrency ?? 3;
  const entries = new Map<string, FileEntry<Body>>();
  const listeners = new Set<() => void>();
  const waiting: (() => void)[] = [];
  let running = 0;
  let state = INITIAL_STATE;
  let nextId = 1;
  let policy: Promise<UploadPolicy | undefined> | undefined;

  // The reducer loads with the first upload; before it, the state is idle and every event (a
  // reset, an abort of nothing) changes nothing.
  let reduce: typeof uploaderReducer | undefined;
  const dispatch = (event: UploaderEvent): void => {
    if (!reduce) return;
    const next = reduce(state, event);
    if (next === state) return;
    const changed = next.snapshot !== state.snapshot;
    state = next;
    if (!changed) return;
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        // A subscriber's bug must not fail an upload; surface it the way an event listener's would be.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };

  const statusOf = (id: string) => state.snapshot.uploads.find((file) => file.id === id)?.status;

  /** Waits for a file slot; resolves false when the file was aborted while waiting. */
  const acquire = (entry: FileEntry<Body>): Promise<boolean> => {
    if (running < fileConcurrency) {
      running++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const wake = (): void => {
        entry.cancelWait = undefined;
        running++;
        resolve(true);
      };
      waiting.push(wake);
      entry.cancelWait = () => {
        entry.cancelWait = undefined;
        waiting.splice(waiting.indexOf(wake), 1);
        resolve(false);
      };
    });
  };
  const release = (): void => {
    running--;
    waiting.shift()?.();
  };

  async function runFile(entry: FileEntry<Body>): Promise<FileUploadOutcome> {
    const { id, file, description } = entry;
    const name = description.name;
    const abortedOutcome = (error?: OssUploadError): FileUploadOutcome => ({
      id,
      name,
      status: 'aborted',
      error: error ?? abortError(),
    });
    const run = ++entry.run;
    const controller = new AbortController();
    entry.controller = controller;
    if (!(await acquire(entry))) return abortedOutcome();
    const live = (): boolean => entries.get(id) === entry && entry.run === run;
    const emit = (event: UploaderEvent): void => {
      if (live()) dispatch(event);
    };
    try {
      if (controller.signal.aborted) return abortedOutcome();
      emit({ type: 'started', id, at: now() });
      const rules = await uploader.loadPolicy();
      // The check (and the content-type matcher it shares with the handler) loads only with a policy.
      const refusal = rules && (await runtime.loadStore()).policyRefusal(rules, description);
      if (refusal) throw refusal;
      const verdict = await options.validate?.(description);
      if (typeof verdict === 'string') throw new OssUploadError('INVALID_BODY', verdict, { retryable: false });
      if (controller.signal.aborted) return abortedOutcome();
      let key: string | undefined;
      const fileInfo = { fileName: name, contentType: description.contentType, metadata: file.metadata };
      const presignTarget = client.target(fileInfo);
      const result = await runtime.upload({
        body: file.body,
        size: file.size,
        contentType: description.contentType,
        signal: controller.signal,
        retry: options.retry,
        transport: options.transport,
        partSize: options.partSize ?? rules?.partSize,
        concurrency: options.concurrency,
        multipartThreshold: options.multipartThreshold ?? rules?.multipartThreshold,
        integrity: { crc64: options.crc64 },
        resume: options.resume ? { store: options.resume } : undefined,
        target: async (request: TargetRequest, context: CallbackContext): Promise<PresignedTarget> => {
          const target = await presignTarget(request, context);
          const named = (target as { key?: unknown }).key;
          if (typeof named === 'string') key = named;
          emit({ type: 'phase', id, phase: 'uploading' });
          return target;
        },
        initiate: (input, context) => client.initiate({ ...input, ...fileInfo, contentType: input.contentType ?? fileInfo.contentType }, context),
        presignParts: (input, context) => client.presignParts(input, context),
        complete: (input, context) => client.complete(input, context),
        abort: (input, context) => client.abort(input, context),
        listParts: client.listParts ? (input, context) => (client.listParts as NonNullable<UploaderClient['listParts']>)(input, context) : undefined,
        onProgress: (progress) => {
          if (progress.phase === 'uploading' || progress.phase === 'completing') emit({ type: 'phase', id, phase: progress.phase });
          emit({ type: 'progress', id, loaded: progress.loaded, total: progress.total, at: now() });
        },
      });
      const done: FileUploadResult = { ...result, key: key ?? (result.mode === 'multipart' ? result.key : undefined) };
      emit({ type: 'succeeded', id, result: done });
      return { id, name, status: 'success', result: done };
    } catch (raw) {
      const error = asUploadError(raw);
      if (controller.signal.aborted) return abortedOutcome(error.code === 'ABORTED' ? error : undefined);
      emit({ type: 'failed', id, error });
      return { id, name, status: 'error', error };
    } finally {
      if (entry.controller === controller) entry.controller = undefined;
      release();
    }
  }

  const abortEntry = (entry: FileEntry<Body>): void => {
    const status = statusOf(entry.id);
    if (status === undefined || status === 'success' || status === 'error' || status === 'aborted') return;
    dispatch({ type: 'aborted', id: entry.id });
    entry.controller?.abort();
    entry.cancelWait?.();
  };

  async function describe(input: UploadInput<Body>): Promise<{ file: UploadFile<Body>; description: SelectedFile }> {
    const file: UploadFile<Body> = isUploadFile(input) ? input : { body: input };
    const read = await runtime.describe(file.body);
    return {
      file,
      description: {
        name: file.name ?? read.name ?? 'upload',
        size: file.size ?? read.size,
        contentType: file.contentType || read.type || undefined,
      },
    };
  }

  const uploader: Uploader<Body> = {
    async upload(files, callOptions = {}) {
      const list = (Array.isArray(files) ? files : [files]) as readonly UploadInput<Body>[];
      const [described, reducer] = await Promise.all([Promise.all(list.map(describe)), runtime.loadStore()]);
      reduce ??= reducer.uploaderReducer;
      const added = described.map(({ file, description }): FileEntry<Body> => {
        const entry: FileEntry<Body> = { id: `upload-${nextId++}`, file, description, run: 0, controller: undefined, cancelWait: undefined };
        entries.set(entry.id, entry);
        return entry;
      });
      dispatch({ type: 'added', files: added.map((entry) => ({ id: entry.id, name: entry.description.name, size: entry.description.size ?? 0 })) });
      const signal = callOptions.signal;
      const onAbort = (): void => {
        for (const entry of added) abortEntry(entry);
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await Promise.all(added.map(runFile));
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSnapshot: () => state.snapshot,
    getServerSnapshot: () => IDLE_SNAPSHOT,
    abort(id) {
      if (id === undefined) {
        for (const entry of entries.values()) abortEntry(entry);
        return;
      }
      const entry = entries.get(id);
      if (entry) abortEntry(entry);
    },
    retry(id) {
      const entry = entries.get(id);
      const status = statusOf(id);
      if (!entry || (status !== 'error' && status !== 'aborted')) {
        return Promise.reject(new OssUploadError('INVALID_OPTIONS', `retry: no failed file ${id}`, { retryable: false }));
      }
      dispatch({ type: 'retried', id });
      return runFile(entry);
    },
    reset() {
      for (const entry of entries.values()) {
        entry.controller?.abort();
        entry.cancelWait?.();
      }
      entries.clear();
      dispatch({ type: 'reset' });
    },
    loadPolicy() {
      const fetchConfig = client.config;
      if (options.policy === false || !fetchConfig) return Promise.resolve(undefined);
      // The policy goes into the snapshot through the reducer, so the reducer loads with it.
      policy ??= Promise.all([fetchConfig(), runtime.loadStore()]).then(
        ([answer, reducer]) => {
          reduce ??= reducer.uploaderReducer;
          dispatch({ type: 'policy', policy: answer });
          return answer;
        },
        () => {
          policy = undefined;
          return undefined;
        },
      );
      return policy;
    },
  };
  return uploader;
}
