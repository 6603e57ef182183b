/**
 * Runs tasks one at a time per key, in arrival order. Commits to one object key go through it so
 * that the index and the on-disk manifest always agree on the last writer.
 *
 * @example
 * ```ts
 * const lock = createKeyedLock();
 * await lock.run('demo/a.txt', async () => commit());
 * ```
 */
export function createKeyedLock(): { run<T>(key: string, task: () => Promise<T>): Promise<T> } {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
