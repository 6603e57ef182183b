import { XMLParser } from 'fast-xml-parser';

// Tag values stay strings (ETags, upload ids and part numbers must not be coerced); Part is always a list.
const parser = new XMLParser({ ignoreDeclaration: true, parseTagValue: false, trimValues: true, isArray: (name) => name === 'Part' });

/**
 * Parses an OSS XML answer into plain objects; `undefined` when the text is not XML.
 *
 * @example
 * ```ts
 * parseOssXml('<Error><Code>NoSuchUpload</Code></Error>'); // { Error: { Code: 'NoSuchUpload' } }
 * ```
 */
export function parseOssXml(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('<')) return undefined;
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
