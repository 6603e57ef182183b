import { sendXml } from '../http/respond.js';
import type { OperationContext } from './context.js';
import { requireStoredObject } from './find-object.js';

/**
 * GetObjectTagging (`GET /key?tagging`): `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`,
 * an empty TagSet for an untagged object (GetObjectTagging.md).
 *
 * @example
 * ```ts
 * await getObjectTagging(context);
 * ```
 */
export async function getObjectTagging(context: OperationContext): Promise<void> {
  const tags = requireStoredObject(context).meta.tags ?? {};
  const tagList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  sendXml(context.res, 200, { Tagging: { TagSet: tagList.length > 0 ? { Tag: tagList } : '' } });
}
