import { OssServiceError } from '../http/errors.js';
import { parseQuery } from '../http/query.js';
import { parseXml } from '../http/xml.js';

// Object tagging limits (PutObjectTagging.md): at most 10 tags, keys 1-128 and values 0-256 characters.
const MAX_TAGS = 10;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;

function invalidTag(message: string, name: string, value: string): OssServiceError {
  return new OssServiceError('InvalidArgument', { message, details: { ArgumentName: name, ArgumentValue: value } });
}

/**
 * Checks a tag set against OSS's limits (PutObjectTagging.md).
 *
 * @example
 * ```ts
 * checkTags({ project: 'demo' }); // ok; 11 tags or a 129-character key throw InvalidArgument
 * ```
 */
export function checkTags(tags: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) throw invalidTag('Object tags cannot be greater than 10', 'tagging', String(entries.length));
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > MAX_KEY_LENGTH) throw invalidTag('The tag key must be 1 to 128 characters long.', 'TagKey', key);
    if (value.length > MAX_VALUE_LENGTH) throw invalidTag('The tag value must be at most 256 characters long.', 'TagValue', value);
  }
  return tags;
}

/**
 * Reads x-oss-tagging, a URL-encoded query string `k1=v1&k2=v2` (PutObject.md). `undefined` without
 * the header.
 *
 * @example
 * ```ts
 * tagsFromHeader({ 'x-oss-tagging': 'a=1&b=x%20y' }); // { a: '1', b: 'x y' }
 * ```
 */
export function tagsFromHeader(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> | undefined {
  const value = headers['x-oss-tagging'];
  if (value === undefined) return undefined;
  return checkTags(Object.fromEntries(parseQuery(value)));
}

/**
 * Parses a PutObjectTagging body, `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`;
 * anything else is MalformedXML.
 *
 * @example
 * ```ts
 * tagsFromXml('<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>'); // { a: '1' }
 * ```
 */
export function tagsFromXml(xml: string): Readonly<Record<string, string>> {
  const root = parseXml(xml)?.Tagging as { TagSet?: unknown } | undefined;
  if (!root || typeof root !== 'object') throw new OssServiceError('MalformedXML');
  const tagSet = root.TagSet === '' || root.TagSet === undefined ? {} : root.TagSet;
  if (typeof tagSet !== 'object' || tagSet === null) throw new OssServiceError('MalformedXML');
  const raw = (tagSet as { Tag?: unknown }).Tag;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const tags: Record<string, string> = {};
  for (const tag of list) {
    const { Key, Value } = (tag ?? {}) as { Key?: unknown; Value?: unknown };
    if (typeof Key !== 'string' || (Value !== undefined && typeof Value !== 'string')) throw new OssServiceError('MalformedXML');
    if (Key in tags) throw invalidTag('Duplicate tag keys are not allowed.', 'TagKey', Key);
    tags[Key] = Value ?? '';
  }
  return checkTags(tags);
}
