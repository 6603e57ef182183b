/**
 * The curl command that sends a presigned request exactly as it was signed: the signed headers and
 * nothing else OSS would sign. curl adds a form Content-Type to --data-binary, which OSS V4 would
 * fold into the signature (SignatureDoesNotMatch), so that default is removed with `-H 'Content-Type:'`.
 */

import type { PresignedRequest } from '@oss-presign/core';

/** What the request carries: a file to PUT, a file to POST, or where to write a GET's body. */
export interface CurlBody {
  /** `-T file`: PutObject and UploadPart. */
  readonly upload?: string | undefined;
  /** `--data-binary @file`: the CompleteMultipartUpload XML. */
  readonly data?: string | undefined;
  /** `-o file`: GetObject. */
  readonly output?: string | undefined;
}

// curl computes these from the URL and the body; repeating them would only risk a mismatch.
const CURL_SETS_ITSELF = new Set(['host', 'content-length']);

/**
 * Quotes a word for POSIX sh: single quotes, with embedded single quotes closed and escaped.
 *
 * @example
 * ```ts
 * shellQuote("it's"); // "'it'\\''s'"
 * ```
 */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Builds the curl command for a presigned request.
 *
 * @example
 * ```ts
 * curlCommand({ method: 'PUT', url, signedHeaders: { 'content-type': 'text/plain' }, expiration }, { upload: 'a.txt' });
 * // curl --fail-with-body -T 'a.txt' -H 'content-type: text/plain' 'https://…'
 * ```
 */
export function curlCommand(request: Pick<PresignedRequest, 'method' | 'url' | 'signedHeaders'>, body: CurlBody = {}): string {
  const words = ['curl', '--fail-with-body'];
  const method = request.method.toUpperCase();
  if (body.upload !== undefined) {
    words.push('-T', shellQuote(body.upload));
    if (method !== 'PUT') words.push('-X', method);
  } else if (body.data !== undefined) {
    words.push('-X', method, '--data-binary', shellQuote(`@${body.data}`));
  } else if (method !== 'GET') {
    words.push('-X', method);
  }
  if (body.output !== undefined) words.push('-o', shellQuote(body.output));
  const headers = Object.entries(request.signedHeaders).filter(([name]) => !CURL_SETS_ITSELF.has(name.toLowerCase()));
  for (const [name, value] of headers) words.push('-H', shellQuote(`${name}: ${value}`));
  if (body.data !== undefined && !headers.some(([name]) => name.toLowerCase() === 'content-type')) words.push('-H', shellQuote('Content-Type:'));
  words.push(shellQuote(request.url));
  return words.join(' ');
}
