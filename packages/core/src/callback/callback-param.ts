import { OssPresignError } from '../errors/oss-presign-error.js';

/** The upload-callback request, in OSS's own field names (doc "Callback"). */
export interface OssCallback {
  /** Where OSS POSTs after the upload; up to 5 URLs separated by `;`, tried in order. */
  readonly callbackUrl: string;
  /** Host header of the callback request; defaults to the host of callbackUrl. */
  readonly callbackHost?: string | undefined;
  /** Body template with ${bucket}, ${object}, ${size}, ${mimeType}, ${etag}, ${x:…} variables. */
  readonly callbackBody: string;
  /** `application/x-www-form-urlencoded` (default) or `application/json`. */
  readonly callbackBodyType?: 'application/x-www-form-urlencoded' | 'application/json' | undefined;
  /** Send SNI to an HTTPS callback URL. */
  readonly callbackSNI?: boolean | undefined;
}

/** Custom callback variables: keys `x:name` in lower case, string values. */
export type OssCallbackVar = Readonly<Record<string, string>>;

function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Encodes a callback or callback-var object as OSS expects: standard, padded Base64 of compact JSON
 * with the keys in the order given.
 *
 * @example
 * ```ts
 * encodeCallbackParam({ callbackUrl: 'http://oss-demo.aliyuncs.com:23450' });
 * // 'eyJjYWxsYmFja1VybCI6Imh0dHA6Ly9vc3MtZGVtby5hbGl5dW5jcy5jb206MjM0NTAifQ=='
 * ```
 */
export function encodeCallbackParam(value: object): string {
  return base64Utf8(JSON.stringify(value));
}

const CALLBACK_VAR_KEY = /^x:[a-z0-9_\-.]+$/;

/**
 * Validates a callback request and returns the Base64 value for x-oss-callback / `callback`.
 *
 * @example
 * ```ts
 * const callback = encodeCallback({ callbackUrl: 'https://app.example.com/oss/callback', callbackBody: 'object=${object}' });
 * ```
 */
export function encodeCallback(callback: OssCallback): string {
  if (!callback || typeof callback.callbackUrl !== 'string' || callback.callbackUrl === '') {
    throw new OssPresignError('INVALID_ARGUMENT', 'callback.callbackUrl is required');
  }
  if (typeof callback.callbackBody !== 'string' || callback.callbackBody === '') {
    throw new OssPresignError('INVALID_ARGUMENT', 'callback.callbackBody is required');
  }
  const json: Record<string, unknown> = { callbackUrl: callback.callbackUrl };
  if (callback.callbackHost) json.callbackHost = callback.callbackHost;
  json.callbackBody = callback.callbackBody;
  if (callback.callbackBodyType) json.callbackBodyType = callback.callbackBodyType;
  if (callback.callbackSNI !== undefined) json.callbackSNI = callback.callbackSNI;
  return encodeCallbackParam(json);
}

/**
 * Validates custom callback variables (keys `x:` + lower case, string values) and returns the
 * Base64 value for x-oss-callback-var / `callback-var`.
 *
 * @example
 * ```ts
 * encodeCallbackVar({ 'x:uid': '12345' }); // 'eyJ4OnVpZCI6IjEyMzQ1In0='
 * ```
 */
export function encodeCallbackVar(callbackVar: OssCallbackVar): string {
  for (const [key, value] of Object.entries(callbackVar)) {
    if (!CALLBACK_VAR_KEY.test(key)) {
      throw new OssPresignError('INVALID_ARGUMENT', `Callback variable ${JSON.stringify(key)} must start with "x:" and be lower case`);
    }
    if (typeof value !== 'string') {
      throw new OssPresignError('INVALID_ARGUMENT', `Callback variable ${JSON.stringify(key)} must be a string`);
    }
  }
  return encodeCallbackParam(callbackVar);
}
