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

/** How a credential source names each field and what to do about a bad one, for error messages. */
interface CredentialsOrigin {
  /** `staticCredentials`, `fromEnv` or `refreshingCredentials`. */
  readonly source: string;
  /** What the user calls each field: a property name or an environment variable. */
  readonly names: Readonly<Record<'accessKeyId' | 'accessKeySecret' | 'securityToken', string>>;
  /** The sentence that says how to supply credentials from this source. */
  readonly fix: string;
}

const STATIC_ORIGIN: CredentialsOrigin = {
  source: 'staticCredentials',
  names: { accessKeyId: 'accessKeyId', accessKeySecret: 'accessKeySecret', securityToken: 'securityToken' },
  fix: 'pass { accessKeyId, accessKeySecret } (plus securityToken for STS credentials), or use fromEnv() to read OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET',
};

const ENV_ORIGIN: CredentialsOrigin = {
  source: 'fromEnv',
  names: { accessKeyId: 'OSS_ACCESS_KEY_ID', accessKeySecret: 'OSS_ACCESS_KEY_SECRET', securityToken: 'OSS_SESSION_TOKEN' },
  fix: 'set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET in the environment (and OSS_SESSION_TOKEN with STS credentials), or pass credentials: { accessKeyId, accessKeySecret } instead of fromEnv()',
};

const REFRESHING_ORIGIN: CredentialsOrigin = {
  source: 'refreshingCredentials',
  names: { accessKeyId: 'accessKeyId', accessKeySecret: 'accessKeySecret', securityToken: 'securityToken' },
  fix: 'make fetch resolve to { accessKeyId, accessKeySecret, securityToken, expiration } (the Credentials of an STS AssumeRole answer)',
};

// An AccessKey id, secret or STS token travels in a header or a URL: printable ASCII without spaces.
function firstBadCredentialChar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code > 0x7e) return i;
  }
  return -1;
}

// Never puts a value in the message: these are secrets.
function checkCredentialField(credentials: ExpiringCredentials, field: keyof CredentialsOrigin['names'], origin: CredentialsOrigin): void {
  const value = credentials[field];
  if (field === 'securityToken' && (value === undefined || value === '')) return;
  const name = origin.names[field];
  if (typeof value !== 'string') {
    throw new OssPresignError('MISSING_CREDENTIALS', `${origin.source}: ${name} must be a string; got ${typeof value}. Fix: ${origin.fix}`, {
      details: { source: origin.source, field: name },
    });
  }
  const bad = firstBadCredentialChar(value);
  if (bad !== -1) {
    const code = value.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0');
    throw new OssPresignError(
      'MISSING_CREDENTIALS',
      `${origin.source}: ${name} contains U+${code} at position ${bad} of ${value.length}; an AccessKey or STS token is printable ASCII without spaces (a trailing newline or space usually comes from copying it). Remove it`,
      { details: { source: origin.source, field: name } },
    );
  }
}

function assertCredentials(credentials: ExpiringCredentials, origin: CredentialsOrigin): ExpiringCredentials {
  if (!credentials || typeof credentials !== 'object') {
    throw new OssPresignError('MISSING_CREDENTIALS', `${origin.source}: no credentials were given. Fix: ${origin.fix}`, {
      details: { source: origin.source },
    });
  }
  const missing = (['accessKeyId', 'accessKeySecret'] as const).filter((field) => credentials[field] === undefined || credentials[field] === '');
  if (missing.length > 0) {
    const names = missing.map((field) => origin.names[field]);
    throw new OssPresignError(
      'MISSING_CREDENTIALS',
      `${origin.source}: ${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} missing or empty. Fix: ${origin.fix}`,
      { details: { source: origin.source, missing: names } },
    );
  }
  checkCredentialField(credentials, 'accessKeyId', origin);
  checkCredentialField(credentials, 'accessKeySecret', origin);
  checkCredentialField(credentials, 'securityToken', origin);
  const expiration = credentials.expiration;
  if (expiration !== undefined && !(expiration instanceof Date && Number.isFinite(expiration.getTime()))) {
    throw new OssPresignError(
      'MISSING_CREDENTIALS',
      `${origin.source}: expiration must be a valid Date (when the STS credentials stop working); convert STS's Expiration text with new Date(text)`,
      { details: { source: origin.source, field: 'expiration' } },
    );
  }
  return credentials;
}

/**
 * Wraps a fixed AccessKey pair (optionally with an STS token and its `expiration`) as a provider.
 *
 * @throws OssPresignError MISSING_CREDENTIALS when a field is missing, not a string, or holds a
 *   character an AccessKey never has (whitespace, non-ASCII); the message names the field, never
 *   its value.
 * @example
 * ```ts
 * const credentials = staticCredentials({ accessKeyId: 'LTAI…', accessKeySecret: '…' });
 * ```
 */
export function staticCredentials(credentials: OssCredentials | ExpiringCredentials): CredentialsProvider {
  return staticProvider(assertCredentials(credentials, STATIC_ORIGIN));
}

function staticProvider(checked: ExpiringCredentials): CredentialsProvider {
  const resolved = Promise.resolve(checked);
  const provider: CredentialsProvider = () => resolved;
  synchronousReaders.set(provider, () => checked);
  return provider;
}

/**
 * Reads OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN (the names the official
 * SDKs use) from the given environment, `process.env` by default.
 *
 * @throws OssPresignError MISSING_CREDENTIALS naming the variables that are missing or malformed,
 *   at once (not on the first presign).
 * @example
 * ```ts
 * const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials: fromEnv() });
 * ```
 */
export function fromEnv(env: Record<string, string | undefined> = processEnv()): CredentialsProvider {
  const credentials = {
    accessKeyId: env.OSS_ACCESS_KEY_ID ?? '',
    accessKeySecret: env.OSS_ACCESS_KEY_SECRET ?? '',
    securityToken: env.OSS_SESSION_TOKEN || undefined,
  };
  return staticProvider(assertCredentials(credentials, ENV_ORIGIN));
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
          assertCredentials(fresh, REFRESHING_ORIGIN);
          cached = fresh;
          return fresh;
        } catch (cause) {
          if (cause instanceof OssPresignError) throw cause;
          throw new OssPresignError(
            'CREDENTIALS_FETCH_FAILED',
            'refreshingCredentials: fetch rejected, so no temporary credentials could be obtained (see cause); check the STS call it makes (role ARN, the caller\'s sts:AssumeRole permission, the STS endpoint)',
            { cause },
          );
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
