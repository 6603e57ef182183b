/**
 * Where the CLI's settings come from: flags, then the environment (the variables core's `fromEnv`
 * reads, plus OSS_REGION and OSS_ENDPOINT), then a profile of the config file. `--profile NAME`
 * makes that profile win over the environment; without it the `[default]` profile only fills gaps.
 *
 * The config file is INI, `~/.oss-presign/config` (or $OSS_PRESIGN_CONFIG):
 *
 *   [default]
 *   region = cn-hangzhou
 *   access_key_id = LTAI...
 *   access_key_secret = ...
 *
 *   [emulator]
 *   region = cn-hangzhou
 *   endpoint = http://127.0.0.1:9000
 *   access_key_id = test-access-key-id
 *   access_key_secret = test-access-key-secret
 */

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type CredentialsProvider, type Presigner, createPresigner, fromEnv, staticCredentials } from '@oss-presign/core';
import { parse as parseIni } from 'ini';
import { CliError } from './errors.js';

/** Flags every command that talks to OSS takes. */
export interface ConnectionFlags {
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly profile?: string | undefined;
}

/** One profile of the config file. */
export interface Profile {
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly access_key_id?: string | undefined;
  readonly access_key_secret?: string | undefined;
  readonly session_token?: string | undefined;
}

/** Settings resolved for one run. The secrets are kept so that error output can be scrubbed of them. */
export interface Connection {
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly credentials: CredentialsProvider;
  readonly secrets: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The config file's path: $OSS_PRESIGN_CONFIG, else `~/.oss-presign/config`.
 *
 * @example
 * ```ts
 * configPath({}); // '/home/ann/.oss-presign/config'
 * ```
 */
export function configPath(env: Env): string {
  return env.OSS_PRESIGN_CONFIG || join(homedir(), '.oss-presign', 'config');
}

/**
 * Reads a profile. A missing file or section is an error only when the profile was asked for.
 *
 * @example
 * ```ts
 * readProfile('emulator', process.env); // { region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9000', ... }
 * ```
 */
export function readProfile(name: string | undefined, env: Env): Profile | undefined {
  const path = configPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (name === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError('USAGE', `--profile ${name ?? 'default'}: cannot read the config file ${path}: ${(error as Error).message}`);
  }
  const section = (parseIni(text) as Record<string, unknown>)[name ?? 'default'];
  if (section === undefined || typeof section !== 'object' || section === null) {
    if (name === undefined) return undefined;
    throw new CliError('USAGE', `--profile ${name}: no [${name}] section in ${path}`);
  }
  return section as Profile;
}

/**
 * Resolves region, endpoint and credentials for a command that signs. Throws USAGE without a region
 * and AUTH without credentials, saying where each can come from.
 *
 * @example
 * ```ts
 * const connection = resolveConnection({ region: 'cn-hangzhou' }, process.env);
 * ```
 */
export function resolveConnection(flags: ConnectionFlags, env: Env): Connection {
  const profile = readProfile(flags.profile, env);
  const explicit = flags.profile !== undefined;
  const pick = (fromEnv: string | undefined, fromProfile: string | undefined) => (explicit ? fromProfile || fromEnv : fromEnv || fromProfile) || undefined;
  const region = flags.region || pick(env.OSS_REGION, profile?.region);
  if (!region) throw new CliError('USAGE', 'No region: pass --region (e.g. cn-hangzhou), set OSS_REGION, or put region in a --profile');
  const endpoint = flags.endpoint || pick(env.OSS_ENDPOINT, profile?.endpoint);
  const envHasKey = Boolean(env.OSS_ACCESS_KEY_ID || env.OSS_ACCESS_KEY_SECRET);
  const useProfile = profile?.access_key_id !== undefined && (explicit || !envHasKey);
  const accessKeyId = useProfile ? profile?.access_key_id : env.OSS_ACCESS_KEY_ID;
  const accessKeySecret = useProfile ? profile?.access_key_secret : env.OSS_ACCESS_KEY_SECRET;
  const securityToken = (useProfile ? profile?.session_token : env.OSS_SESSION_TOKEN) || undefined;
  if (!accessKeyId || !accessKeySecret) {
    throw new CliError(
      'AUTH',
      useProfile
        ? `Profile ${flags.profile ?? 'default'} lacks access_key_id or access_key_secret (${configPath(env)})`
        : 'No credentials: set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET (and OSS_SESSION_TOKEN for STS), or use --profile',
    );
  }
  const credentials = useProfile ? staticCredentials({ accessKeyId, accessKeySecret, securityToken }) : fromEnv(env);
  return { region, endpoint, credentials, secrets: [accessKeySecret, securityToken].filter((value): value is string => Boolean(value)) };
}

/**
 * A presigner for a connection. `endpoint` may be a full origin (the emulator's
 * `http://127.0.0.1:9000`); IP and localhost endpoints get path-style URLs.
 *
 * @example
 * ```ts
 * const presigner = presignerFor(resolveConnection(flags, process.env));
 * ```
 */
export function presignerFor(connection: Connection): Presigner {
  return createPresigner({ region: connection.region, endpoint: connection.endpoint, credentials: connection.credentials });
}
