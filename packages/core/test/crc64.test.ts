import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compileCrc64Wat } from '../scripts/build-crc64-wasm.mjs';
import { CRC64_WASM_BASE64 } from '../src/integrity/crc64-wasm-binary.js';
import { type Crc64Implementation, combineCrc64, createCrc64, crc64 } from '../src/integrity/crc64.js';

// Bit-at-a-time reference over BigInt, straight from the CRC-64/XZ definition, to check the
// table-driven implementation against something that shares none of its code.
function referenceCrc64(bytes: Uint8Array): bigint {
  const poly = 0xc96c5795d7870f42n;
  let crc = 0xffffffffffffffffn;
  for (const byte of bytes) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc ^ 0xffffffffffffffffn;
}

describe('crc64 (ECMA-182, reflected, as OSS x-oss-hash-crc64ecma)', () => {
  it('matches the CRC-64/XZ check value for "123456789"', () => {
    expect(crc64(new TextEncoder().encode('123456789'))).toBe(0x995dc9bbdf1939fan);
  });

  it('is 0 for no bytes', () => {
    expect(crc64(new Uint8Array())).toBe(0n);
    expect(createCrc64().digestDecimal()).toBe('0');
  });

  const implementations: Crc64Implementation[] = ['wasm', 'js'];

  it.each(implementations)('%s: matches the bit-wise reference on random lengths', (implementation) => {
    for (const length of [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 1000, 4099, 65_536, 65_537, 200_003]) {
      const bytes = new Uint8Array(randomBytes(length));
      expect(createCrc64({ implementation }).update(bytes).digest(), `length ${length}`).toBe(referenceCrc64(bytes));
    }
  });

  it.each(implementations)('%s: gives the same result whatever the chunking', (implementation) => {
    const bytes = new Uint8Array(randomBytes(10_007));
    const whole = crc64(bytes);
    const streaming = createCrc64({ implementation });
    for (let offset = 0, size = 1; offset < bytes.length; offset += size, size = (size * 3) % 997 + 1) {
      streaming.update(bytes.subarray(offset, offset + size));
    }
    expect(streaming.digest()).toBe(whole);
  });

  it('combines part CRCs into the CRC of the whole', () => {
    const bytes = new Uint8Array(randomBytes(300_001));
    const cuts = [0, 1, 8, 100_000, 100_001, 250_000, bytes.length];
    let combined = 0n;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const part = bytes.subarray(cuts[i], cuts[i + 1]);
      combined = i === 0 ? crc64(part) : combineCrc64(combined, crc64(part), part.length);
    }
    expect(combined).toBe(crc64(bytes));
    // A changed byte changes the CRC (guards against a function that ignores its input).
    const changed = Uint8Array.from(bytes);
    changed[12_345] = (changed[12_345] as number) ^ 1;
    expect(crc64(changed)).not.toBe(crc64(bytes));
  });

  it('ships the WebAssembly bytes that crc64.wat compiles to', async () => {
    expect((await compileCrc64Wat()).toString('base64')).toBe(CRC64_WASM_BASE64);
  });

  it('combining with an empty part is the identity', () => {
    const crc = crc64(new Uint8Array([1, 2, 3]));
    expect(combineCrc64(crc, 0n, 0)).toBe(crc);
  });
});
