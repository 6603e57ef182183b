import { type OperationContext, requireKey } from './context.js';

/**
 * DeleteObject: 204 whether or not the key existed, as OSS answers.
 *
 * @example
 * ```ts
 * await deleteObject(context);
 * ```
 */
export async function deleteObject(context: OperationContext): Promise<void> {
  await context.store.delete(context.bucket, requireKey(context));
  context.res.writeHead(204);
  context.res.end();
}
