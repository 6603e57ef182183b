/**
 * A resume store in one JSON file, for Node: survives a killed process. Writes go to a temporary
 * file that is renamed over the old one, so a crash mid-write never leaves half a file.
 */

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type ResumeState, type ResumeStore, isResumeState } from '../resume-store.js';

interface StoreFile {
  version: 1;
  uploads: Record<string, unknown>;
}

let sequence = 0;

/**
 * Creates a store backed by the JSON file at `path` (created on first write).
 *
 * @example
 * ```ts
 * const store = createJsonFileStore('.uploads/resume.json');
 * await uploadMultipart({ ...callbacks, body: { path }, resume: { store } });
 * ```
 */
export function createJsonFileStore(path: string): ResumeStore {
  // Operations run one after another, so concurrent part completions never lose an update.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run);
    queue = next.catch(() => undefined);
    return next;
  };
  const load = async (): Promise<StoreFile> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, uploads: {} };
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<StoreFile>;
      if (parsed && typeof parsed.uploads === 'object' && parsed.uploads !== null) return { version: 1, uploads: parsed.uploads };
    } catch {
      // A corrupt file holds nothing usable; it is replaced on the next write.
    }
    return { version: 1, uploads: {} };
  };
  const persist = async (file: StoreFile): Promise<void> => {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.${++sequence}.tmp`;
    await writeFile(temporary, JSON.stringify(file, null, 2));
    await rename(temporary, path);
  };
  return {
    get: (id) =>
      serial(async () => {
        const state = (await load()).uploads[id];
        return isResumeState(state) ? (state as ResumeState) : undefined;
      }),
    set: (id, state) =>
      serial(async () => {
        const file = await load();
        file.uploads[id] = state;
        await persist(file);
      }),
    delete: (id) =>
      serial(async () => {
        const file = await load();
        if (!(id in file.uploads)) return;
        delete file.uploads[id];
        await persist(file);
      }),
  };
}
