import { isDefaultSignedHeader } from '@oss-presign/core/signer';
import { OssServiceError } from '../http/errors.js';

const NON_ASCII = /[\u0080-\uffff]/;
// ignoreBOM: a leading EF BB BF is a byte of the value like any other, not a marker to drop.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of a header value whose UTF-8 encoding is exactly the bytes that came on the wire.
 * Node hands header values over latin1-decoded (one character per byte), while OSS signs the bytes
 * on the wire: a value such as 阿达 sent as raw UTF-8 (ali-oss `headerEncoding`, the Go and Java
 * SDKs) must be read back as UTF-8 before the string to sign, itself hashed as UTF-8, is built.
 * `undefined` when the bytes are not UTF-8: no text reproduces them.
 *
 * @example
 * ```ts
 * wireText(Buffer.from('阿达').toString('latin1')); // '阿达'
 * ```
 */
export function wireText(latin1: string): string | undefined {
  if (!NON_ASCII.test(latin1)) return latin1;
  try {
    return utf8.decode(Buffer.from(latin1, 'latin1'));
  } catch {
    return undefined;
  }
}

/**
 * The request headers as the signature verifiers must see them: every value rebuilt from its wire
 * bytes with {@link wireText}. A header every scheme signs (content-type, content-md5, x-oss-*)
 * whose bytes are not UTF-8 is refused with InvalidArgument, since its signature cannot be
 * recomputed from text; any other such header keeps its latin1 text (an additional header of that
 * kind then fails as SignatureDoesNotMatch).
 *
 * @example
 * ```ts
 * const headers = signableHeaders(request.headers);
 * ```
 */
export function signableHeaders(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  let rebuilt: Record<string, string> | undefined;
  for (const name in headers) {
    const value = headers[name] as string;
    if (!NON_ASCII.test(value)) continue;
    const text = wireText(value);
    if (text === undefined) {
      if (!isDefaultSignedHeader(name)) continue;
      throw new OssServiceError('InvalidArgument', {
        message: `The value of the signed header "${name}" is not UTF-8; the emulator verifies signatures over UTF-8 header values only.`,
        details: { ArgumentName: name },
      });
    }
    rebuilt ??= { ...headers };
    rebuilt[name] = text;
  }
  return rebuilt ?? headers;
}
