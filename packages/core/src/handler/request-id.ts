const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id that ties a response to its log line: the caller's `x-request-id` when it is a plain
 * token (so a proxy's id carries through), else a fresh random one.
 *
 * @example
 * ```ts
 * requestIdOf({ 'x-request-id': 'abc-1' }); // 'abc-1'
 * ```
 */
export function requestIdOf(headers: Readonly<Record<string, string>>): string {
  const given = headers['x-request-id'];
  if (given !== undefined && SAFE_REQUEST_ID.test(given)) return given;
  return randomHex(12);
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
// One getRandomValues call per 4 KiB instead of one per id: the call itself costs more than the
// bytes (it was 5% of a presign request's CPU in the adapter benches).
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

/**
 * Lower-case hex of `bytes` random bytes from Web Crypto (present in Node, browsers, Bun, Deno).
 *
 * @example
 * ```ts
 * randomHex(8); // '9f86d081884c7d65'
 * ```
 */
export function randomHex(bytes: number): string {
  if (bytes > pool.length) throw new RangeError('randomHex: at most 4096 bytes');
  if (poolOffset + bytes > pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  let hex = '';
  for (let i = poolOffset; i < poolOffset + bytes; i++) hex += HEX[pool[i] as number];
  poolOffset += bytes;
  return hex;
}
