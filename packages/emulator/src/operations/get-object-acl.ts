import { sendXml } from '../http/respond.js';
import type { OperationContext } from './context.js';
import { requireStoredObject } from './find-object.js';

/** The owner every emulated object reports: buckets have no real account behind them. */
const OWNER = { ID: 'oss-emulator', DisplayName: 'oss-emulator' };

/**
 * GetObjectACL (`GET /key?acl`): `<AccessControlPolicy><Owner/><AccessControlList><Grant/>…`, the
 * grant being the stored ACL or `default` (GetObjectACL.md).
 *
 * @example
 * ```ts
 * await getObjectAcl(context);
 * ```
 */
export async function getObjectAcl(context: OperationContext): Promise<void> {
  const object = requireStoredObject(context);
  sendXml(context.res, 200, {
    AccessControlPolicy: { Owner: OWNER, AccessControlList: { Grant: object.meta.acl ?? 'default' } },
  });
}
