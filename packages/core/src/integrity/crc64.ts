/**
 * CRC-64/ECMA-182 in its reflected form (CRC-64/XZ: poly 0x42F0E1EBA9EA3693, init and xorout all
 * ones), which is what OSS returns in `x-oss-hash-crc64ecma` as an unsigned decimal string.
 *
 * Two engines share one set of tables: a 415-byte WebAssembly module, slicing-by-16 over 64-bit
 * words (crc64.wat, compiled by scripts/build-crc64-wasm.mjs), and a JavaScript fallback,
 * slicing-by-8 over two 32-bit halves with no BigInt per byte (it reads the first eight tables). Combination of part CRCs uses zlib's
 * x^(2^n) method.
 */

import { CRC64_WASM_BASE64 } from './crc64-wasm-binary.js';

const POLY_REFLECTED = 0xc96c5795d7870f42n;
const POLY_HI = 0xc96c5795;
const POLY_LO = 0xd7870f42;

// TABLE_LO[k * 256 + n] / TABLE_HI[...]: CRC of byte n followed by k zero bytes.
const TABLES = 16;
const TABLE_LO = new Uint32Array(TABLES * 256);
const TABLE_HI = new Uint32Array(TABLES * 256);

function buildTables(): void {
  for (let n = 0; n < 256; n++) {
    let lo = n;
    let hi = 0;
    for (let bit = 0; bit < 8; bit++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi >>>= 1;
      if (carry) {
        lo = (lo ^ POLY_LO) >>> 0;
        hi = (hi ^ POLY_HI) >>> 0;
      }
    }
    TABLE_LO[n] = lo;
    TABLE_HI[n] = hi;
  }
  for (let k = 1; k < TABLES; k++) {
    for (let n = 0; n < 256; n++) {
      const prevLo = TABLE_LO[(k - 1) * 256 + n] as number;
      const prevHi = TABLE_HI[(k - 1) * 256 + n] as number;
      const index = prevLo & 0xff;
      TABLE_LO[k * 256 + n] = (((prevLo >>> 8) | (prevHi << 24)) ^ (TABLE_LO[index] as number)) >>> 0;
      TABLE_HI[k * 256 + n] = ((prevHi >>> 8) ^ (TABLE_HI[index] as number)) >>> 0;
    }
  }
}
buildTables();

/** A running CRC-64 over a stream of chunks. */
export interface Crc64 {
  /** Feeds the next chunk. */
  update(bytes: Uint8Array): Crc64;
  /** The CRC of everything fed so far, as an unsigned 64-bit integer. */
  digest(): bigint;
  /** The CRC as OSS prints it in x-oss-hash-crc64ecma: an unsigned decimal string. */
  digestDecimal(): string;
}

/** Which engine computes the CRC: WebAssembly (about twice as fast) or plain JavaScript. */
export type Crc64Implementation = 'wasm' | 'js';

export interface Crc64Options {
  /** Default: WebAssembly where it can be compiled (not under a CSP without 'wasm-unsafe-eval'), else JS. */
  readonly implementation?: Crc64Implementation | undefined;
}

// The WebAssembly module keeps the same tables as 64-bit words at offsets k * 2048 (32 KiB), and
// takes its input through a 64 KiB window of its memory after them (its two pages hold both).
const WASM_INPUT_OFFSET = TABLES * 256 * 8;
const WASM_INPUT_SIZE = 64 * 1024;

// The slice of the WebAssembly JS API used here, declared locally so that packages type-checking
// this file without the DOM library still compile.
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

interface WasmCrc64 {
  update(register: bigint, bytes: Uint8Array): bigint;
}

let wasmEngine: WasmCrc64 | null | undefined;

