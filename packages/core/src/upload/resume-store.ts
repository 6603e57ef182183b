/**
 * Resume state for multipart uploads, behind a three-method store interface, so a page reload or a
 * killed process continues where it stopped (ali-oss #628, Uppy #2121). The JSON-file store for Node
 * lives in ./node/json-file-store.ts.
 */

/** A part OSS has accepted, with what the uploader verified about it. */
export interface ResumePart {
  readonly partNumber: number;
  /** As OSS returned it (quoted). */
  readonly etag: string;
  readonly size: number;
  /** CRC-64 of the part as OSS reported and the uploader verified (unsigned decimal). */
  readonly crc64?: string | undefined;
}

/** Everything needed to continue a multipart upload. Plain JSON. */
export interface ResumeState {
  readonly version: 1;
  readonly uploadId: string;
  /** The object key, when initiate returned one. */
  readonly key?: string | undefined;
  /** The app server's handle for the upload, when initiate returned one. */
  readonly uploadToken?: string | undefined;
  /** The body's fingerprint; a different body never resumes this upload. */
  readonly fingerprint: string;
  readonly size: number;
  readonly partSize: number;
  readonly parts: readonly ResumePart[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Where resume state lives. Every method may be async (IndexedDB, a server). */
export interface ResumeStore {
  get(id: string): Promise<ResumeState | undefined>;
  set(id: string, state: ResumeState): Promise<void>;
  delete(id: string): Promise<void>;
}

/**
 * Whether `value` is a well-formed {@link ResumeState} (stores hold data from older versions,
 * other tabs and hand edits, so it is checked before use).
 *
 * @example
 * ```ts
 * if (!isResumeState(JSON.parse(text))) return undefined;
 * ```
 */
export function isResumeState(value: unknown): value is ResumeState {
  const state = value as Partial<ResumeState> | null;
  return (
    typeof state === 'object' &&
    state !== null &&
    state.version === 1 &&
    typeof state.uploadId === 'string' &&
    typeof state.fingerprint === 'string' &&
    Number.isSafeInteger(state.size) &&
    Number.isSafeInteger(state.partSize) &&
    Array.isArray(state.parts) &&
    state.parts.every(
      (part) =>
        typeof part === 'object' &&
        part !== null &&
        Number.isInteger(part.partNumber) &&
        typeof part.etag === 'string' &&
        Number.isSafeInteger(part.size),
    )
  );
}

/**
 * An in-memory store: resume within one page or process (after an abort kept for resume, or a
 * failure).
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * await uploadMultipart({ ...callbacks, body, resume: { store } });
 * ```
 */
export function createMemoryStore(): ResumeStore {
  const states = new Map<string, string>();
  return {
    async get(id) {
      const text = states.get(id);
      if (text === undefined) return undefined;
      const state: unknown = JSON.parse(text);
      return isResumeState(state) ? state : undefined;
    },
    async set(id, state) {
      // Stored as JSON, like the other stores, so callers cannot mutate what was saved.
      states.set(id, JSON.stringify(state));
    },
    async delete(id) {
      states.delete(id);
    },
  };
}

/** The Storage subset the localStorage store needs. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface LocalStorageStoreOptions {
  /** Key prefix. Default `oss-presign:upload:`. */
  readonly prefix?: string | undefined;
  /** Default: `globalThis.localStorage`. */
  readonly storage?: StorageLike | undefined;
}

/**
 * A store in `localStorage`: resume after a page reload. Corrupt entries read as absent.
 *
 * @example
 * ```ts
 * await uploadMultipart({ ...callbacks, body: file, resume: { store: createLocalStorageStore() } });
 * ```
 */
export function createLocalStorageStore(options: LocalStorageStoreOptions = {}): ResumeStore {
  const prefix = options.prefix ?? 'oss-presign:upload:';
  const storage = (): StorageLike => {
    const found = options.storage ?? (globalThis as { localStorage?: StorageLike }).localStorage;
    if (!found) throw new Error('localStorage is not available in this runtime');
    return found;
  };
  return {
    async get(id) {
      const text = storage().getItem(prefix + id);
      if (text === null) return undefined;
      try {
        const state: unknown = JSON.parse(text);
        return isResumeState(state) ? state : undefined;
      } catch {
        return undefined;
      }
    },
    async set(id, state) {
      storage().setItem(prefix + id, JSON.stringify(state));
    },
    async delete(id) {
      storage().removeItem(prefix + id);
    },
  };
}
