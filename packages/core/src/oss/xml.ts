/**
 * The one XML reader for OSS's answers, used by the server's OSS client and the browser's
 * presigned multipart client alike. OSS answers are small, flat, machine-written documents whose
 * elements we know by name (doc "Common response headers" and each API's response elements), so a
 * few string searches read them exactly; an XML library (fast-xml-parser was used on the server)
 * would add about 30 KB to the browser path and a second reading of the same documents that could
 * disagree with this one (entities, empty elements, single-item lists). Browser-safe.
 */

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes the five XML entities and numeric character references in element text.
 *
 * @example
 * ```ts
 * decodeXmlText('a &amp; b &#x41;'); // 'a & b A'
 * ```
 */
export function decodeXmlText(text: string): string {
  return text.replace(ENTITY, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return NAMED_ENTITIES[entity] ?? whole;
  });
}

/**
 * The text of the first `<tag>…</tag>` in `xml`, decoded and trimmed of nothing, or undefined;
 * `''` for an empty element (`<tag/>` or `<tag></tag>`).
 *
 * @example
 * ```ts
 * xmlElementText('<R><UploadId>0004B9</UploadId></R>', 'UploadId'); // '0004B9'
 * ```
 */
export function xmlElementText(xml: string, tag: string): string | undefined {
  const open = `<${tag}>`;
  const start = xml.indexOf(open);
  if (start === -1) return xml.includes(`<${tag}/>`) ? '' : undefined;
  const end = xml.indexOf(`</${tag}>`, start + open.length);
  if (end === -1) return undefined;
  return decodeXmlText(xml.slice(start + open.length, end));
}

/**
 * The raw inner text of every `<tag>…</tag>` in `xml`, in document order (for repeated elements
 * such as ListParts' `<Part>` and ListObjectsV2's `<Contents>`); read their fields with
 * {@link xmlElementText}.
 *
 * @example
 * ```ts
 * xmlElements('<L><Part><N>1</N></Part><Part><N>2</N></Part></L>', 'Part'); // ['<N>1</N>', '<N>2</N>']
 * ```
 */
export function xmlElements(xml: string, tag: string): string[] {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  const elements: string[] = [];
  let from = 0;
  for (;;) {
    const start = xml.indexOf(open, from);
    if (start === -1) return elements;
    const end = xml.indexOf(close, start + open.length);
    if (end === -1) return elements;
    elements.push(xml.slice(start + open.length, end));
    from = end + close.length;
  }
}
