import { pipeline } from 'node:stream/promises';
import type { OperationContext } from './context.js';
import { checkReadConditions, sendNotModified } from './conditions.js';
import { requireObject } from './find-object.js';
import { objectHeaders } from './object-meta.js';
import { parseRange } from './range.js';
import { OssServiceError } from '../http/errors.js';
import { hasUnsendableCharacter, utf8WireValue } from '../http/wire-value.js';

// Query parameters that override response headers of a signed GET (GetObject.md).
const RESPONSE_OVERRIDES: ReadonlyArray<readonly [string, string]> = [
  ['response-content-type', 'Content-Type'],
  ['response-content-language', 'Content-Language'],
  ['response-expires', 'Expires'],
  ['response-cache-control', 'Cache-Control'],
  ['response-content-disposition', 'Content-Disposition'],
  ['response-content-encoding', 'Content-Encoding'],
];

/**
 * GetObject, with the If-* preconditions (304 / 412), a single Range (206 + Content-Range) and the
 * response-* overrides; the body is streamed from the store.
 *
 * @example
 * ```ts
 * await getObject(context);
 * ```
 */
export async function getObject(context: OperationContext): Promise<void> {
  const object = requireObject(context);
  if (checkReadConditions(context.request.headers, object)) return sendNotModified(context.res, object);
  const range = parseRange(context.request.headers.range, object.size);
  const headers = objectHeaders(object);
  for (const [parameter, header] of RESPONSE_OVERRIDES) {
    const value = context.request.query.get(parameter);
    if (!value) continue;
    // The decoded query text becomes the header's UTF-8 bytes, as OSS sends it; a control
    // character cannot be carried in a header at all.
    if (hasUnsendableCharacter(value)) {
      throw new OssServiceError('InvalidArgument', {
        message: `The ${parameter} parameter holds a control character no HTTP header can carry.`,
        details: { ArgumentName: parameter },
      });
    }
    headers[header] = utf8WireValue(value);
  }
  const start = range ? range.start : 0;
  const end = range ? range.end : object.size - 1;
  const { res } = context;
  for (const name in headers) res.setHeader(name, headers[name] as string);
  res.setHeader('Content-Length', end - start + 1);
  if (range) {
    res.removeHeader('Content-MD5');
    res.setHeader('Content-Range', `bytes ${start}-${end}/${object.size}`);
  }
  res.writeHead(range ? 206 : 200);
  if (object.size === 0) {
    res.end();
    return;
  }
  await pipeline(context.store.read(object, start, end), res);
}
