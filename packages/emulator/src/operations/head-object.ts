import type { OperationContext } from './context.js';
import { checkReadConditions, sendNotModified } from './conditions.js';
import { requireObject } from './find-object.js';
import { objectHeaders } from './object-meta.js';

/**
 * HeadObject: the GET headers without a body, after the same If-* preconditions as GetObject
 * (errors are bodiless too, OSS doc "HeadObject").
 *
 * @example
 * ```ts
 * await headObject(context);
 * ```
 */
export async function headObject(context: OperationContext): Promise<void> {
  const object = requireObject(context);
  if (checkReadConditions(context.request.headers, object)) return sendNotModified(context.res, object);
  const headers = objectHeaders(object);
  const { res } = context;
  for (const name in headers) res.setHeader(name, headers[name] as string);
  res.setHeader('Content-Length', object.size);
  res.writeHead(200);
  res.end();
}
