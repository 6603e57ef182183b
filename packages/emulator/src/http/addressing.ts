import { OssServiceError } from './errors.js';

/** How the emulator maps Host + path to a bucket and key (OSS doc "OSS domain names"). */
export interface AddressingConfig {
  /** Host suffixes for virtual-hosted style: `{bucket}.{base}`. Lower-case, no port. */
  readonly baseDomains: readonly string[];
  readonly buckets: ReadonlySet<string>;
  /** Custom domains (CNAME) bound to a bucket: the path is just `/key`. Lower-case, no port. */
  readonly hostBuckets: ReadonlyMap<string, string>;
  /** Bucket implied when neither the Host nor the first path segment names one (IP endpoints). */
  readonly defaultBucket?: string | undefined;
  /** Answer path-style requests on a base domain with SecondLevelDomainForbidden, as OSS does. */
  readonly forbidPathStyle: boolean;
}

/** The addressed resource. `key` is decoded; both are undefined at service level. */
export interface Target {
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  readonly style: 'virtual-hosted' | 'path' | 'custom-domain' | 'default-bucket' | 'service';
}

/**
 * The host name of a Host header, lower-cased and without the port (IPv6 brackets kept).
 *
 * @example
 * ```ts
 * hostName('Demo.localhost:9000'); // 'demo.localhost'
 * ```
 */
export function hostName(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    return end === -1 ? lower : lower.slice(0, end + 1);
  }
  const colon = lower.lastIndexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

/**
 * Percent-decodes the request path. A `+` in a path is a literal `+` (OSS doc "Signature Version 4 (recommended)", the canonical URI).
 *
 * @example
 * ```ts
 * decodePath('/demo/a%20b+c'); // '/demo/a b+c'
 * ```
 */
export function decodePath(rawPath: string): string {
  if (!rawPath.includes('%')) return rawPath;
  try {
    return decodeURIComponent(rawPath);
  } catch {
    throw new OssServiceError('InvalidObjectName', { message: 'The request path is not validly percent-encoded UTF-8.' });
  }
}

function emptyToUndefined(text: string): string | undefined {
  return text === '' ? undefined : text;
}

function virtualHostedBucket(name: string, baseDomains: readonly string[]): string | undefined {
  for (const base of baseDomains) {
    if (name.length > base.length + 1 && name.endsWith(base) && name[name.length - base.length - 1] === '.') {
      return name.slice(0, name.length - base.length - 1);
    }
  }
  return undefined;
}

/**
 * Resolves the bucket and key of a request, in this order: a custom domain bound to a bucket,
 * virtual-hosted `{bucket}.{base domain}`, path-style `/{bucket}/{key}` when the first segment is a
 * configured bucket, then the default bucket with the whole path as key. ali-oss pointed at an IP
 * sends `/key` with `Host: {bucket}.oss-{region}.aliyuncs.com`, which the virtual-hosted rule
 * catches; its signatureUrlV4 URLs carry no bucket at all and need `defaultBucket`.
 *
 * @example
 * ```ts
 * resolveTarget('127.0.0.1:9000', '/demo/a.txt', config); // { bucket: 'demo', key: 'a.txt', style: 'path' }
 * ```
 */
export function resolveTarget(host: string, path: string, config: AddressingConfig): Target {
  const name = hostName(host);
  const rest = path.startsWith('/') ? path.slice(1) : path;
  const mapped = config.hostBuckets.get(name);
  if (mapped) return { bucket: mapped, key: emptyToUndefined(rest), style: 'custom-domain' };
  const hosted = virtualHostedBucket(name, config.baseDomains);
  if (hosted) return { bucket: hosted, key: emptyToUndefined(rest), style: 'virtual-hosted' };

  const slash = rest.indexOf('/');
  const first = slash === -1 ? rest : rest.slice(0, slash);
  const afterFirst = slash === -1 ? '' : rest.slice(slash + 1);
  if (first && config.buckets.has(first)) {
    if (config.forbidPathStyle && config.baseDomains.includes(name)) throw new OssServiceError('SecondLevelDomainForbidden');
    return { bucket: first, key: emptyToUndefined(afterFirst), style: 'path' };
  }
  if (config.defaultBucket) return { bucket: config.defaultBucket, key: emptyToUndefined(rest), style: 'default-bucket' };
  if (!first) return { style: 'service' };
  return { bucket: first, key: emptyToUndefined(afterFirst), style: 'path' };
}
