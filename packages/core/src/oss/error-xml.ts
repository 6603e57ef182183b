import { xmlElementText } from './xml.js';

/** The fields of an OSS `<Error>` document (doc "Error responses"), as strings. */
export interface OssErrorDetails {
  readonly code?: string | undefined;
  readonly message?: string | undefined;
  readonly requestId?: string | undefined;
  readonly hostId?: string | undefined;
  readonly ec?: string | undefined;
  readonly recommendDoc?: string | undefined;
  /** SignatureDoesNotMatch: the string OSS signed, built from the request it received. */
  readonly stringToSign?: string | undefined;
  /** SignatureDoesNotMatch: the canonical request OSS built from the request it received. */
  readonly canonicalRequest?: string | undefined;
  /** Present on some time-related errors. */
  readonly serverTime?: string | undefined;
}

/**
 * Parses an OSS `<Error>` document (doc "Error responses"), or returns undefined when `xml` is not one.
 *
 * @example
 * ```ts
 * parseOssErrorXml('<Error><Code>NoSuchKey</Code><RequestId>5C06</RequestId></Error>');
 * // { code: 'NoSuchKey', requestId: '5C06', ... }
 * ```
 */
export function parseOssErrorXml(xml: string): OssErrorDetails | undefined {
  if (!/<Error[\s>]/.test(xml)) return undefined;
  return {
    code: xmlElementText(xml, 'Code'),
    message: xmlElementText(xml, 'Message'),
    requestId: xmlElementText(xml, 'RequestId'),
    hostId: xmlElementText(xml, 'HostId'),
    ec: xmlElementText(xml, 'EC'),
    recommendDoc: xmlElementText(xml, 'RecommendDoc'),
    stringToSign: xmlElementText(xml, 'StringToSign'),
    canonicalRequest: xmlElementText(xml, 'CanonicalRequest'),
    serverTime: xmlElementText(xml, 'ServerTime'),
  };
}
