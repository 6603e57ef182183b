/**
 * The bytes OSS signs for a callback: `url_decode(path) + query_string + '\n' + body`, where the
 * query string is raw and keeps its `?` (OSS doc "Callback": percent-decoding only).
 *
 * @example
 * ```ts
 * callbackStringToSign(new URL('http://app/index.php?id=1&index=2'), Buffer.from('bucket=yonghu-test'));
 * // '/index.php?id=1&index=2\nbucket=yonghu-test'
 * ```
 */
export function callbackStringToSign(url: URL, body: Buffer): Buffer {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  return Buffer.concat([Buffer.from(`${path}${url.search}\n`, 'utf8'), body]);
}
