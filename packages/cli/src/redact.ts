/**
 * Keeps secrets out of everything the CLI prints about a failure: a presigned URL's signature and
 * security token are bearer credentials, and an AccessKeySecret or STS token must never reach a
 * terminal log or a CI transcript. Which values of a URL, header or OSS answer are secret is
 * core's rule (`redactText`); the CLI adds the credentials it was given, wherever they appear.
 */

import { redactText } from '@oss-presign/core';

/**
 * Returns `text` with signatures, security tokens and the given secrets masked.
 *
 * @example
 * ```ts
 * redact('GET https://b.oss/k?x-oss-signature=abc&x=1', ['sk']); // 'GET https://b.oss/k?x-oss-signature=[redacted]&x=1'
 * ```
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = redactText(text);
  for (const secret of secrets) {
    // Short strings would blank out ordinary words; real secrets and tokens are long.
    if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out;
}
