import { OssPresignError } from '../errors/oss-presign-error.js';
import { joinFlat } from '../signer/flat-string.js';

export interface EndpointOptions {
  /** Region id, `cn-hangzhou` (an `oss-` prefix, as ali-oss takes it, is accepted and removed). */
  readonly region: string;
  /**
   * A custom endpoint: a base domain (`oss-cn-hangzhou.aliyuncs.com`), a full origin
   * (`http://127.0.0.1:9000`) or, with `cname`, a custom domain bound to the bucket.
   */
  readonly endpoint?: string | undefined;
  /** The endpoint is a custom domain (CNAME) bound to the bucket: URLs carry no bucket. */
  readonly cname?: boolean | undefined;
  /** Use the VPC-internal endpoint `oss-{region}-internal.aliyuncs.com`. */
  readonly internal?: boolean | undefined;
  /** Use the transfer-acceleration endpoint `oss-accelerate.aliyuncs.com`. */
  readonly accelerate?: boolean | undefined;
  /** https (default) or http, for endpoints given without a scheme. */
  readonly secure?: boolean | undefined;
  /** Path-style URLs `/{bucket}/{key}`. Default: on for IP and localhost endpoints, off elsewhere. */
  readonly pathStyle?: boolean | undefined;
}

/** Builds the URL (without query) that addresses a bucket and an already percent-encoded key path. */
export type ObjectUrlBuilder = (bucket: string | undefined, encodedKey: string) => string;

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Removes the `oss-` prefix ali-oss users put on region ids; the signing scope needs the bare id.
 *
 * @example
 * ```ts
 * normalizeRegion('oss-cn-hangzhou'); // 'cn-hangzhou'
 * normalizeRegion('evil.example#');   // throws INVALID_CONFIG
 * ```
 * @throws OssPresignError INVALID_CONFIG when the region is empty or not a region id
 */
export function normalizeRegion(region: string): string {
  if (typeof region !== 'string' || region.trim() === '') {
    throw new OssPresignError('INVALID_CONFIG', 'region is required: the bare region id of the bucket, for example "cn-hangzhou"');
  }
  const bare = region.startsWith('oss-') ? region.slice(4) : region;
  // The region id goes into the host name and the signing scope: a `/`, `#`, `.` or `@` in it
  // would send the URL, signature and token included, to another host.
  if (!REGION_ID.test(bare)) {
    throw new OssPresignError('INVALID_CONFIG', `Invalid region ${JSON.stringify(region.slice(0, 64))}: use a region id such as "cn-hangzhou" (lower-case letters, digits and hyphens)`);
  }
  return bare;
}

/** OSS region ids (doc "Regions and endpoints"): `cn-hangzhou`, `ap-southeast-1`, `rg-china-mainland`. */
const REGION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Checks a Cloud Box id (`cb-f8z7yvzgwfkl9q0h`), which, like a region id, becomes part of the host
 * name and the signing scope, so it has the same shape.
 *
 * @example
 * ```ts
 * assertCloudBoxId('cb-f8z7yvzgwfkl9q0h'); // passes
 * assertCloudBoxId('evil.example#');       // throws INVALID_CONFIG
 * ```
 * @throws OssPresignError INVALID_CONFIG
 */
export function assertCloudBoxId(cloudBoxId: string): void {
  if (typeof cloudBoxId !== 'string' || !REGION_ID.test(cloudBoxId)) {
    throw new OssPresignError('INVALID_CONFIG', `Invalid cloudBoxId ${JSON.stringify(String(cloudBoxId).slice(0, 64))}: use the Cloud Box id, such as "cb-f8z7yvzgwfkl9q0h"`);
  }
}

function isIpOrLocalhost(hostname: string): boolean {
  return IPV4.test(hostname) || hostname.startsWith('[') || hostname === 'localhost' || hostname.endsWith('.localhost');
}

// An endpoint as a message may show it: user info (a password) masked.
function shownEndpoint(endpoint: string): string {
  return JSON.stringify(String(endpoint).replace(/\/\/[^/@]*@/, '//***@').slice(0, 200));
}

function parseOrigin(endpoint: string, secure: boolean): URL {
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    throw new OssPresignError('INVALID_CONFIG', 'endpoint must be a non-empty string such as "oss-cn-hangzhou.aliyuncs.com" or "http://127.0.0.1:9000"');
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `${secure ? 'https' : 'http'}://${endpoint}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    // No cause: URL's TypeError carries the whole input, user info included.
    throw new OssPresignError(
      'INVALID_CONFIG',
      `Invalid endpoint ${shownEndpoint(endpoint)}: give a host such as "oss-cn-hangzhou.aliyuncs.com" or a URL such as "http://127.0.0.1:9000"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OssPresignError('INVALID_CONFIG', `Endpoint must be http or https: ${shownEndpoint(endpoint)}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new OssPresignError(
      'INVALID_CONFIG',
      `Endpoint ${shownEndpoint(endpoint)} carries user info, which OSS does not use: remove it and pass credentials separately`,
    );
  }
  return url;
}

/**
 * Resolves endpoint options to a URL builder: virtual-hosted `https://{bucket}.oss-{region}.aliyuncs.com/{key}`
 * by default; path-style for IP/localhost endpoints (the emulator); bucket-less for CNAME domains.
 * The key comes encoded, from the same string as the canonical URI, so the path sent is the path signed.
 *
 * @example
 * ```ts
 * createObjectUrlBuilder({ region: 'cn-hangzhou' })('demo', 'a%20b.txt');
 * // 'https://demo.oss-cn-hangzhou.aliyuncs.com/a%20b.txt'
 * ```
 */
export function createObjectUrlBuilder(options: EndpointOptions): ObjectUrlBuilder {
  const region = normalizeRegion(options.region);
  const secure = options.secure ?? true;
  const baseDomain = options.endpoint
    ? options.endpoint
    : options.accelerate
      ? 'oss-accelerate.aliyuncs.com'
      : options.internal
        ? `oss-${region}-internal.aliyuncs.com`
        : `oss-${region}.aliyuncs.com`;
  const origin = parseOrigin(baseDomain, secure);
  const protocol = origin.protocol;
  const host = origin.host;
  const basePath = origin.pathname.replace(/\/+$/, '');
  const pathStyle = options.pathStyle ?? isIpOrLocalhost(origin.hostname);
  const cname = options.cname ?? false;

  const bucketlessPrefix = joinFlat(protocol, '//', host, basePath, '/');
  const prefixFor = (bucket: string) =>
    pathStyle ? joinFlat(protocol, '//', host, basePath, '/', bucket, '/') : joinFlat(protocol, '//', bucket, '.', host, basePath, '/');
  // A presigner signs for one bucket nearly always: its URL prefix is kept, joined flat, so that a
  // URL is a rope of three pieces, cheap to build and to serialise (1-2% of a presign).
  let lastBucket: string | undefined;
  let lastPrefix = '';
  return (bucket, keyPath) => {
    if (!bucket || cname) return `${bucketlessPrefix}${keyPath}`;
    if (bucket !== lastBucket) {
      lastPrefix = prefixFor(bucket);
      lastBucket = bucket;
    }
    return `${lastPrefix}${keyPath}`;
  };
}
