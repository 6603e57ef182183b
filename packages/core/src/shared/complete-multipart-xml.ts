// The CompleteMultipartUpload body, written by both the server's OSS client and the browser
// uploader: no XML library here, so the browser entry stays small.

const XML_TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes text for an XML element body. Quotes need no escape there, so an ETag keeps its `"`
 * as OSS writes it.
 *
 * @example
 * ```ts
 * escapeXmlText('"A&B"'); // '"A&amp;B"'
 * ```
 */
function escapeXmlText(text: string): string {
  return text.replace(/[&<>]/g, (char) => XML_TEXT_ESCAPES[char] as string);
}

/**
 * The CompleteMultipartUpload body (doc "CompleteMultipartUpload"): the parts in ascending part number, as OSS
 * requires (InvalidPartOrder otherwise), whatever order they are given in.
 *
 * @example
 * ```ts
 * completeMultipartXml([{ partNumber: 1, etag: '"AB"' }]);
 * // '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"AB"</ETag></Part></CompleteMultipartUpload>'
 * ```
 */
export function completeMultipartXml(parts: readonly { readonly partNumber: number; readonly etag: string }[]): string {
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  const body = sorted.map((part) => `<Part><PartNumber>${part.partNumber}</PartNumber><ETag>${escapeXmlText(part.etag)}</ETag></Part>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>${body}</CompleteMultipartUpload>`;
}
