import { redactError } from '@oss-presign/core';
import { MAX_PUT_OBJECT_BYTES } from '@oss-presign/core/signer';
import type { EmulatorCredential } from './auth/credentials.js';
import type { CorsConfig } from './cors.js';
import type { FaultRule } from './faults.js';

/** Options of {@link startEmulator}. Everything but `credentials` has a default. */
export interface EmulatorOptions {
  /** Port to listen on; `0` (the default) picks a free one. */
  readonly port?: number | undefined;
  /** Interface to listen on. Default `127.0.0.1`. */
  readonly host?: string | undefined;
  /** Bare region id of every bucket; the V4 credential scope must name it. Default `cn-hangzhou`. */
  readonly region?: string | undefined;
  /** Bucket names (3-63 of `a-z 0-9 -`). Default `['demo']`. */
  readonly buckets?: readonly string[] | undefined;
  /** Accepted AccessKey pairs; a pair with `securityToken` is an STS credential. */
  readonly credentials: readonly EmulatorCredential[];
  /** Keep objects in files under this directory (surviving restarts); absent: in memory. */
  readonly dataDir?: string | undefined;
  /** CORS rules: `'permissive'` (default), `'off'`, or rules per bucket. */
  readonly cors?: CorsConfig | undefined;
  /** The clock for signature windows and Last-Modified. Default `() => new Date()`. */
  readonly now?: (() => Date) | undefined;
  /** Fault rules active from the start; replace them later with `setFaults`. */
  readonly faults?: readonly FaultRule[] | undefined;
  /**
   * Base domains for virtual-hosted style `{bucket}.{base}`. Default: `oss-{region}.aliyuncs.com`
   * (what ali-oss sends as Host to an IP endpoint), its `-internal` twin, and `localhost`.
   */
  readonly virtualHostBaseDomain?: string | readonly string[] | undefined;
  /** Bucket implied when a request names none (IP or custom-domain endpoint, path `/key`). */
  readonly defaultBucket?: string | undefined;
  /** Custom domains (CNAME) bound to buckets, e.g. `{ 'files.example.com': 'demo' }`. */
  readonly hostBuckets?: Readonly<Record<string, string>> | undefined;
  /** Answer path-style requests on a base domain with SecondLevelDomainForbidden, as OSS does. Default false. */
  readonly forbidPathStyle?: boolean | undefined;
  /** How long a callback server may take to answer. Default 5000 (OSS's limit). */
  readonly callbackTimeoutMs?: number | undefined;
  /** When set, callbacks only go to these host names (or `host:port`); others fail with 203. */
  readonly allowCallbackHosts?: readonly string[] | undefined;
  /** Largest PutObject body or part. Default 5 GiB (PutObject.md). */
  readonly maxObjectSize?: number | undefined;
  /**
   * Hash bodies of 1 MiB and more (MD5 and CRC-64) on two worker threads. Default true; falls back
   * to inline hashing where workers cannot load (TypeScript sources without a loader).
   */
  readonly hashWorkers?: boolean | undefined;
  /** Called with unexpected internal errors (bugs); default prints them to stderr, signatures and tokens masked. */
  readonly onInternalError?: ((error: unknown) => void) | undefined;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly region: string;
  readonly buckets: readonly string[];
  readonly credentials: readonly EmulatorCredential[];
  readonly dataDir: string | undefined;
  readonly cors: CorsConfig;
  readonly now: () => Date;
  readonly faults: readonly FaultRule[];
  readonly baseDomains: readonly string[];
  readonly defaultBucket: string | undefined;
  readonly hostBuckets: ReadonlyMap<string, string>;
  readonly forbidPathStyle: boolean;
  readonly callbackTimeoutMs: number;
  readonly allowCallbackHosts: readonly string[] | undefined;
  readonly maxObjectSize: number;
  readonly hashWorkers: boolean;
  readonly onInternalError: (error: unknown) => void;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

function assertBucket(name: string, option: string): void {
  if (typeof name !== 'string' || !BUCKET_NAME.test(name)) {
    throw new TypeError(
      `${option}: ${JSON.stringify(name)} is not a valid OSS bucket name; use 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit`,
    );
  }
}

// Never puts a secret or token in a message: only the AccessKeyId and the field at fault.
function assertCredential(credential: EmulatorCredential, index: number): void {
  const which = `credentials[${index}]`;
  if (!credential || typeof credential !== 'object') {
    throw new TypeError(`${which}: expected { accessKeyId, accessKeySecret } (plus securityToken and expiration for an STS credential)`);
  }
  if (typeof credential.accessKeyId !== 'string' || credential.accessKeyId === '') {
    throw new TypeError(`${which}: accessKeyId is missing or empty; give each credential { accessKeyId, accessKeySecret }`);
  }
  const named = `${which} (${JSON.stringify(credential.accessKeyId)})`;
  if (typeof credential.accessKeySecret !== 'string' || credential.accessKeySecret === '') {
    throw new TypeError(`${named}: accessKeySecret is missing or empty; give each credential { accessKeyId, accessKeySecret }`);
  }
  if (credential.securityToken !== undefined && (typeof credential.securityToken !== 'string' || credential.securityToken === '')) {
    throw new TypeError(`${named}: securityToken must be a non-empty string, or left out for a permanent AccessKey pair`);
  }
  const expiration = credential.expiration;
  if (expiration !== undefined) {
    if (!(expiration instanceof Date) || !Number.isFinite(expiration.getTime())) {
      throw new TypeError(`${named}: expiration must be a valid Date (when the STS token expires)`);
    }
    if (credential.securityToken === undefined) {
      throw new TypeError(`${named}: expiration applies to STS credentials only; add the securityToken, or remove expiration`);
    }
  }
}

/**
 * Applies defaults and validates the options (a mistake in them is a TypeError at start, not a
 * puzzling answer later).
 *
 * @example
 * ```ts
 * const options = resolveOptions({ credentials: [{ accessKeyId: 'ak', accessKeySecret: 'sk' }] });
 * ```
 */
export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const region = options.region ?? 'cn-hangzhou';
  const buckets = options.buckets ?? ['demo'];
  for (const bucket of buckets) assertBucket(bucket, 'buckets');
  if (!Array.isArray(options.credentials) || options.credentials.length === 0) {
    throw new TypeError('credentials: at least one AccessKey pair is required, e.g. credentials: [{ accessKeyId: \'test-ak\', accessKeySecret: \'test-sk\' }]');
  }
  options.credentials.forEach(assertCredential);
  if (options.defaultBucket !== undefined && !buckets.includes(options.defaultBucket)) {
    throw new TypeError(`defaultBucket: "${options.defaultBucket}" is not one of the buckets (${buckets.join(', ')}); add it to buckets or pick one of them`);
  }
  const hostBuckets = new Map<string, string>();
  for (const [host, bucket] of Object.entries(options.hostBuckets ?? {})) {
    if (!buckets.includes(bucket)) {
      throw new TypeError(`hostBuckets: "${host}" maps to "${bucket}", which is not one of the buckets (${buckets.join(', ')}); add it to buckets`);
    }
    hostBuckets.set(host.toLowerCase(), bucket);
  }
  const base = options.virtualHostBaseDomain;
  const baseDomains = base === undefined ? [`oss-${region}.aliyuncs.com`, `oss-${region}-internal.aliyuncs.com`, 'localhost'] : typeof base === 'string' ? [base] : [...base];
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    region,
    buckets,
    credentials: options.credentials,
    dataDir: options.dataDir,
    cors: options.cors ?? 'permissive',
    now: options.now ?? (() => new Date()),
    faults: options.faults ?? [],
    baseDomains: baseDomains.map((domain) => domain.toLowerCase()),
    defaultBucket: options.defaultBucket,
    hostBuckets,
    forbidPathStyle: options.forbidPathStyle ?? false,
    callbackTimeoutMs: options.callbackTimeoutMs ?? 5000,
    allowCallbackHosts: options.allowCallbackHosts,
    maxObjectSize: options.maxObjectSize ?? MAX_PUT_OBJECT_BYTES,
    hashWorkers: options.hashWorkers ?? true,
    // A bug's error may quote the request it failed on; the log never carries its signature or token.
    onInternalError: options.onInternalError ?? ((error) => console.error('[oss-emulator] internal error:', redactError(error))),
  };
}
