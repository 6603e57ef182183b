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

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escapes text for an XML element body.
 *
 * @example
 * ```ts
 * escapeXml('"ABC"'); // '&quot;ABC&quot;'
 * ```
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] as string);
}

/**
 * The CompleteMultipartUpload body (oss-server.md 5): parts ascending by number.
 *
 * @example
 * ```ts
 * completeMultipartXml([{ partNumber: 1, etag: '"A1"' }]);
 * ```
 */
export function completeMultipartXml(parts: readonly { partNumber: number; etag: string }[]): string {
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  const body = sorted.map((part) => `<Part><PartNumber>${part.partNumber}</PartNumber><ETag>${escapeXml(part.etag)}</ETag></Part>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>${body}</CompleteMultipartUpload>`;
}
