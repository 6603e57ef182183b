import { OssPresignError } from '../errors/oss-presign-error.js';
import { describeKeyUrl, resolvePublicKeyUrl } from './public-key-url.js';
import { type RsaMd5, type RsaMd5PublicKey, defaultRsaMd5 } from './rsa-md5.js';

/** The upload-callback request OSS sent to the app (doc "Callback"), as the server received it. */
export interface OssCallbackRequest {
  /** The request target exactly as received: percent-encoded path plus `?query` when there is one. */
  readonly url: string;
  /** Request headers; names in any case. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body bytes: the signature covers them, so never a re-serialised object. */
  readonly body: Uint8Array | string;
}

/** Fetched public keys, by URL; the doc says a key URL's content never changes. */
export interface PublicKeyCache {
  get(url: string): Promise<RsaMd5PublicKey> | undefined;
  set(url: string, key: Promise<RsaMd5PublicKey>): void;
  delete(url: string): void;
}

export interface VerifyOssCallbackOptions {
  /**
   * One more trusted public-key location besides `http(s)://gosspublic.alicdn.com/`, such as the
   * local emulator's key: an exact URL, or a prefix when it ends with `/`.
   */
  readonly publicKeyUrl?: string | undefined;
  /** Fetch for the public key; the global fetch by default. */
  readonly fetch?: ((url: string, init: { signal: AbortSignal }) => Promise<Response>) | undefined;
  /** Where keys are kept between calls; a process-wide cache by default. */
  readonly cache?: PublicKeyCache | undefined;
  /** Give up fetching a key after this many ms (OSS waits 5 s for the whole callback). Default 3000. */
  readonly keyFetchTimeoutMs?: number | undefined;
  /**
   * The RSA-MD5 implementation: node:crypto where the runtime has it, else a BigInt one (WebCrypto
   * has no RSA with MD5). Pass `bigIntRsaMd5` or `nodeRsaMd5` to choose.
   */
  readonly rsa?: RsaMd5 | undefined;
}

/** A callback whose signature checked out. */
export interface VerifiedOssCallback {
  /** The bucket OSS named in x-oss-bucket. */
  readonly bucket: string | undefined;
  /** The public-key URL the signature was checked against. */
  readonly publicKeyUrl: string;
  readonly contentType: string;
  readonly rawBody: Uint8Array;
  /** The body parsed as JSON or as a form, by its Content-Type; `{}` for any other type. */
  readonly body: Record<string, unknown>;
}

/** Official key host (doc "Callback", step 4): every other host would let anyone sign callbacks. */
const MAX_PEM_BYTES = 16 * 1024;
const utf8 = new TextEncoder();

/**
 * A bounded in-memory key cache (oldest dropped first).
 *
 * @example
 * ```ts
 * const cache = createPublicKeyCache(8);
 * await verifyOssCallback(request, { cache });
 * ```
 */
export function createPublicKeyCache(maxEntries = 16): PublicKeyCache {
  const keys = new Map<string, Promise<RsaMd5PublicKey>>();
  return {
    get: (url) => keys.get(url),
    set(url, key) {
      keys.set(url, key);
      if (keys.size > maxEntries) keys.delete(keys.keys().next().value as string);
    },
    delete: (url) => void keys.delete(url),
  };
}

const sharedCache = createPublicKeyCache();

function reject(code: 'CALLBACK_SIGNATURE_INVALID' | 'CALLBACK_INVALID', message: string): never {
  throw new OssPresignError(code, message);
}

function header(headers: OssCallbackRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : value?.join(', ');
  }
  return undefined;
}