function loadWasmEngine(): WasmCrc64 | null {
  if (wasmEngine !== undefined) return wasmEngine;
  wasmEngine = null;
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!wasm) return wasmEngine;
  try {
    const { wasm: bytes, tables } = crc64WasmImage();
    // Synchronous compilation is fine: the module is 415 bytes, under every browser's main-thread limit.
    const instance = new wasm.Instance(new wasm.Module(bytes), {});
    const memory = instance.exports.memory as { buffer: ArrayBuffer };
    const wasmUpdate = instance.exports.update as (register: bigint, pointer: number, length: number) => bigint;
    const heap = new Uint8Array(memory.buffer);
    heap.set(tables);
    wasmEngine = {
      update(register, input) {
        let value = register;
        for (let offset = 0; offset < input.length; offset += WASM_INPUT_SIZE) {
          const chunk = input.subarray(offset, offset + WASM_INPUT_SIZE);
          heap.set(chunk, WASM_INPUT_OFFSET);
          value = wasmUpdate(value, WASM_INPUT_OFFSET, chunk.length);
        }
        return value;
      },
    };
  } catch {
    // A Content-Security-Policy without 'wasm-unsafe-eval' forbids compiling: use the JS tables.
    wasmEngine = null;
  }
  return wasmEngine;
}

/**
 * What a worker needs to run the WebAssembly engine on its own: the module's bytes and the image of
 * its tables (the first 32 KiB of its memory; input goes through the 64 KiB window after them).
 * The upload code hands these to a worker, so the tables are built once, here.
 *
 * @example
 * ```ts
 * const { wasm, tables } = crc64WasmImage(); // tables: 32 KiB, the input window starts right after
 * ```
 */
export function crc64WasmImage(): { wasm: Uint8Array; tables: Uint8Array } {
  const binary = atob(CRC64_WASM_BASE64);
  const wasm = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) wasm[i] = binary.charCodeAt(i);
  const tables = new Uint8Array(WASM_INPUT_OFFSET);
  const view = new DataView(tables.buffer);
  for (let entry = 0; entry < TABLES * 256; entry++) {
    view.setUint32(entry * 8, TABLE_LO[entry] as number, true);
    view.setUint32(entry * 8 + 4, TABLE_HI[entry] as number, true);
  }
  return { wasm, tables };
}

function createWasmCrc64(engine: WasmCrc64): Crc64 {
  let register = 0xffffffffffffffffn;
  const state: Crc64 = {
    update(bytes) {
      register = engine.update(register, bytes);
      return state;
    },
    digest: () => BigInt.asUintN(64, ~register),
    digestDecimal: () => state.digest().toString(),
  };
  return state;
}

