import { V4_ALGORITHM, V4_TERMINATOR } from './constants.js';

/**
 * The credential scope: `yyyymmdd/region/product/aliyun_v4_request`.
 *
 * @example
 * ```ts
 * credentialScope('20231217', 'cn-hangzhou', 'oss'); // '20231217/cn-hangzhou/oss/aliyun_v4_request'
 * ```
 */
export function credentialScope(date: string, region: string, product: string): string {
  return `${date}/${region}/${product}/${V4_TERMINATOR}`;
}

/**
 * The V4 string to sign: algorithm, timestamp, scope and the hex SHA-256 of the canonical request.
 *
 * @example
 * ```ts
 * stringToSign('20231217T025437Z', '20231217/cn-hangzhou/oss/aliyun_v4_request', 'ab12…');
 * ```
 */
export function stringToSign(dateTime: string, scope: string, canonicalRequestHash: string): string {
  return `${stringToSignPrefix(dateTime, scope)}${canonicalRequestHash}`;
}

/**
 * The first three lines of the string to sign, which change once a second at most: the signer
 * keeps them per second and hands them to the HMAC apart from the hash (see SignerCrypto).
 *
 * @example
 * ```ts
 * stringToSignPrefix('20231217T025437Z', '20231217/cn-hangzhou/oss/aliyun_v4_request');
 * // 'OSS4-HMAC-SHA256\n20231217T025437Z\n20231217/cn-hangzhou/oss/aliyun_v4_request\n'
 * ```
 */
export function stringToSignPrefix(dateTime: string, scope: string): string {
  return `${V4_ALGORITHM}\n${dateTime}\n${scope}\n`;
}
