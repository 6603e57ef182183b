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
  /** Called with unexpected internal errors (bugs); default prints them to stderr. */
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
  if (!BUCKET_NAME.test(name)) throw new TypeError(`${option}: "${name}" is not a valid OSS bucket name (3-63 of a-z, 0-9, -)`);
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
  if (!options.credentials || options.credentials.length === 0) throw new TypeError('credentials: at least one AccessKey pair is required');
  for (const credential of options.credentials) {
    if (!credential.accessKeyId || !credential.accessKeySecret) throw new TypeError('credentials: accessKeyId and accessKeySecret are required');
  }
  if (options.defaultBucket !== undefined && !buckets.includes(options.defaultBucket)) {
    throw new TypeError(`defaultBucket: "${options.defaultBucket}" is not one of the buckets`);
  }
  const hostBuckets = new Map<string, string>();
  for (const [host, bucket] of Object.entries(options.hostBuckets ?? {})) {
    if (!buckets.includes(bucket)) throw new TypeError(`hostBuckets: "${bucket}" is not one of the buckets`);
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
    onInternalError: options.onInternalError ?? ((error) => console.error('[oss-emulator] internal error:', error)),
  };
}
