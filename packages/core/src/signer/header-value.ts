import { OssPresignError } from '../errors/oss-presign-error.js';

/**
 * Where a header value stops being sendable as signed: the index of the first character outside
 * horizontal tab and printable ASCII (0x20-0x7E), or -1 when there is none.
 *
 * Why so narrow: the signature covers the value's UTF-8 bytes, but HTTP clients send a header value
 * as one byte per character. A browser's fetch refuses characters above 0xFF ("Cannot convert
 * argument to a ByteString"), Node refuses control characters and anything above 0xFF
 * (`ERR_INVALID_CHAR`), and a character from 0x80 to 0xFF is sent as one Latin-1 byte where two
 * UTF-8 bytes were signed, so OSS answers SignatureDoesNotMatch. CR, LF and NUL would also let a
 * value smuggle another header line in. What remains is what every client sends as signed.
 *
 * @example
 * ```ts
 * firstUnsendableHeaderChar('text/plain'); // -1
 * firstUnsendableHeaderChar('报告.csv'); // 0
 * ```
 */
export function firstUnsendableHeaderChar(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code > 0x7e) return i;
  }
  return -1;
}

/**
 * Names the character at `index` for an error message: its code point and position, never the
 * value itself (a header may carry a token or a signature).
 *
 * @example
 * ```ts
 * describeHeaderChar('a\nb', 1); // 'U+000A (line feed) at position 1'
 * ```
 */
export function describeHeaderChar(value: string, index: number): string {
  const codePoint = value.codePointAt(index) ?? 0;
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  const name = CONTROL_NAMES[codePoint];
  return `U+${hex}${name ? ` (${name})` : ''} at position ${index}`;
}

const CONTROL_NAMES: Readonly<Record<number, string>> = { 0: 'NUL', 10: 'line feed', 13: 'carriage return', 127: 'DEL' };

// tchar of RFC 9110 5.6.2, as a table: a header name is checked on every presign.
const TOKEN_CHARS = new Uint8Array(128);
for (const char of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TOKEN_CHARS[char.charCodeAt(0)] = 1;

/**
 * Whether `name` is an HTTP token (RFC 9110 5.6.2), the only valid header name.
 *
 * @example
 * ```ts
 * isHeaderName('x-oss-meta-owner'); // true
 * isHeaderName('my meta'); // false
 * ```
 */
export function isHeaderName(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 128 || TOKEN_CHARS[code] === 0) return false;
  }
  return true;
}

/**
 * Throws INVALID_HEADER unless every name is an HTTP token (RFC 9110 5.1) and every value is
 * sendable as signed ({@link firstUnsendableHeaderChar}). The message names the header and the
 * character, never the value.
 *
 * @example
 * ```ts
 * assertSendableHeaders({ 'content-type': 'text/plain' });
 * ```
 */
export function assertSendableHeaders(headers: Readonly<Record<string, string>>): void {
  for (const name in headers) {
    const value = headers[name];
    if (!isHeaderName(name)) {
      throw new OssPresignError('INVALID_HEADER', `Invalid header name ${shownName(name)}: use letters, digits and !#$%&'*+-.^_\`|~ only`, {
        details: { header: name.slice(0, 64) },
      });
    }
    if (typeof value !== 'string') {
      throw new OssPresignError('INVALID_HEADER', `Header ${shownName(name)} must be a string; got ${typeof value}`, { details: { header: name } });
    }
    const bad = firstUnsendableHeaderChar(value);
    if (bad !== -1) {
      throw new OssPresignError(
        'INVALID_HEADER',
        `Header ${shownName(name)} contains ${describeHeaderChar(value, bad)}, which HTTP clients cannot send as signed: a header value must be printable ASCII; percent-encode other text (for example with encodeURIComponent)`,
        { details: { header: name } },
      );
    }
  }
}

function shownName(name: string): string {
  return JSON.stringify(name.slice(0, 64));
}
