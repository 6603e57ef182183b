import { OssPresignError } from '../errors/oss-presign-error.js';

/** OSS limits all user metadata of an object to 8 KB (doc "PutObject", x-oss-meta-*). */
export const MAX_METADATA_BYTES = 8 * 1024;
const NAME = /^[a-z0-9][a-z0-9_-]*$/;
// Header values travel as bytes: keep to printable ASCII so no runtime rewrites or refuses them.
const VALUE = /^[\u0020-\u007e]*$/;

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
 * Validates client metadata against the allowlist: every name allowed (METADATA_NOT_ALLOWED),
 * every value printable ASCII, all of it within {@link MAX_METADATA_BYTES}. Returns a clean copy.
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
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata)) {
    if (!allowed.has(name)) {
      throw new OssPresignError('METADATA_NOT_ALLOWED', `Metadata ${JSON.stringify(name.slice(0, 64))} is not allowed`, { details: { name } });
    }
    if (typeof value !== 'string' || !VALUE.test(value)) {
      throw new OssPresignError('INVALID_ARGUMENT', `Metadata "${name}" must be a string of printable ASCII`, { details: { field: 'metadata' } });
    }
    bytes += name.length + value.length;
    clean[name] = value;
  }
  if (bytes > MAX_METADATA_BYTES) {
    throw new OssPresignError('INVALID_ARGUMENT', `Metadata is larger than ${MAX_METADATA_BYTES} bytes`, { details: { field: 'metadata' } });
  }
  return clean;
}
