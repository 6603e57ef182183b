/** What the store reads from a browser-entry body before uploading it: name, size, type. */

import type { WebUploadBody } from '../body.js';
import { OssUploadError } from '../errors.js';

/**
 * Name, size and type of a body, without reading it. A string is refused: in a list of files it
 * is as likely a file name as text, and uploading the name as the content would "succeed".
 *
 * @example
 * ```ts
 * await describeWebBody(new File(['hi'], 'a.txt', { type: 'text/plain' })); // { name: 'a.txt', size: 2, type: 'text/plain' }
 * ```
 */
export async function describeWebBody(body: WebUploadBody): Promise<{ name?: string | undefined; size?: number | undefined; type?: string | undefined }> {
  if (typeof body === 'string') {
    throw new OssUploadError('INVALID_BODY', 'A string is not a file: pass a File, a Blob, or bytes (new TextEncoder().encode(text)) for text', {
      retryable: false,
    });
  }
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    const name = (body as Blob & { name?: unknown }).name;
    return { name: typeof name === 'string' ? name : undefined, size: body.size, type: body.type || undefined };
  }
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return { size: body.byteLength };
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return {};
  if (typeof body === 'object' && body !== null && 'kind' in body && typeof body.size === 'number') return { name: body.name, size: body.size, type: body.type };
  throw new OssUploadError('INVALID_BODY', 'Unsupported body: pass a File, a Blob, bytes or a ReadableStream (with `size`)', { retryable: false });
}
