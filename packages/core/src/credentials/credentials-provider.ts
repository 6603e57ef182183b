import { OssPresignError } from '../errors/oss-presign-error.js';
import type { OssCredentials } from '../signer/sign-v4.js';

/** Credentials with an optional expiry (STS). */
export interface ExpiringCredentials extends OssCredentials {
  /** When temporary credentials stop working; absent for long-lived AccessKey pairs. */
  readonly expiration?: Date | undefined;
}

/** Anything that yields credentials when asked: called before each signature. */
export type CredentialsProvider = () => Promise<ExpiringCredentials>;

/** Static credentials or a provider. */
export type CredentialsSource = OssCredentials | CredentialsProvider;

// Providers made here also answer synchronously while they hold valid credentials: the presigner
// then signs without waiting a promise turn, which is a tenth of a presign's cost.
const synchronousReaders = new WeakMap<CredentialsProvider, () => ExpiringCredentials | undefined>();

/**
 * Returns a function that reads a provider's credentials without waiting, or `undefined` when the
 * provider (a user's own function) can only answer asynchronously. The function itself returns
 * `undefined` when the provider has nothing valid at hand (an STS provider due for a refresh).
 *
 * @example
 * ```ts
 * const readNow = synchronousCredentialsReader(provider);
 * const credentials = readNow?.() ?? (await provider());
 * ```
 */
export function synchronousCredentialsReader(
  provider: CredentialsProvider,
): (() => ExpiringCredentials | undefined) | undefined {
  return synchronousReaders.get(provider);
}

function assertCredentials(credentials: OssCredentials, origin: string): OssCredentials {
  if (!credentials || typeof credentials.accessKeyId !== 'string' || credentials.accessKeyId === '') {
    throw new OssPresignError('MISSING_CREDENTIALS', `${origin}: accessKeyId is missing`);
  }
  if (typeof credentials.accessKeySecret !== 'string' || credentials.accessKeySecret === '') {
    throw new OssPresignError('MISSING_CREDENTIALS', `${origin}: accessKeySecret is missing`);
  }
  return credentials;
}

/**
 * Wraps a fixed AccessKey pair (optionally with an STS token) as a provider.
 *
 * @example
 * ```ts
 * const credentials = staticCredentials({ accessKeyId: 'LTAI…', accessKeySecret: '…' });
 * ```
 */
export function staticCredentials(credentials: OssCredentials): CredentialsProvider {
  const checked = assertCredentials(credentials, 'staticCredentials');
  const resolved = Promise.resolve(checked);
  const provider: CredentialsProvider = () => resolved;
  synchronousReaders.set(provider, () => checked);
  return provider;
}

/**
 * Reads OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN (the names the official
 * SDKs use) from the given environment, `process.env` by default.
 *
 * @example
 * ```ts
 * const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials: fromEnv() });
 * ```
 */
export function fromEnv(env: Record<string, string | undefined> = processEnv()): CredentialsProvider {
  return staticCredentials({
    accessKeyId: env.OSS_ACCESS_KEY_ID ?? '',
    accessKeySecret: env.OSS_ACCESS_KEY_SECRET ?? '',
    securityToken: env.OSS_SESSION_TOKEN || undefined,
  });
}

function processEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

export interface RefreshingCredentialsOptions {
  /** Fetches fresh temporary credentials, e.g. from STS AssumeRole. */
  readonly fetch: () => Promise<ExpiringCredentials>;
  /** Refresh this long before `expiration` (default 5 minutes). */
  readonly refreshBeforeMs?: number | undefined;
  /** Clock, for tests. */
  readonly now?: (() => number) | undefined;
}

/**
 * A provider that caches temporary credentials until shortly before they expire; concurrent
 * callers share one refresh, and a failed refresh is not cached.
 *
 * @example
 * ```ts
 * const credentials = refreshingCredentials({ fetch: () => assumeRole(roleArn) });
 * ```
 */
export function refreshingCredentials(options: RefreshingCredentialsOptions): CredentialsProvider {
  const refreshBeforeMs = options.refreshBeforeMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let cached: ExpiringCredentials | undefined;
  let inFlight: Promise<ExpiringCredentials> | undefined;

  const isFresh = (credentials: ExpiringCredentials) =>
    !credentials.expiration || credentials.expiration.getTime() - refreshBeforeMs > now();

  const provider: CredentialsProvider = () => {
    if (cached && isFresh(cached)) return Promise.resolve(cached);
    if (!inFlight) {
      inFlight = (async () => {
        try {
          const fresh = await options.fetch();
          assertCredentials(fresh, 'refreshingCredentials');
          cached = fresh;
          return fresh;
        } catch (cause) {
          if (cause instanceof OssPresignError) throw cause;
          throw new OssPresignError('CREDENTIALS_FETCH_FAILED', 'Fetching temporary credentials failed', { cause });
        } finally {
          inFlight = undefined;
        }
      })();
    }
    return inFlight;
  };
  synchronousReaders.set(provider, () => (cached && isFresh(cached) ? cached : undefined));
  return provider;
}

/**
 * Normalises static credentials or a provider to a provider.
 *
 * @example
 * ```ts
 * const provider = toCredentialsProvider(options.credentials);
 * ```
 */
export function toCredentialsProvider(source: CredentialsSource): CredentialsProvider {
  return typeof source === 'function' ? source : staticCredentials(source);
}
