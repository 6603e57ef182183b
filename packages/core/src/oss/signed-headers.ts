/**
 * Whether OSS signs a header without it being listed in x-oss-additional-headers: `content-type`,
 * `content-md5` and every `x-oss-*` header (doc "Include a V4 signature in the Authorization
 * header"). The signer canonicalises with it and the uploader's SignatureDoesNotMatch diagnosis
 * decides with it which headers it may send. Browser-safe.
 *
 * @example
 * ```ts
 * isDefaultSignedHeader('x-oss-meta-a'); // true
 * isDefaultSignedHeader('cache-control'); // false
 * ```
 */
export function isDefaultSignedHeader(lowerName: string): boolean {
  return lowerName === 'content-type' || lowerName === 'content-md5' || lowerName.startsWith('x-oss-');
}