function createJsCrc64(): Crc64 {
  // Register form: init all ones, final xor all ones.
  let lo = 0xffffffff;
  let hi = 0xffffffff;
  const state: Crc64 = {
    update(bytes) {
      let i = 0;
      const length = bytes.length;
      const end8 = length - (length % 8);
      for (; i < end8; i += 8) {
        lo ^= (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
        hi ^= (bytes[i + 4] as number) | ((bytes[i + 5] as number) << 8) | ((bytes[i + 6] as number) << 16) | ((bytes[i + 7] as number) << 24);
        const l0 = 7 * 256 + (lo & 0xff);
        const l1 = 6 * 256 + ((lo >>> 8) & 0xff);
        const l2 = 5 * 256 + ((lo >>> 16) & 0xff);
        const l3 = 4 * 256 + (lo >>> 24);
        const h0 = 3 * 256 + (hi & 0xff);
        const h1 = 2 * 256 + ((hi >>> 8) & 0xff);
        const h2 = 256 + ((hi >>> 16) & 0xff);
        const h3 = hi >>> 24;
        lo = ((TABLE_LO[l0] as number) ^ (TABLE_LO[l1] as number) ^ (TABLE_LO[l2] as number) ^ (TABLE_LO[l3] as number) ^
          (TABLE_LO[h0] as number) ^ (TABLE_LO[h1] as number) ^ (TABLE_LO[h2] as number) ^ (TABLE_LO[h3] as number));
        hi = ((TABLE_HI[l0] as number) ^ (TABLE_HI[l1] as number) ^ (TABLE_HI[l2] as number) ^ (TABLE_HI[l3] as number) ^
          (TABLE_HI[h0] as number) ^ (TABLE_HI[h1] as number) ^ (TABLE_HI[h2] as number) ^ (TABLE_HI[h3] as number));
      }
      for (; i < length; i++) {
        const index = (lo ^ (bytes[i] as number)) & 0xff;
        lo = ((lo >>> 8) | (hi << 24)) ^ (TABLE_LO[index] as number);
        hi = (hi >>> 8) ^ (TABLE_HI[index] as number);
      }
      return state;
    },
    digest() {
      return (BigInt((~hi) >>> 0) << 32n) | BigInt((~lo) >>> 0);
    },
    digestDecimal() {
      return state.digest().toString();
    },
  };
  return state;
}

/**
 * Starts a streaming CRC-64/ECMA computation, on WebAssembly where it can be compiled (slicing-by-16,
 * about 2 GiB per CPU second on x86-64 under Node 20) and on slicing-by-8 JavaScript tables
 * elsewhere (about a quarter of that).
 *
 * @example
 * ```ts
 * const crc = createCrc64();
 * for await (const chunk of stream) crc.update(chunk);
 * response.headers.get('x-oss-hash-crc64ecma') === crc.digestDecimal();
 * ```
 */
export function createCrc64(options: Crc64Options = {}): Crc64 {
  if (options.implementation === 'js') return createJsCrc64();
  const engine = loadWasmEngine();
  if (engine) return createWasmCrc64(engine);
  if (options.implementation === 'wasm') throw new Error('WebAssembly is not available to compute CRC-64');
  return createJsCrc64();
}

/**
 * CRC-64/ECMA of one buffer.
 *
 * @example
 * ```ts
 * crc64(new TextEncoder().encode('123456789')); // 0x995dc9bbdf1939fan
 * ```
 */
export function crc64(bytes: Uint8Array): bigint {
  return createCrc64().update(bytes).digest();
}

const TOP_BIT = 1n << 63n;

// Multiplies two polynomials modulo the CRC polynomial, in reflected bit order (zlib multmodp).
function multiplyModPoly(a: bigint, b: bigint): bigint {
  let mask = TOP_BIT;
  let product = 0n;
  let multiplicand = b;
  for (;;) {
    if (a & mask) {
      product ^= multiplicand;
      if ((a & (mask - 1n)) === 0n) break;
    }
    mask >>= 1n;
    multiplicand = multiplicand & 1n ? (multiplicand >> 1n) ^ POLY_REFLECTED : multiplicand >> 1n;
  }
  return product;
}

// X_POWERS[k] = x^(2^k) mod P, reflected.
const X_POWERS: bigint[] = [];
{
  let power = TOP_BIT >> 1n; // x^1
  for (let k = 0; k < 64; k++) {
    X_POWERS.push(power);
    power = multiplyModPoly(power, power);
  }
}

// x^(n * 2^k) mod P.
function xPowerModPoly(n: number, k: number): bigint {
  let power = TOP_BIT; // x^0
  let remaining = BigInt(n);
  let exponentIndex = k;
  while (remaining > 0n) {
    if (remaining & 1n) power = multiplyModPoly(X_POWERS[exponentIndex % 64] as bigint, power);
    remaining >>= 1n;
    exponentIndex++;
  }
  return power;
}

/**
 * The CRC-64 of A followed by B, from crc(A), crc(B) and the length of B in bytes: how the CRC of
 * a multipart object is checked from the CRCs of its parts.
 *
 * @example
 * ```ts
 * combineCrc64(crc64(partOne), crc64(partTwo), partTwo.length) === crc64(wholeObject);
 * ```
 */
export function combineCrc64(crcA: bigint, crcB: bigint, lengthB: number): bigint {
  if (lengthB === 0) return crcA;
  // Multiplying by x^(8 * lengthB) shifts crcA past B's bytes (k = 3: 2^3 bits per byte).
  return multiplyModPoly(xPowerModPoly(lengthB, 3), crcA) ^ crcB;
}
