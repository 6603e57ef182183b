import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

// One builder and one parser for the whole process: building them per request is wasted work.
const builder = new XMLBuilder({ format: false, processEntities: true, suppressEmptyNode: false });
const parser = new XMLParser({
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  isArray: (name) => name === 'Part',
});

/** An XML element tree as fast-xml-parser builds it: insertion order is document order. */
export type XmlTree = Record<string, unknown>;

/**
 * Serialises a document with the declaration OSS puts in front of every XML body.
 *
 * @example
 * ```ts
 * buildXml({ InitiateMultipartUploadResult: { Bucket: 'demo', Key: 'a', UploadId: 'X' } });
 * ```
 */
export function buildXml(tree: XmlTree): string {
  return XML_DECLARATION + builder.build(tree);
}

/**
 * Parses a request body, or returns `undefined` when it is not well-formed XML.
 *
 * @example
 * ```ts
 * parseXml('<CompleteMultipartUpload><Part>…</Part></CompleteMultipartUpload>');
 * ```
 */
export function parseXml(text: string): XmlTree | undefined {
  if (XMLValidator.validate(text) !== true) return undefined;
  try {
    return parser.parse(text) as XmlTree;
  } catch {
    return undefined;
  }
}
