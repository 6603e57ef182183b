/**
 * A presigned URL is a bearer token: whoever holds its signature (and, for STS credentials, its
 * security token) can make the request. So no message, hint, log line or error detail may carry
 * those values. This module is the one place that says which values are secret and how they are
 * masked; every piece of text built from a URL, a header set or a foreign error passes through it.
 * Browser-safe, no imports.
 *
 * What stays readable: the origin, the path, and every other query parameter (x-oss-date,
 * x-oss-expires, x-oss-credential with its AccessKeyId, which OSS itself echoes in its answers,
 * uploadId, partNumber, Expires, OSSAccessKeyId), because they are what one needs to debug.
 */

/** The mask that replaces a secret value. */
export const REDACTED = '[redacted]';

// Query parameters whose values are bearer secrets: V4's signature and STS token (doc "Add
// signatures to URLs"), V1's Signature and security-token (doc "Include a V1 signature in a URL").
// A value ends where a URL or a sentence would end it (a colon only when a space follows).
const SECRET_QUERY = /([?&;\s"'(]|%26|%3F|^)(x-oss-signature|x-oss-security-token|signature|security-token)(=|%3D)(?:[^&#\s"'<>):]|:(?!\s|$))*/gi;
// Header lines: `Authorization: OSS4-HMAC-SHA256 Credential=...,Signature=...` or `OSS ak:sig`, and
// the STS token header, as an HTTP client or a canonical request prints them.
const SECRET_HEADER_LINE = /\b(authorization|x-oss-security-token|security-token)("?\s*:\s*"?)[^\n"]*/gi;
// A V4 Authorization value's Signature field, wherever it appears on its own.
const V4_SIGNATURE_FIELD = /(\bSignature=)[0-9a-f]{16,}/gi;
// The same values inside the XML OSS answers with (a SignatureDoesNotMatch error echoes the
// signature it was given) and inside XML a tool prints.
const SECRET_ELEMENT = /(<(?:Signature(?:Provided)?|SecurityToken)>)[^<]*/g;
// Header names whose values are secrets, whatever their value looks like.
const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'x-oss-security-token', 'security-token', 'proxy-authorization', 'cookie']);

/**
 * Masks every secret in free text: signature and token query values (a URL anywhere in the text),
 * Authorization and security-token header lines, V4 `Signature=` fields, and the `Signature`,
 * `SignatureProvided` and `SecurityToken` elements of XML. Use it before logging a presigned URL,
 * a request or an error body.
 *
 * @param text Any text: an error message, a URL, a canonical request.
 * @returns The text with each secret value replaced by `[redacted]`.
 * @example
 * ```ts
 * redactText('Cannot send http://h/b/k?x-oss-date=20250101T000000Z&x-oss-signature=abc: bad header');
 * // 'Cannot send http://h/b/k?x-oss-date=20250101T000000Z&x-oss-signature=[redacted]: bad header'
 * ```
 */
export function redactText(text: string): string {
  return text
    .replace(SECRET_QUERY, (_match, lead: string, name: string, eq: string) => `${lead}${name}${eq}${REDACTED}`)
    .replace(SECRET_HEADER_LINE, (_match, name: string, sep: string) => `${name}${sep}${REDACTED}`)
    .replace(V4_SIGNATURE_FIELD, (_match, field: string) => `${field}${REDACTED}`)
    .replace(SECRET_ELEMENT, `$1${REDACTED}`);
}

/**
 * A record of details (an error's fields) fit for a message: every string value masked with
 * {@link redactText}, other values as they are.
 *
 * @example
 * ```ts
 * redactValues({ status: 403, canonicalRequest: 'PUT\n/b/k\nx-oss-signature=abc' });
 * // { status: 403, canonicalRequest: 'PUT\n/b/k\nx-oss-signature=[redacted]' }
 * ```
 */
export function redactValues<T extends object>(details: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(details)) out[name] = typeof value === 'string' ? redactText(value) : value;
  return out as T;
}

/**
 * A URL fit for a message: the same URL with the values of x-oss-signature, x-oss-security-token,
 * Signature and security-token masked (the text is not parsed, so an invalid URL is masked too).
 *
 * @example
 * ```ts
 * redactUrl('https://b.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=ak&Expires=1&Signature=c2ln%3D');
 * // 'https://b.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=ak&Expires=1&Signature=[redacted]'
 * ```
 */
export function redactUrl(url: string): string {
  return redactText(url);
}

/**
 * Whether a header's value is a secret (Authorization, the STS token, cookies).
 *
 * @param name A header name, any case.
 * @example
 * ```ts
 * isSecretHeader('X-OSS-Security-Token'); // true
 * ```
 */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/**
 * A header value fit for a message: masked when the header is a secret, else as it is.
 *
 * @example
 * ```ts
 * redactHeaderValue('authorization', 'OSS ak:sig'); // '[redacted]'
 * redactHeaderValue('content-type', 'image/png'); // 'image/png'
 * ```
 */
export function redactHeaderValue(name: string, value: string): string {
  return isSecretHeader(name) ? REDACTED : redactText(value);
}

/**
 * A foreign error (a runtime's network or URL error, a callback's failure) fit to be kept as a
 * `cause`: the same object when none of its text carries a secret; otherwise a plain Error with
 * the masked message, the same name and `code`, and a masked cause in turn. Runtimes put the URL
 * in such errors (undici's "Failed to parse URL from ...", Node's ERR_INVALID_URL `input`).
 *
 * @param error Anything thrown.
 * @returns Something with no secret in its message, stack, string properties or cause chain.
 * @example
 * ```ts
 * new OssUploadError('NETWORK_ERROR', redactText(error.message), { cause: redactError(error) });
 * ```
 */
export function redactError(error: unknown, depth = 0): unknown {
  if (typeof error === 'string') return redactText(error);
  if (!(error instanceof Error) || depth > 4) return error;
  const strings = [error.message, error.stack ?? ''];
  for (const value of Object.values(error)) if (typeof value === 'string') strings.push(value);
  const cause = (error as { cause?: unknown }).cause;
  const safeCause = cause === undefined ? undefined : redactError(cause, depth + 1);
  if (safeCause === cause && strings.every((text) => redactText(text) === text)) return error;
  const copy = new Error(redactText(error.message), safeCause === undefined ? undefined : { cause: safeCause });
  copy.name = error.name;
  copy.stack = redactText(error.stack ?? '');
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) (copy as { code?: unknown }).code = code;
  return copy;
}
