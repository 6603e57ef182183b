import { createHash } from 'node:crypto';
import { percentEncode } from '@oss-presign/core/signer';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readSmallBody } from '../http/body.js';
import { OssServiceError } from '../http/errors.js';
import { sendXml } from '../http/respond.js';
import type { OperationContext } from './context.js';
import { expectedMd5 } from './object-meta.js';

// DeleteMultipleObjects.md: at most 1000 objects per request, a body of at most 2 MB.
const MAX_OBJECTS = 1000;
const MAX_BODY_BYTES = 2 * 1024 * 1024;

// Keys are taken exactly as sent: no trimming, entities (ali-oss escapes ' as &#39;) decoded.
const parser = new XMLParser({
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  htmlEntities: true,
  isArray: (name) => name === 'Object',
});

/** What a DeleteMultipleObjects body asks for. */
export interface DeleteRequest {
  readonly quiet: boolean;
  readonly keys: readonly string[];
}

function malformed(message?: string): OssServiceError {
  return new OssServiceError('MalformedXML', message ? { message } : {});
}

/**
 * Parses `<Delete><Quiet>true|false</Quiet><Object><Key/></Object>…</Delete>`: 1 to 1000 objects,
 * else MalformedXML (DeleteMultipleObjects.md).
 *
 * @example
 * ```ts
 * parseDeleteBody('<Delete><Quiet>true</Quiet><Object><Key>a</Key></Object></Delete>'); // { quiet: true, keys: ['a'] }
 * ```
 */
export function parseDeleteBody(xml: string): DeleteRequest {
  if (XMLValidator.validate(xml) !== true) throw malformed();
  const root = (parser.parse(xml) as { Delete?: unknown }).Delete;
  if (!root || typeof root !== 'object') throw malformed();
  const { Quiet, Object: objects } = root as { Quiet?: unknown; Object?: unknown };
  if (!Array.isArray(objects) || objects.length === 0) throw malformed();
  if (objects.length > MAX_OBJECTS) throw malformed(`The number of objects to delete must not exceed ${MAX_OBJECTS}.`);
  const keys = objects.map((object: unknown) => {
    const key = (object as { Key?: unknown } | null)?.Key;
    if (typeof key !== 'string' || key === '') throw malformed();
    return key;
  });
  const quiet = typeof Quiet === 'string' ? Quiet.trim() : 'false';
  if (quiet !== 'true' && quiet !== 'false') throw malformed();
  return { quiet: quiet === 'true', keys };
}

/**
 * DeleteMultipleObjects (`POST /?delete`): Content-MD5 of the body is required (400 MissingArgument
 * without it, InvalidDigest when it does not match). Deletes each key (a missing key counts as
 * deleted, as DeleteObject) and answers `<DeleteResult>` listing `<Deleted><Key/></Deleted>` for
 * each, or nothing in quiet mode; with `encoding-type=url` the keys are URL-encoded and
 * `<EncodingType>url</EncodingType>` is added (DeleteMultipleObjects.md).
 *
 * @example
 * ```ts
 * await deleteMultipleObjects(context);
 * ```
 */
export async function deleteMultipleObjects(context: OperationContext): Promise<void> {
  const { request, store, bucket } = context;
  const md5 = expectedMd5(request.headers);
  if (!md5) {
    throw new OssServiceError('MissingArgument', {
      message: 'DeleteMultipleObjects requires the Content-MD5 header.',
      details: { ArgumentName: 'Content-MD5' },
    });
  }
  const encodingType = request.query.get('encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') {
    throw new OssServiceError('InvalidArgument', {
      message: 'encoding-type must be url.',
      details: { ArgumentName: 'encoding-type', ArgumentValue: encodingType },
    });
  }
  const text = await readSmallBody(context.req, MAX_BODY_BYTES, 'MalformedXML');
  if (!md5.equals(createHash('md5').update(text, 'utf8').digest())) throw new OssServiceError('InvalidDigest');
  const { quiet, keys } = parseDeleteBody(text);
  for (const key of keys) await store.delete(bucket, key);

  const encode = encodingType === 'url' ? percentEncode : (key: string) => key;
  const result: Record<string, unknown> = {};
  if (!quiet) result.Deleted = keys.map((key) => ({ Key: encode(key) }));
  if (encodingType === 'url') result.EncodingType = 'url';
  sendXml(context.res, 200, { DeleteResult: result });
}
