import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodePath, percentEncode } from '../src/signer/encode.js';

// The RFC 3986 rule written the slow, obvious way: escape every UTF-8 byte outside the unreserved set.
function referenceEncode(value: string, keepSlash: boolean): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(char) || (keepSlash && char === '/')) out += char;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

describe('percent-encoding', () => {
  it.each([
    ['a b', 'a%20b'],
    ["+!*'()?#%&=;@$^:,[]", '%2B%21%2A%27%28%29%3F%23%25%26%3D%3B%40%24%5E%3A%2C%5B%5D'],
    ['中', '%E4%B8%AD'],
    ['-_.~', '-_.~'],
    ['a/b', 'a%2Fb'],
  ])('percentEncode(%j) = %j', (input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });

  it('keeps "/" in paths, verbatim and repeated', () => {
    expect(encodePath('/examplebucket//leading//double//slash.txt')).toBe('/examplebucket//leading//double//slash.txt');
    expect(encodePath('/b/1234+-/123/1.txt')).toBe('/b/1234%2B-/123/1.txt');
  });

  it('matches the byte-wise reference on random unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (value) => {
        expect(percentEncode(value)).toBe(referenceEncode(value, false));
        expect(encodePath(value)).toBe(referenceEncode(value, true));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches the byte-wise reference on random ASCII, where the escape table does the work', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 60 }), (value) => {
        expect(encodePath(value)).toBe(referenceEncode(value, true));
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects lone surrogates with a typed error', () => {
    expect(() => percentEncode('a\uD800')).toThrow(/lone UTF-16 surrogate/);
    expect(() => encodePath('a\uDC00/b')).toThrow(/lone UTF-16 surrogate/);
  });
});
