import { OssPresignError } from '../errors/oss-presign-error.js';

// One decoder for every request: decode() without { stream } keeps no state between calls.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A parsed JSON request body: always an object. */
export type JsonObject = Readonly<Record<string, unknown>>;

function invalid(field: string, message: string): OssPresignError {
  return new OssPresignError('INVALID_ARGUMENT', `${field} ${message}`, { details: { field } });
}

/**
 * Reads a required string field, at most `maxLength` characters.
 *
 * @example
 * ```ts
 * readString({ fileName: 'a.png' }, 'fileName', 1024); // 'a.png'
 * ```
 */
export function readString(body: JsonObject, field: string, maxLength: number): string {
  const value = body[field];
  if (value === undefined || value === null) throw invalid(field, 'is required');
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  if (value.length === 0) throw invalid(field, 'must not be empty');
  if (value.length > maxLength) throw invalid(field, `must be at most ${maxLength} characters`);
  return value;
}

/**
 * Reads a whole number field in `[min, max]`; `undefined` when optional and absent.
 *
 * @example
 * ```ts
 * readInteger({ size: 10 }, 'size', { min: 0 }); // 10
 * ```
 */
export function readInteger(body: JsonObject, field: string, range: { min: number; max?: number; optional: true }): number | undefined;
export function readInteger(body: JsonObject, field: string, range: { min: number; max?: number; optional?: false }): number;
export function readInteger(body: JsonObject, field: string, range: { min: number; max?: number; optional?: boolean }): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (range.optional) return undefined;
    throw invalid(field, 'is required');
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(field, 'must be a whole number');
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (value < range.min || value > max) throw invalid(field, `must be from ${range.min} to ${max}`);
  return value;
}

/**
 * Reads a required, non-empty array field of at most `maxItems` entries.
 *
 * @example
 * ```ts
 * readArray({ partNumbers: [1, 2] }, 'partNumbers', 100); // [1, 2]
 * ```
 */
export function readArray(body: JsonObject, field: string, maxItems: number): readonly unknown[] {
  const value = body[field];
  if (value === undefined || value === null) throw invalid(field, 'is required');
  if (!Array.isArray(value)) throw invalid(field, 'must be an array');
  if (value.length === 0) throw invalid(field, 'must not be empty');
  if (value.length > maxItems) throw invalid(field, `must have at most ${maxItems} entries`);
  return value;
}

/**
 * Parses request bytes as a JSON object (BAD_REQUEST when they are not).
 *
 * @example
 * ```ts
 * parseJsonObject(new TextEncoder().encode('{"size":1}')); // { size: 1 }
 * ```
 */
export function parseJsonObject(bytes: Uint8Array): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    throw new OssPresignError('BAD_REQUEST', 'The request body is not valid JSON');
  }
  return asJsonObject(parsed);
}

/**
 * Checks that an already parsed body is a plain JSON object.
 *
 * @example
 * ```ts
 * asJsonObject({ size: 1 });
 * ```
 */
export function asJsonObject(value: unknown): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new OssPresignError('BAD_REQUEST', 'The request body must be a JSON object');
  }
  return value as JsonObject;
}
