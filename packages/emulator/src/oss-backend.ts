import { randomBytes } from 'node:crypto';
import { type Presigner, createPresigner, fromEnv } from '@oss-presign/core';
import { startEmulator } from './server.js';

/** Where an app's uploads go: real OSS, or an emulator started in this process. */
export interface OssBackend {
  readonly mode: 'emulator' | 'oss';
  readonly presigner: Presigner;
  /** The emulator's callback public-key URL, to trust besides gosspublic.alicdn.com; none for real OSS. */
  readonly publicKeyUrl: string | undefined;
  /** One line for the log. */
  readonly description: string;
  close(): Promise<void>;
}

export interface OssBackendOptions {
  /** Usually `process.env`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Bucket and region of the emulator (default `demo`, `cn-hangzhou`). */
  readonly emulatorBucket?: string | undefined;
  readonly emulatorRegion?: string | undefined;
}

const OSS_VARIABLES = ['OSS_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET', 'OSS_REGION', 'OSS_BUCKET'] as const;

/**
 * The embedded default of the sample apps: real OSS when OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET,
 * OSS_REGION and OSS_BUCKET are all set (OSS_ENDPOINT optional), otherwise an emulator in this
 * process with throwaway credentials, so an app runs with no cloud account. Half a configuration
 * is an error rather than a silent fallback.
 *
 * @example
 * ```ts
 * const backend = await startOssBackend({ env: process.env });
 * console.log(`Uploads go to ${backend.description}`);
 * app.use('/api/oss', ossPresign({ presigner: backend.presigner }));
 * ```
 */
export async function startOssBackend(options: OssBackendOptions): Promise<OssBackend> {
  const { env } = options;
  const present = OSS_VARIABLES.filter((name) => env[name]);
  if (present.length === OSS_VARIABLES.length) {
    const presigner = createPresigner({
      region: env.OSS_REGION as string,
      bucket: env.OSS_BUCKET as string,
      credentials: fromEnv(env),
      endpoint: env.OSS_ENDPOINT || undefined,
    });
    return {
      mode: 'oss',
      presigner,
      publicKeyUrl: undefined,
      description: `Alibaba Cloud OSS, bucket ${env.OSS_BUCKET} in ${env.OSS_REGION}`,
      close: async () => {},
    };
  }
  if (present.length > 0) {
    const missing = OSS_VARIABLES.filter((name) => !env[name]);
    throw new Error(`Set all of ${OSS_VARIABLES.join(', ')} to use real OSS (missing: ${missing.join(', ')})`);
  }
  const bucket = options.emulatorBucket ?? 'demo';
  const region = options.emulatorRegion ?? 'cn-hangzhou';
  // Throwaway credentials: the emulator lives only as long as this process.
  const credentials = { accessKeyId: 'LTAI5tEmbeddedEmulator', accessKeySecret: randomBytes(24).toString('base64url') };
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', region, buckets: [bucket], credentials: [credentials] });
  return {
    mode: 'emulator',
    presigner: createPresigner({ region, bucket, credentials, endpoint: emulator.endpoint }),
    publicKeyUrl: emulator.publicKeyUrl,
    description: `the embedded OSS emulator at ${emulator.endpoint} (no OSS_* credentials set)`,
    close: () => emulator.close(),
  };
}
