import { OssServiceError } from '../http/errors.js';
import type { QueryParams } from '../http/query.js';

export type CallbackBodyType = 'application/x-www-form-urlencoded' | 'application/json';

/** A validated callback request (OSS doc "Callback"). */
export interface CallbackRequest {
  readonly urls: readonly URL[];
  readonly host?: string | undefined;
  readonly bodyTemplate: string;
  readonly bodyType: CallbackBodyType;
  /** Custom `x:` variables from x-oss-callback-var. */
  readonly variables: Readonly<Record<string, string>>;
}

const MAX_CALLBACK_BYTES = 5 * 1024;
const MAX_URLS = 5;
const BODY_TYPES = new Set<string>(['application/x-www-form-urlencoded', 'application/json']);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const HAS_SCHEME = /^https?:\/\//i;

function invalid(message: string, argument: string, value: string): OssServiceError {
  return new OssServiceError('InvalidArgument', {
    message,
    details: { ArgumentName: argument, ArgumentValue: value },
  });
}

function decodeJsonObject(encoded: string, argument: string, notJson: string): Record<string, unknown> {
  if (!BASE64.test(encoded)) throw invalid(notJson, argument, encoded);
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  if (Buffer.byteLength(text) > MAX_CALLBACK_BYTES) throw invalid(`The ${argument} parameter is larger than 5 KB.`, argument, encoded);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(notJson, argument, encoded);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid(notJson, argument, encoded);
  return parsed as Record<string, unknown>;
}

function parseUrls(value: unknown, encoded: string): URL[] {
  if (typeof value !== 'string' || value.trim() === '') throw invalid('The callbackUrl is missing.', 'callback', encoded);
  const parts = value.split(';').filter((part) => part.trim() !== '');
  if (parts.length > MAX_URLS) throw invalid('The callbackUrl has more than 5 URLs.', 'callback', encoded);
  return parts.map((part) => {
    const text = part.trim();
    let url: URL;
    try {
      url = new URL(HAS_SCHEME.test(text) ? text : `http://${text}`);
    } catch {
      throw invalid(`The callbackUrl "${text}" is not a valid URL.`, 'callback', encoded);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(`The callbackUrl "${text}" is not http(s).`, 'callback', encoded);
    return url;
  });
}

function parseVariables(encoded: string | undefined): Record<string, string> {
  if (!encoded) return {};
  const object = decodeJsonObject(encoded, 'callback-var', 'The callback-var configuration is not json format.');
  const variables: Record<string, string> = {};
  for (const name in object) {
    const value = object[name];
    if (!name.startsWith('x:') || typeof value !== 'string') {
      throw invalid(`Custom callback variable "${name}" must start with "x:" and have a string value.`, 'callback-var', encoded);
    }
    variables[name] = value;
  }
  return variables;
}

/**
 * Reads and validates the callback of an upload, from the x-oss-callback header or, for presigned
 * URLs, the `callback` query parameter (and x-oss-callback-var / `callback-var`). Anything invalid
 * is 400 InvalidArgument before a byte is stored, as OSS answers (Upload callback.md).
 *
 * @example
 * ```ts
 * const callback = parseCallback(context.headers, context.query); // undefined when none was asked
 * ```
 */
export function parseCallback(headers: Readonly<Record<string, string>>, query: QueryParams): CallbackRequest | undefined {
  const encoded = headers['x-oss-callback'] ?? query.get('callback');
  if (!encoded) return undefined;
  const config = decodeJsonObject(encoded, 'callback', 'The callback configuration is not json format.');
  const urls = parseUrls(config.callbackUrl, encoded);
  const bodyTemplate = config.callbackBody;
  if (typeof bodyTemplate !== 'string' || bodyTemplate === '') throw invalid('The callbackBody is missing.', 'callback', encoded);
  const bodyType = config.callbackBodyType ?? 'application/x-www-form-urlencoded';
  if (typeof bodyType !== 'string' || !BODY_TYPES.has(bodyType)) {
    throw invalid(`The callbackBodyType "${String(bodyType)}" is not supported.`, 'callback', encoded);
  }
  const host = config.callbackHost;
  if (host !== undefined && typeof host !== 'string') throw invalid('The callbackHost must be a string.', 'callback', encoded);
  return {
    urls,
    host: host || undefined,
    bodyTemplate,
    bodyType: bodyType as CallbackBodyType,
    variables: parseVariables(headers['x-oss-callback-var'] ?? query.get('callback-var')),
  };
}
