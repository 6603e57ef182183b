import { assertContentType } from './content-type.js';
import { sanitizeFileName } from './file-name.js';
import { assertSize } from './limits.js';
import { checkMetadata } from './metadata.js';
import { assertKeyInPrefix, defaultObjectKey } from './object-key.js';
import type { HandlerRequest } from './options.js';
import { readInteger, readString, type JsonObject } from './read-fields.js';
import { randomHex } from './request-id.js';
import type { Policy } from './resolve-policy.js';

/** A file description that passed every rule. */
export interface CheckedFile {
  readonly fileName: string;
  readonly sanitizedFileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly metadata: Record<string, string> | undefined;
}

/**
 * Reads and checks fileName, contentType, size and metadata against the policy.
 *
 * @example
 * ```ts
 * const file = checkFile(body, policy, 'single');
 * ```
 */
export function checkFile(body: JsonObject, policy: Policy<unknown, unknown>, mode: 'single' | 'multipart'): CheckedFile {
  // 1024 characters: far above the 255-byte name limit, so the precise message comes from sanitizeFileName.
  const fileName = readString(body, 'fileName', 1024);
  const sanitizedFileName = sanitizeFileName(fileName);
  const contentType = readString(body, 'contentType', 255);
  assertContentType(contentType, policy.contentTypeAllowed);
  const size = readInteger(body, 'size', { min: 0 });
  assertSize(size, policy, mode);
  const metadata = checkMetadata(body.metadata, policy.metadataAllowed);
  return { fileName, sanitizedFileName, contentType, size, metadata };
}

/**
 * Picks the object key for a new upload (the `key` option or the default rule) and checks that it
 * lies inside the allowed prefix.
 *
 * @example
 * ```ts
 * const key = await chooseKey(file, policy, context, request);
 * ```
 */
export async function chooseKey<Context, Native>(
  file: CheckedFile,
  policy: Policy<Context, Native>,
  context: Context,
  request: HandlerRequest<Native>,
): Promise<string> {
  const prefix = await policy.prefixOf(context);
  const defaultKey = defaultObjectKey({ prefix, now: policy.now(), id: randomHex(8), fileName: file.sanitizedFileName });
  if (!policy.options.key) return defaultKey; // safe by construction: checked prefix + sanitised name
  const key = await policy.options.key({ ...file, prefix, defaultKey, context, request });
  assertKeyInPrefix(key, prefix);
  return key;
}
