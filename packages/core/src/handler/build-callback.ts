import type { OssCallback, OssCallbackVar } from '../callback/callback-param.js';
import { OssPresignError } from '../errors/oss-presign-error.js';
import type { CallbackOptions } from './options.js';

const VAR_NAME = /^[a-z0-9_-]{1,64}$/;

/**
 * The default callback body: a JSON object of the system variables and every custom one. In a
 * JSON body OSS substitutes values already JSON-encoded, so the template leaves them unquoted
 * (doc "Callback", callbackBodyType).
 *
 * @example
 * ```ts
 * defaultCallbackBody(['uid']);
 * // '{"bucket":${bucket},"object":${object},"etag":${etag},"size":${size},"mimeType":${mimeType},"x:uid":${x:uid}}'
 * ```
 */
export function defaultCallbackBody(varNames: readonly string[]): string {
  const system = ['bucket', 'object', 'etag', 'size', 'mimeType'].map((name) => `"${name}":\${${name}}`);
  const custom = varNames.map((name) => `"x:${name}":\${x:${name}}`);
  return `{${[...system, ...custom].join(',')}}`;
}

/**
 * Turns the handler's callback options into the `callback` and `callbackVar` of a PutObject or
 * CompleteMultipartUpload request; `undefined` when callbacks are off.
 *
 * @example
 * ```ts
 * await buildCallback({ url: 'https://app.example.com/oss/callback', vars: ({ context }) => ({ uid: context.id }) }, key, context);
 * ```
 */
export async function buildCallback<Context>(
  options: CallbackOptions<Context> | undefined,
  key: string,
  context: Context,
): Promise<{ callback: OssCallback; callbackVar?: OssCallbackVar } | undefined> {
  if (!options) return undefined;
  const vars = (await options.vars?.({ key, context })) ?? {};
  const callbackVar: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (!VAR_NAME.test(name) || typeof value !== 'string') {
      throw new OssPresignError('INVALID_CONFIG', `Callback variable ${JSON.stringify(name)} needs a lower-case name and a string value`);
    }
    callbackVar[`x:${name}`] = value;
  }
  const bodyType = options.bodyType ?? (options.body ? undefined : 'application/json');
  const callback: OssCallback = {
    callbackUrl: options.url,
    ...(options.host ? { callbackHost: options.host } : {}),
    callbackBody: options.body ?? defaultCallbackBody(Object.keys(vars)),
    ...(bodyType ? { callbackBodyType: bodyType } : {}),
  };
  return Object.keys(callbackVar).length > 0 ? { callback, callbackVar } : { callback };
}
