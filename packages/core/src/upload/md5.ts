/**
 * A small incremental MD5, for the optional Content-MD5 header. Browsers' WebCrypto has no MD5,
 * and the browser entry must not pull in @noble/hashes. Tree-shaken away unless an app passes
 * `contentMd5: createMd5`. OSS signs Content-MD5 whenever it is sent (doc "Include a V4 signature in the Authorization header"), so its
 * value goes to the presigner (target function / presignParts) before the request.
 */

/** A running digest: feed chunks, then read the base64 value. */
export interface IncrementalDigest {
  update(bytes: Uint8Array): void;
  /** The digest in base64, as the Content-MD5 header carries it. */
  digestBase64(): string;
}

/** Creates a fresh MD5 (or any Content-MD5-compatible) digest. */
export type Md5Factory = () => IncrementalDigest;

// RFC 1321 constants: floor(abs(sin(i + 1)) * 2^32), written out so every engine agrees.
const K = new Int32Array([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af,
  0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
  0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
  0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97,
  0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
  0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
]);
const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/**
 * Starts an MD5 computation.
 *
 * @example
 * ```ts
 * const md5 = createMd5();
 * md5.update(new TextEncoder().encode('abc'));
 * md5.digestBase64(); // 'kAFQmDzST7DWlj99KOF/cg=='
 * ```
 */
export function createMd5(): IncrementalDigest {
  const state = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476]);
  const block = new Uint8Array(64);
  const words = new Int32Array(16);
  let buffered = 0;
  let length = 0;

  const compress = (bytes: Uint8Array, offset: number): void => {
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      words[i] = (bytes[j] as number) | ((bytes[j + 1] as number) << 8) | ((bytes[j + 2] as number) << 16) | ((bytes[j + 3] as number) << 24);
    }
    let a = state[0] as number;
    let b = state[1] as number;
    let c = state[2] as number;
    let d = state[3] as number;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (a + f + (K[i] as number) + (words[g] as number)) | 0;
      const shift = S[(i >> 4) * 4 + (i & 3)] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    state[0] = ((state[0] as number) + a) | 0;
    state[1] = ((state[1] as number) + b) | 0;
    state[2] = ((state[2] as number) + c) | 0;
    state[3] = ((state[3] as number) + d) | 0;
  };

  const update = (bytes: Uint8Array): void => {
    length += bytes.length;
    let offset = 0;
    if (buffered > 0) {
      const take = Math.min(64 - buffered, bytes.length);
      block.set(bytes.subarray(0, take), buffered);
      buffered += take;
      offset = take;
      if (buffered < 64) return;
      compress(block, 0);
      buffered = 0;
    }
    for (; offset + 64 <= bytes.length; offset += 64) compress(bytes, offset);
    if (offset < bytes.length) {
      block.set(bytes.subarray(offset), 0);
      buffered = bytes.length - offset;
    }
  };

  return {
    update,
    digestBase64() {
      const bits = length * 8;
      const padding = new Uint8Array((buffered < 56 ? 56 : 120) - buffered + 8);
      padding[0] = 0x80;
      const tail = padding.length - 8;
      // 64-bit little-endian bit length; split because bitwise ops are 32-bit.
      const low = bits >>> 0;
      const high = Math.floor(bits / 0x100000000);
      for (let i = 0; i < 4; i++) {
        padding[tail + i] = (low >>> (8 * i)) & 0xff;
        padding[tail + 4 + i] = (high >>> (8 * i)) & 0xff;
      }
      const saved = length;
      update(padding);
      length = saved;
      let binary = '';
      for (let i = 0; i < 16; i++) binary += String.fromCharCode(((state[i >> 2] as number) >>> ((i & 3) * 8)) & 0xff);
      return btoa(binary);
    },
  };
}