function decodeBase64Strict(value: string, what: string): Uint8Array {
  const trimmed = value.trim();
  if (trimmed === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || trimmed.length % 4 !== 0) {
    reject('CALLBACK_SIGNATURE_INVALID', `${what} is not Base64`);
  }
  const binary = atob(trimmed);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * True when `url` is a public-key URL to trust: on `http(s)://gosspublic.alicdn.com/`, or matching
 * the one configured extra location. See {@link resolvePublicKeyUrl}, which also says what to fetch.
 *
 * @example
 * ```ts
 * isAllowedPublicKeyUrl('https://gosspublic.alicdn.com/callback_pub_key_v1.pem'); // true
 * isAllowedPublicKeyUrl('https://evil.example/key.pem');                          // false
 * isAllowedPublicKeyUrl('http://127.0.0.1:9000/keys/%2e%2e/evil.pem', 'http://127.0.0.1:9000/keys/'); // false
 * ```
 */
export function isAllowedPublicKeyUrl(url: string, extra?: string): boolean {
  return resolvePublicKeyUrl(url, extra) !== undefined;
}

async function loadKey(url: string, options: VerifyOssCallbackOptions): Promise<RsaMd5PublicKey> {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const fail = (cause: unknown, message: string) =>
    new OssPresignError('CALLBACK_PUBLIC_KEY_FETCH_FAILED', message, { cause, details: { publicKeyUrl: url } });
  let pem: string;
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(options.keyFetchTimeoutMs ?? 3000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    pem = await response.text();
  } catch (cause) {
    throw fail(cause, `Could not fetch the callback public key from ${url}`);
  }
  if (pem.length > MAX_PEM_BYTES) throw fail(undefined, 'The callback public key is too large');
  try {
    return (options.rsa ?? defaultRsaMd5).importPublicKey(pem);
  } catch (cause) {
    throw fail(cause, `The callback public key at ${url} is not a PEM public key`);
  }
}

function publicKeyFor(url: string, options: VerifyOssCallbackOptions): Promise<RsaMd5PublicKey> {
  const cache = options.cache ?? sharedCache;
  const cached = cache.get(url);
  if (cached) return cached;
  const loading = loadKey(url, options);
  cache.set(url, loading);
  // A failed fetch is not remembered: the next callback tries again.
  loading.catch(() => cache.delete(url));
  return loading;
}

function decodedPaths(rawPath: string): string[] {
  // The doc says only "url_decode"; Python's sample percent-decodes, Java's and PHP's also turn "+"
  // into a space, so a path with "+" is tried both ways.
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    reject('CALLBACK_SIGNATURE_INVALID', 'The callback path is not valid percent-encoding');
  }
  return rawPath.includes('+') ? [decoded, decodeURIComponent(rawPath.replace(/\+/g, '%20'))] : [decoded];
}

function parseBody(contentType: string, rawBody: Uint8Array): Record<string, unknown> {
  const text = new TextDecoder().decode(rawBody);
  const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (essence === 'application/json') {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall through
    }
    reject('CALLBACK_INVALID', 'The callback body is not a JSON object');
  }
  if (essence === 'application/x-www-form-urlencoded' || essence === '') return Object.fromEntries(new URLSearchParams(text));
  return {};
}

/**
 * Verifies an OSS upload callback (doc "Callback", step 4): the public-key URL
 * must be on the allowlist, the key is fetched once and cached, and the RSA-MD5 signature in
 * `Authorization` must cover `url_decode(path) + query + "\n" + body`. Anything else throws
 * (CALLBACK_PUBLIC_KEY_URL_NOT_ALLOWED, CALLBACK_SIGNATURE_INVALID, CALLBACK_PUBLIC_KEY_FETCH_FAILED).
 * The `Date` header is not signed: for replay protection, de-duplicate on the object and ETag.
 *
 * @example
 * ```ts
 * const callback = await verifyOssCallback({ url: req.originalUrl, headers: req.headers, body: rawBody });
 * console.log(callback.body.object, callback.body.size);
 * ```
 */
export async function verifyOssCallback(request: OssCallbackRequest, options: VerifyOssCallbackOptions = {}): Promise<VerifiedOssCallback> {
  const encodedKeyUrl = header(request.headers, 'x-oss-pub-key-url');
  const authorization = header(request.headers, 'authorization');
  if (!encodedKeyUrl || !authorization) reject('CALLBACK_SIGNATURE_INVALID', 'The callback carries no signature (authorization, x-oss-pub-key-url)');
  const namedKeyUrl = new TextDecoder().decode(decodeBase64Strict(encodedKeyUrl, 'x-oss-pub-key-url'));
  // The URL fetch would request, compared and then fetched as such: never the text as sent.
  const publicKeyUrl = resolvePublicKeyUrl(namedKeyUrl, options.publicKeyUrl);
  if (publicKeyUrl === undefined) {
    throw new OssPresignError('CALLBACK_PUBLIC_KEY_URL_NOT_ALLOWED', 'The callback public key is not from an allowed location', {
      details: { publicKeyUrl: describeKeyUrl(namedKeyUrl) },
    });
  }
  const signature = decodeBase64Strict(authorization, 'authorization');
  const rawBody = typeof request.body === 'string' ? utf8.encode(request.body) : request.body;
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const query = queryAt === -1 || queryAt === request.url.length - 1 ? '' : request.url.slice(queryAt);
  const candidates = decodedPaths(rawPath);
  const key = await publicKeyFor(publicKeyUrl, options);
  const valid = candidates.some((path) => key.verify([utf8.encode(`${path}${query}\n`), rawBody], signature));
  if (!valid) reject('CALLBACK_SIGNATURE_INVALID', 'The callback signature does not match');
  const contentType = header(request.headers, 'content-type') ?? '';
  return { bucket: header(request.headers, 'x-oss-bucket'), publicKeyUrl, contentType, rawBody, body: parseBody(contentType, rawBody) };
}
