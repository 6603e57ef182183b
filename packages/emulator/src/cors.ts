/**
 * One CORS rule of a bucket (OSS doc "PutBucketCors"). Origins and headers may hold one
 * `*` wildcard each; methods are GET, PUT, DELETE, POST, HEAD.
 */
export interface CorsRule {
  readonly allowedOrigins: readonly string[];
  readonly allowedMethods: readonly string[];
  readonly allowedHeaders?: readonly string[] | undefined;
  readonly exposeHeaders?: readonly string[] | undefined;
  readonly maxAgeSeconds?: number | undefined;
  /** Emit `Vary: Origin`. */
  readonly responseVary?: boolean | undefined;
}

/**
 * `'permissive'` (the default, for tests and local browser apps): every bucket answers any origin,
 * method and header, exposing ETag and x-oss-request-id. `'off'`: no bucket has CORS, as on a new
 * OSS bucket. A record: rules per bucket name; unlisted buckets have none.
 */
export type CorsConfig = 'permissive' | 'off' | Readonly<Record<string, readonly CorsRule[]>>;

/** The rule `'permissive'` gives every bucket: the ali-oss README browser setup plus diagnostics headers. */
export const PERMISSIVE_CORS_RULE: CorsRule = {
  allowedOrigins: ['*'],
  allowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
  allowedHeaders: ['*'],
  exposeHeaders: ['ETag', 'x-oss-request-id', 'x-oss-hash-crc64ecma', 'x-oss-ec'],
  maxAgeSeconds: 600,
};

/**
 * The rules that apply to a bucket.
 *
 * @example
 * ```ts
 * corsRulesFor('permissive', 'demo'); // [PERMISSIVE_CORS_RULE]
 * ```
 */
export function corsRulesFor(config: CorsConfig, bucket: string | undefined): readonly CorsRule[] {
  if (config === 'off' || !bucket) return [];
  if (config === 'permissive') return [PERMISSIVE_CORS_RULE];
  return config[bucket] ?? [];
}

function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === value;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

function headerAllowed(rule: CorsRule, header: string): boolean {
  return (rule.allowedHeaders ?? []).some((pattern) => wildcardMatch(pattern.toLowerCase(), header));
}

/**
 * Splits Access-Control-Request-Headers into lower-case names.
 *
 * @example
 * ```ts
 * requestedHeaders('Content-Type, x-oss-date'); // ['content-type', 'x-oss-date']
 * ```
 */
export function requestedHeaders(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
}

/**
 * The first rule that allows the origin, the method and every requested header (first match wins,
 * OSS doc "PutBucketCors").
 *
 * @example
 * ```ts
 * matchCorsRule([PERMISSIVE_CORS_RULE], 'http://localhost:5173', 'PUT', ['content-type']);
 * ```
 */
export function matchCorsRule(
  rules: readonly CorsRule[],
  origin: string,
  method: string,
  headers: readonly string[],
): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.allowedOrigins.some((pattern) => wildcardMatch(pattern, origin)) &&
      rule.allowedMethods.includes(method) &&
      headers.every((header) => headerAllowed(rule, header)),
  );
}

function sharedHeaders(rule: CorsRule, origin: string): Record<string, string> {
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': origin };
  if (rule.exposeHeaders && rule.exposeHeaders.length > 0) headers['Access-Control-Expose-Headers'] = rule.exposeHeaders.join(', ');
  if (rule.responseVary) headers.Vary = 'Origin';
  return headers;
}

/**
 * Headers of a matched preflight: the request's origin, method and headers echoed back, the
 * exposed headers and the max age (OptionObject.md).
 *
 * @example
 * ```ts
 * preflightHeaders(rule, 'http://localhost:5173', 'PUT', 'content-type');
 * ```
 */
export function preflightHeaders(
  rule: CorsRule,
  origin: string,
  method: string,
  requestHeaders: string | undefined,
): Record<string, string> {
  const headers = sharedHeaders(rule, origin);
  headers['Access-Control-Allow-Methods'] = method;
  if (requestHeaders) headers['Access-Control-Allow-Headers'] = requestHeaders;
  if (rule.maxAgeSeconds !== undefined) headers['Access-Control-Max-Age'] = String(rule.maxAgeSeconds);
  return headers;
}

/**
 * Headers added to an actual (non-preflight) request from an allowed origin, errors included so a
 * browser can read the error XML.
 *
 * @example
 * ```ts
 * actualCorsHeaders(rule, 'http://localhost:5173');
 * ```
 */
export function actualCorsHeaders(rule: CorsRule, origin: string): Record<string, string> {
  const headers = sharedHeaders(rule, origin);
  headers['Access-Control-Allow-Methods'] = rule.allowedMethods.join(', ');
  return headers;
}
