/** How `oss-presign sign` prints a presigned request: for people, or as one JSON object. */

import type { PresignedRequest } from '@oss-presign/core';

/** The JSON `--json` prints. */
export interface SignedRequestJson {
  readonly operation: string;
  readonly bucket: string;
  readonly key: string;
  readonly method: string;
  readonly url: string;
  /** ISO 8601. */
  readonly expiration: string;
  readonly signedHeaders: Readonly<Record<string, string>>;
  readonly curl: string;
}

/**
 * The JSON form of a presigned request.
 *
 * @example
 * ```ts
 * JSON.stringify(signedRequestJson('PutObject', location, signed, curl));
 * ```
 */
export function signedRequestJson(operation: string, location: { bucket: string; key: string }, signed: PresignedRequest, curl: string): SignedRequestJson {
  return {
    operation,
    bucket: location.bucket,
    key: location.key,
    method: signed.method,
    url: signed.url,
    expiration: signed.expiration.toISOString(),
    signedHeaders: signed.signedHeaders,
    curl,
  };
}

/**
 * The text form: method, URL, expiration, signed headers, then the curl command on its own line.
 *
 * @example
 * ```ts
 * process.stdout.write(signedRequestText(json));
 * ```
 */
export function signedRequestText(json: SignedRequestJson): string {
  const headers = Object.entries(json.signedHeaders);
  const lines = [
    `Method:      ${json.method}`,
    `URL:         ${json.url}`,
    `Expiration:  ${json.expiration}`,
    `Signed headers (send exactly these):${headers.length === 0 ? ' none' : ''}`,
    ...headers.map(([name, value]) => `  ${name}: ${value}`),
    '',
    json.curl,
  ];
  return `${lines.join('\n')}\n`;
}
