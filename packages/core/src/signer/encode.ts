import { OssPresignError } from '../errors/oss-presign-error.js';

// Unreserved set of RFC 3986: the only bytes OSS leaves unescaped (doc "Include a V4 signature in the Authorization header").
const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const UNRESERVED_OR_SLASH = /^[A-Za-z0-9\-_.~/]*$/;
// encodeURIComponent leaves these five alone; OSS escapes them.
const LEFT_BY_ENCODE_URI_COMPONENT = /[!'()*]/g;
// encodeURI also leaves the reserved set; OSS escapes all of it but "/".
const LEFT_BY_ENCODE_URI = /[!'()*;,?:@&=+$#]/g;
const HAS_LEFT_BY_ENCODE_URI = /[!'()*;,?:@&=+$#]/;

function escapeAscii(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
}

function lonesurrogateError(cause: unknown): OssPresignError {
  // encodeURI(Component) throws URIError on lone surrogates: they have no UTF-8 form.
  return new OssPresignError('INVALID_ARGUMENT', 'The value contains a lone UTF-16 surrogate and cannot be encoded', {
    cause,
  });
}

/**
 * Percent-encodes every UTF-8 byte outside `A-Z a-z 0-9 - _ . ~` with upper-case hex.
 * A space becomes `%20`, never `+`.
 *
 * @example
 * ```ts
 * percentEncode('a b+c'); // 'a%20b%2Bc'
 * ```
 */
export function percentEncode(value: string): string {
  if (UNRESERVED.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch (cause) {
    throw lonesurrogateError(cause);
  }
  return encoded.replace(LEFT_BY_ENCODE_URI_COMPONENT, escapeAscii);
}

// The escape of every ASCII code unit a path must not carry raw; unreserved characters and "/" stay undefined.
const PATH_ASCII_ESCAPES: (string | undefined)[] = [];
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  PATH_ASCII_ESCAPES[code] = UNRESERVED_OR_SLASH.test(char) ? undefined : `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

function encodeNonAsciiPath(path: string): string {
  let encoded: string;
  try {
    // encodeURI keeps "/" (unlike encodeURIComponent), which saves a pass to restore slashes.
    encoded = encodeURI(path);
  } catch (cause) {
    throw lonesurrogateError(cause);
  }
  return HAS_LEFT_BY_ENCODE_URI.test(encoded) ? encoded.replace(LEFT_BY_ENCODE_URI, escapeAscii) : encoded;
}

/**
 * Percent-encodes a path the way OSS canonicalises it: like {@link percentEncode}, but `/` is kept.
 *
 * @example
 * ```ts
 * encodePath('/bucket/1234+-/123/1.txt'); // '/bucket/1234%2B-/123/1.txt'
 * ```
 */
export function encodePath(path: string): string {
  // ASCII paths (nearly all keys) are escaped from a table in one pass, copying the runs between
  // escapes; anything else goes through encodeURI for its UTF-8 bytes.
  let encoded = '';
  let runStart = 0;
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code >= 128) return encodeNonAsciiPath(path);
    const escaped = PATH_ASCII_ESCAPES[code];
    if (escaped === undefined) continue;
    encoded += path.slice(runStart, i) + escaped;
    runStart = i + 1;
  }
  return runStart === 0 ? path : encoded + path.slice(runStart);
}
