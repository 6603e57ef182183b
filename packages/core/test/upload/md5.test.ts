import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMd5 } from '../../src/upload/md5.js';
import { createNodeMd5 } from '../../src/upload/node/node-md5.js';
import { patternBytes } from './fake-transport.js';

const nodeMd5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('base64');

describe('createMd5', () => {
  it('matches RFC 1321 test vectors', () => {
    const of = (text: string) => {
      const md5 = createMd5();
      md5.update(new TextEncoder().encode(text));
      return Buffer.from(md5.digestBase64(), 'base64').toString('hex');
    };
    expect(of('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(of('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(of('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('matches node:crypto for any length fed in any chunking', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 40 }), (length, cuts) => {
        const bytes = patternBytes(length, length + 7);
        const md5 = createMd5();
        let offset = 0;
        for (const cut of cuts) {
          md5.update(bytes.subarray(offset, Math.min(length, offset + cut)));
          offset = Math.min(length, offset + cut);
        }
        md5.update(bytes.subarray(offset));
        expect(md5.digestBase64()).toBe(nodeMd5(bytes));
      }),
    );
  });

  it('agrees with the node:crypto factory on a 3 MiB body', () => {
    const bytes = patternBytes(3 * 1024 * 1024 + 5, 3);
    const portable = createMd5();
    const native = createNodeMd5();
    portable.update(bytes);
    native.update(bytes);
    expect(portable.digestBase64()).toBe(native.digestBase64());
  });
});
