import { UNSIGNED_PAYLOAD } from './constants.js';

export interface CanonicalRequestParts {
  readonly method: string;
  readonly canonicalUri: string;
  readonly canonicalQuery: string;
  readonly canonicalHeaders: string;
  readonly additionalHeaders: readonly string[];
  readonly hashedPayload?: string;
}

/**
 * Joins the six lines of the V4 canonical request. The canonical headers block already ends in
 * `\n`, so an empty additional-headers line gives the `\n\n\n` shape of the canonical request in doc "Include a V4 signature in the Authorization header".
 *
 * @example
 * ```ts
 * canonicalRequest({ method: 'GET', canonicalUri: '/b/k', canonicalQuery: '', canonicalHeaders: '', additionalHeaders: [] });
 * ```
 */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  return `${parts.method.toUpperCase()}\n${parts.canonicalUri}\n${parts.canonicalQuery}\n${parts.canonicalHeaders}\n${parts.additionalHeaders.join(';')}\n${parts.hashedPayload ?? UNSIGNED_PAYLOAD}`;
}
