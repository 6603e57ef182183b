import { OssPresignError } from '../errors/oss-presign-error.js';

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Checks the metadata names a server allows (lower-case header-safe tokens) and returns them as a set.
 *
 * @example
 * ```ts
 * const allowed = createMetadataAllowlist(['alt', 'owner']);
 * ```
 */
export function createMetadataAllowlist(names: readonly string[]): ReadonlySet<string> {
  if (!Array.isArray(names)) throw new OssPresignError('INVALID_CONFIG', 'allowedMetadata must be an array of names');
  for (const name of names) {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new OssPresignError('INVALID_CONFIG', `Invalid metadata name ${JSON.stringify(name)}: use lower-case letters, digits, "_" and "-"`);
    }
  }
  return new Set(names);
}

/**
 * Validates client metadata against the server's allowlist: an object of strings, every name
 * allowed (METADATA_NOT_ALLOWED). Returns a clean copy. What OSS and HTTP clients accept as a value
 * (printable ASCII, 8 KB in all) is the presigner's rule, checked when the request is presigned
 * (INVALID_HEADER), so it lives in one place.
 *
 * @example
 * ```ts
 * checkMetadata({ alt: 'A cat' }, new Set(['alt'])); // { alt: 'A cat' }
 * ```
 */
export function checkMetadata(metadata: unknown, allowed: ReadonlySet<string>): Record<string, string> | undefined {
  if (metadata === undefined) return undefined;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new OssPresignError('INVALID_ARGUMENT', 'metadata must be an object of strings', { details: { field: 'metadata' } });
  }
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata)) {
    if (!allowed.has(name)) {
      throw new OssPresignError('METADATA_NOT_ALLOWED', `Metadata ${JSON.stringify(name.slice(0, 64))} is not allowed`, { details: { name } });
    }
    if (typeof value !== 'string') {
      throw new OssPresignError('INVALID_ARGUMENT', `Metadata "${name}" must be a string`, { details: { field: 'metadata' } });
    }
    clean[name] = value;
  }
  return clean;
}
