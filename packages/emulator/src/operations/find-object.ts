import { OssServiceError } from '../http/errors.js';
import type { StoredObject } from '../store/types.js';
import { type OperationContext, requireKey } from './context.js';

/**
 * The addressed object itself, a symlink included, or NoSuchKey (with `<Key>`, as OSS answers).
 *
 * @example
 * ```ts
 * const link = requireStoredObject(context); // GetSymlink, tagging, ACL
 * ```
 */
export function requireStoredObject(context: OperationContext): StoredObject {
  const key = requireKey(context);
  const object = context.store.get(context.bucket, key);
  if (!object) throw new OssServiceError('NoSuchKey', { details: { Key: key } });
  return object;
}

/**
 * What a read of the addressed object serves: the object, or for a symlink its target in the same
 * bucket, reported with `x-oss-object-type: Symlink` and the link's own `x-oss-meta-*` (PutSymlink.md:
 * reading a symlink reads its target). A missing target is 404 SymlinkTargetNotExist, a target that is itself a symlink 400
 * InvalidTargetType.
 *
 * @example
 * ```ts
 * const object = requireObject(context); // GetObject, HeadObject
 * ```
 */
export function requireObject(context: OperationContext): StoredObject {
  const object = requireStoredObject(context);
  if (object.objectType !== 'Symlink' || object.symlinkTarget === undefined) return object;
  const target = context.store.get(context.bucket, object.symlinkTarget);
  if (!target) throw new OssServiceError('SymlinkTargetNotExist', { details: { Key: object.key, SymlinkTarget: object.symlinkTarget } });
  if (target.objectType === 'Symlink') throw new OssServiceError('InvalidTargetType', { details: { SymlinkTarget: object.symlinkTarget } });
  // The bytes and content headers are the target's; the user metadata is the link's own, set by
  // PutSymlink (HeadObject on a link answers the x-oss-meta-* given to PutSymlink).
  return { ...target, objectType: 'Symlink', meta: { ...target.meta, userMeta: object.meta.userMeta } };
}
