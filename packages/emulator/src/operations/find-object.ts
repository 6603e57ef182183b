import { OssServiceError } from '../http/errors.js';
import type { StoredObject } from '../store/types.js';
import { type OperationContext, requireKey } from './context.js';

/**
 * The addressed object, or NoSuchKey (with `<Key>`, as OSS answers).
 *
 * @example
 * ```ts
 * const object = requireObject(context);
 * ```
 */
export function requireObject(context: OperationContext): StoredObject {
  const key = requireKey(context);
  const object = context.store.get(context.bucket, key);
  if (!object) throw new OssServiceError('NoSuchKey', { details: { Key: key } });
  return object;
}
