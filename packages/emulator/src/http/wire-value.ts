/**
 * Header values as OSS carries them: UTF-8 bytes. node:http writes a header string one byte per
 * character (latin1) and throws ERR_INVALID_CHAR on a character above U+00FF or a control
 * character, so the emulator keeps every header value it answers with in that byte form.
 */

// What node:http refuses in a field value (RFC 9110 5.5): controls other than tab, and DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const UNSENDABLE = /[\u0000-\u0008\u000a-\u001f\u007f]/;
// The same set, global, for replacing: compiled once, not on every header value.
const UNSENDABLE_ALL = new RegExp(UNSENDABLE.source, 'g');
const ABOVE_LATIN1 = /[\u0100-\uffff]/;

/**
 * The wire form of a header value that is text (from a query parameter, a form field, an XML
 * body): its UTF-8 bytes, one latin1 character per byte, as node:http writes them.
 *
 * @example
 * ```ts
 * utf8WireValue('报告.pdf'); // 'æ\x8A¥å\x91\x8A.pdf' (the 10 bytes E6 8A A5 E5 91 8A 2E 70 64 66)
 * ```
 */
export function utf8WireValue(text: string): string {
  return /[\u0080-\uffff]/.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

/**
 * True when a text value holds a character no HTTP/1.1 field value can carry (CR, LF, NUL, …).
 *
 * @example
 * ```ts
 * hasUnsendableCharacter('a\r\nb'); // true
 * ```
 */
export function hasUnsendableCharacter(text: string): boolean {
  return UNSENDABLE.test(text);
}

/**
 * The last guard before node:http: a value that still holds characters above U+00FF is text and is
 * sent as its UTF-8 bytes; control characters are percent-encoded. Either way the answer goes out
 * instead of a 500. Values already in wire form pass untouched.
 *
 * @example
 * ```ts
 * sendableHeaderValue('attachment; filename="报告.pdf"'); // the UTF-8 bytes as latin1 text
 * ```
 */
export function sendableHeaderValue(value: string): string {
  const bytes = ABOVE_LATIN1.test(value) ? utf8WireValue(value) : value;
  return UNSENDABLE.test(bytes) ? bytes.replace(UNSENDABLE_ALL, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`) : bytes;
}
