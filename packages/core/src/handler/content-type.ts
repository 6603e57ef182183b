import { OssPresignError } from '../errors/oss-presign-error.js';

// RFC 9110 8.3.1: type "/" subtype, both tokens, then optional ";" parameters.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^(${TOKEN})/(${TOKEN})((?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|"[^"\\\\\\u0000-\\u001f\\u007f]*"))*)$`);
const MAX_CONTENT_TYPE_LENGTH = 255;

/** Tests a content type against the configured allowlist. */
export type ContentTypeMatcher = (contentType: string) => boolean;

/**
 * Builds a matcher from patterns: exact types (`application/pdf`), a whole top-level type
 * (`image/*`) or anything (`*\/*`). Parameters such as `; charset=utf-8` are ignored when matching.
 *
 * @example
 * ```ts
 * const allowed = createContentTypeMatcher(['image/*', 'application/pdf']);
 * allowed('image/png'); // true
 * allowed('text/html'); // false
 * ```
 */
export function createContentTypeMatcher(patterns: readonly string[]): ContentTypeMatcher {
  if (!Array.isArray(patterns) || patterns.length === 0) {
    throw new OssPresignError('INVALID_CONFIG', 'allowedContentTypes must be a non-empty array such as ["image/*"]');
  }
  const exact = new Set<string>();
  const wholeTypes = new Set<string>();
  let any = false;
  for (const pattern of patterns) {
    const match = typeof pattern === 'string' ? /^([^/\s]+)\/([^/\s;]+)$/.exec(pattern.trim().toLowerCase()) : null;
    if (!match) throw new OssPresignError('INVALID_CONFIG', `Invalid content-type pattern ${JSON.stringify(pattern)}`);
    const [, type, subtype] = match as unknown as [string, string, string];
    if (type === '*' && subtype === '*') any = true;
    else if (subtype === '*') wholeTypes.add(type);
    else if (type === '*') throw new OssPresignError('INVALID_CONFIG', `Invalid content-type pattern ${JSON.stringify(pattern)}`);
    else exact.add(`${type}/${subtype}`);
  }
  return (contentType) => {
    const essence = essenceOf(contentType);
    if (essence === undefined) return false;
    return any || exact.has(essence) || wholeTypes.has(essence.slice(0, essence.indexOf('/')));
  };
}

function essenceOf(contentType: string): string | undefined {
  const match = MEDIA_TYPE.exec(contentType);
  return match ? `${match[1]}/${match[2]}`.toLowerCase() : undefined;
}

/**
 * Throws unless `contentType` is a well-formed media type (INVALID_ARGUMENT) on the allowlist
 * (CONTENT_TYPE_NOT_ALLOWED). The value is signed as is, so the upload must send the same bytes.
 *
 * @example
 * ```ts
 * assertContentType('image/png', createContentTypeMatcher(['image/*']));
 * ```
 */
export function assertContentType(contentType: string, allowed: ContentTypeMatcher): void {
  if (contentType.length > MAX_CONTENT_TYPE_LENGTH || !MEDIA_TYPE.test(contentType)) {
    throw new OssPresignError('INVALID_ARGUMENT', `contentType ${JSON.stringify(contentType.slice(0, 80))} is not a valid media type`, {
      details: { field: 'contentType' },
    });
  }
  if (!allowed(contentType)) {
    throw new OssPresignError('CONTENT_TYPE_NOT_ALLOWED', `Content type ${JSON.stringify(contentType)} is not allowed`, {
      details: { contentType },
    });
  }
}
