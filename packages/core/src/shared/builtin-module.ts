/**
 * A Node built-in module, or `undefined` where there is none (browsers, workers, edge runtimes).
 * process.getBuiltinModule loads a built-in synchronously without a static import, so bundles for
 * those runtimes never see `node:` (Node >= 20.16, Bun and Deno provide it).
 *
 * @example
 * ```ts
 * const nodeCrypto = loadBuiltinModule<typeof import('node:crypto')>('node:crypto');
 * ```
 */
export function loadBuiltinModule<T>(id: string): T | undefined {
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return processLike?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}
