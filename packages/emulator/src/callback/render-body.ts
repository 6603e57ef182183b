import type { CallbackBodyType } from './parse-callback.js';

/** Values of the system variables for one upload (Callback.md). */
export interface CallbackValues {
  readonly bucket: string;
  readonly object: string;
  /** Without quotes, as OSS substitutes it. */
  readonly etag: string;
  readonly size: number;
  readonly mimeType: string;
  readonly crc64: string;
  readonly contentMd5: string;
  readonly reqId: string;
  readonly operation: string;
  readonly clientIp: string;
}

const VARIABLE = /\$\{([^}]*)\}/g;

function systemValue(name: string, values: CallbackValues): string | number | undefined {
  switch (name) {
    case 'bucket':
      return values.bucket;
    case 'object':
      return values.object;
    case 'etag':
      return values.etag;
    case 'size':
      return values.size;
    case 'mimeType':
      return values.mimeType;
    case 'crc64':
      return values.crc64;
    case 'contentMd5':
      return values.contentMd5;
    case 'reqId':
      return values.reqId;
    case 'operation':
      return values.operation;
    case 'clientIp':
      return values.clientIp;
    default:
      return undefined; // imageInfo.*, vpcId: empty for what the emulator stores
  }
}

function encode(value: string | number | undefined, bodyType: CallbackBodyType): string {
  if (bodyType === 'application/json') {
    // JSON templates leave variables unquoted: strings are JSON-encoded, sizes stay numbers.
    if (value === undefined) return '""';
    return typeof value === 'number' ? String(value) : JSON.stringify(value);
  }
  return value === undefined ? '' : encodeURIComponent(String(value));
}

/**
 * Substitutes `${bucket}`, `${object}`, `${etag}`, `${size}`, `${mimeType}`, `${crc64}`,
 * `${contentMd5}`, `${x:…}` and the rest into the callbackBody template: URL-encoded for a form
 * body, JSON-encoded for a JSON one (OSS doc "Callback"). Unknown variables become empty.
 *
 * @example
 * ```ts
 * renderCallbackBody('bucket=${bucket}&size=${size}', 'application/x-www-form-urlencoded', values, {});
 * ```
 */
export function renderCallbackBody(
  template: string,
  bodyType: CallbackBodyType,
  values: CallbackValues,
  variables: Readonly<Record<string, string>>,
): string {
  return template.replace(VARIABLE, (_match, name: string) => {
    const value = name.startsWith('x:') ? variables[name] : systemValue(name, values);
    return encode(value, bodyType);
  });
}
