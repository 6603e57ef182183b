import { DEFAULT_PRODUCT } from "./constants.js";
import { type SignerCrypto, defaultCrypto } from "./crypto.js";
import { type SigningKeyCache, sharedSigningKeyCache } from "./signing-key.js";

/**
 * A PostObject policy document (OSS doc "PostObject", appendix "Policy"): an ISO 8601 GMT
 * `expiration` and the `conditions` each form field must meet.
 */
export interface PostPolicy {
	/** ISO 8601 in GMT, e.g. `2024-01-01T12:00:00.000Z`. */
	readonly expiration: string;
	/**
	 * `{ "field": "value" }` (exact match), `["eq" | "starts-with", "$field", "value"]`,
	 * `["in" | "not-in", "$field", ["a", "b"]]` or `["content-length-range", min, max]` (bytes).
	 */
	readonly conditions: readonly unknown[];
}

/**
 * The `policy` form field: base64 (standard, padded) of the policy's UTF-8 JSON. A string is taken
 * as JSON text and encoded as it is, so a caller that signs a JSON text of its own keeps its bytes.
 * Both signature versions sign this base64 text, never the JSON.
 *
 * @example
 * ```ts
 * encodePostPolicy({ expiration: '2024-01-01T12:00:00.000Z', conditions: [['content-length-range', 0, 1024]] });
 * // 'eyJleHBpcmF0aW9uIjoi...'
 * ```
 */
export function encodePostPolicy(policy: PostPolicy | string): string {
	const json = typeof policy === "string" ? policy : JSON.stringify(policy);
	// btoa takes one char per byte: spell the UTF-8 bytes out (a loop, not a spread, for long texts).
	let binary = "";
	for (const byte of new TextEncoder().encode(json))
		binary += String.fromCharCode(byte);
	return btoa(binary);
}

/** What a V1 POST signature needs. */
export interface SignPostPolicyV1Input {
	/** The base64 `policy` form field, as sent (see {@link encodePostPolicy}). */
	readonly policy: string;
	readonly accessKeySecret: string;
	readonly crypto?: SignerCrypto | undefined;
}

/**
 * The V1 `Signature` form field of a PostObject request: base64 HMAC-SHA1 of the base64 policy
 * under the AccessKey secret (OSS doc "PostObject", section "Signature"). Sent with the
 * `OSSAccessKeyId` and `policy` fields (and `x-oss-security-token` with STS credentials).
 *
 * @example
 * ```ts
 * const policy = encodePostPolicy({ expiration, conditions: [{ bucket: 'demo' }] });
 * const Signature = signPostPolicyV1({ policy, accessKeySecret: 'sk' }); // 28 base64 characters
 * ```
 */
export function signPostPolicyV1(input: SignPostPolicyV1Input): string {
	return (input.crypto ?? defaultCrypto).hmacSha1Base64(
		input.accessKeySecret,
		input.policy,
	);
}

/** What a V4 POST signature needs. */
export interface SignPostPolicyV4Input {
	/** The base64 `policy` form field, as sent (see {@link encodePostPolicy}). */
	readonly policy: string;
	readonly accessKeySecret: string;
	/** The signing day, `yyyymmdd` (UTC): the date of `x-oss-credential` and of `x-oss-date`. */
	readonly date: string;
	/** The bucket's region, e.g. `cn-hangzhou` (no `oss-` prefix). */
	readonly region: string;
	/** Defaults to `oss`. */
	readonly product?: string | undefined;
	readonly crypto?: SignerCrypto | undefined;
	/** Where derived signing keys are kept; defaults to the process-wide cache. */
	readonly signingKeyCache?: SigningKeyCache | undefined;
}

/**
 * The V4 `x-oss-signature` form field of a PostObject request: lower-case hex HMAC-SHA256 of the
 * base64 policy under the V4 signing key derived from the secret, day, region and product, as for
 * every V4 signature (OSS doc "Signature V4 for PostObject"). The form also carries
 * `x-oss-signature-version` (`OSS4-HMAC-SHA256`), `x-oss-credential`
 * (`<AccessKeyId>/<yyyymmdd>/<region>/oss/aliyun_v4_request`) and `x-oss-date`
 * (`yyyymmddTHHMMSSZ`), and the policy's conditions must name those three values.
 *
 * @example
 * ```ts
 * const signature = signPostPolicyV4({ policy, accessKeySecret: 'sk', date: '20231203', region: 'cn-hangzhou' });
 * // 64 hex characters
 * ```
 */
export function signPostPolicyV4(input: SignPostPolicyV4Input): string {
	const crypto = input.crypto ?? defaultCrypto;
	const cache = input.signingKeyCache ?? sharedSigningKeyCache;
	return cache
		.get(
			crypto,
			input.accessKeySecret,
			input.date,
			input.region,
			input.product ?? DEFAULT_PRODUCT,
		)
		.sign(input.policy);
}
