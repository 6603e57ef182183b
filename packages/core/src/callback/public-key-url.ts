/**
 * Which callback public-key URLs to trust (doc "Callback", step 4: the key must come from
 * gosspublic.alicdn.com). The comparison is made on the URL fetch will request, parsed by the
 * WHATWG URL parser that fetch itself uses: `%2e%2e` and `.%2E` are dot segments there, `\` is a
 * slash in http(s) URLs, host case and IDNA are normalised and default ports dropped. Comparing
 * the text as sent would let `/keys/%2e%2e/evil/key.pem` pass a `/keys/` prefix and fetch
 * `/evil/key.pem`.
 */

/** Official key locations: any path on this host, over http or https, on the default port. */
const OFFICIAL_KEY_HOST = 'gosspublic.alicdn.com';

// An encoded slash or backslash inside a segment: fetch sends it as is, and a server that decodes
// it would see another path than the one compared. No key URL needs one.
const ENCODED_SEPARATOR = /%(?:2f|5c)/i;

interface KeyLocation {
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
}

/** A URL in the only shape a key URL may have: http(s), a host, a path, nothing else. */
function parseKeyUrl(text: string): URL | undefined {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // Credentials, a query or a fragment: no key URL carries them, so refuse rather than reason about them.
  if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '' || /[?#]/.test(text)) return undefined;
  if (ENCODED_SEPARATOR.test(parsed.pathname)) return undefined;
  return parsed;
}

function sameOrigin(url: URL, location: KeyLocation): boolean {
  return url.protocol === location.protocol && url.hostname === location.hostname && url.port === location.port;
}

/**
 * Under `location`: the same path, or, when the location's path ends with `/` (a folder), a path
 * inside that folder. The location's trailing slash makes every match end on a segment boundary:
 * `/keys/` never matches `/keys-evil/k.pem`.
 */
function underPath(url: URL, location: KeyLocation): boolean {
  if (!location.pathname.endsWith('/')) return url.pathname === location.pathname;
  return url.pathname.length > location.pathname.length && url.pathname.startsWith(location.pathname);
}

/**
 * The URL to fetch a callback public key from, normalised as fetch will request it (`href`), when
 * `url` is on `http(s)://gosspublic.alicdn.com/` or under the configured `extra` location (an exact
 * URL, or a folder when it ends with `/`); `undefined` for any other URL or shape (credentials,
 * query, fragment, another port or scheme, `..` in any spelling that leaves the folder, encoded
 * `/` or `\`). Nothing is fetched here.
 *
 * @example
 * ```ts
 * resolvePublicKeyUrl('https://GOSSPUBLIC.alicdn.com/callback_pub_key_v1.pem'); // 'https://gosspublic.alicdn.com/callback_pub_key_v1.pem'
 * resolvePublicKeyUrl('http://127.0.0.1:9000/keys/%2e%2e/evil/key.pem', 'http://127.0.0.1:9000/keys/'); // undefined
 * ```
 */
export function resolvePublicKeyUrl(url: string, extra?: string): string | undefined {
  const parsed = parseKeyUrl(url);
  if (!parsed) return undefined;
  if (parsed.hostname === OFFICIAL_KEY_HOST && parsed.port === '') return parsed.href;
  if (!extra) return undefined;
  const location = parseKeyUrl(extra);
  if (!location) return undefined;
  return sameOrigin(parsed, location) && underPath(parsed, location) ? parsed.href : undefined;
}

/**
 * A key URL as errors and logs may show it: without user-info, query or fragment (where a
 * credential could travel), at most 256 characters; `(not a URL)` when it does not parse.
 *
 * @example
 * ```ts
 * describeKeyUrl('http://user:pass@evil.example/k.pem?token=t'); // 'http://evil.example/k.pem'
 * ```
 */
export function describeKeyUrl(text: string): string {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return '(not a URL)';
  }
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return parsed.href.slice(0, 256);
}
