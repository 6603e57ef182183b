/**
 * Keeps secrets out of everything the CLI prints about a failure: a presigned URL's signature and
 * security token are bearer credentials, and an AccessKeySecret or STS token must never reach a
 * terminal log or a CI transcript.
 */

// Query parameters of V4 and V1 presigned URLs whose values grant access.
const SECRET_PARAMS = /([?&](?:x-oss-signature|x-oss-security-token|signature|security-token)=)[^&\s"'<>]*/gi;
// The same values inside canonical requests and XML that OSS echoes back.
const SECRET_ELEMENTS = /(<(?:Signature|SecurityToken|SignatureProvided)>)[^<]*/g;

/**
 * Returns `text` with signatures, security tokens and the given secrets replaced by `***`.
 *
 * @example
 * ```ts
 * redact('GET https://b.oss/k?x-oss-signature=abc&x=1', ['sk']); // 'GET https://b.oss/k?x-oss-signature=***&x=1'
 * ```
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(SECRET_PARAMS, '$1***').replace(SECRET_ELEMENTS, '$1***');
  for (const secret of secrets) {
    // Short strings would blank out ordinary words; real secrets and tokens are long.
    if (secret && secret.length >= 8) out = out.split(secret).join('***');
  }
  return out;
}
