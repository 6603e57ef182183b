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
  return `${V4_ALGORITHM}\n${dateTime}\n${scope}\n${canonicalRequestHash}`;
}
