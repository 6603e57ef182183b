import { randomBytes } from 'node:crypto';
import { type Presigner, createPresigner, fromEnv } from '@oss-presign/core';
import { startEmulator } from '@oss-presign/emulator';

/** Where uploads go: real OSS, or the emulator started in this process. */
export interface DemoBackend {
  readonly mode: 'emulator' | 'oss';
  readonly presigner: Presigner;
  /** The emulator's callback key URL, trusted besides gosspublic.alicdn.com. */
  readonly publicKeyUrl: string | undefined;
  /** One line for the log. */
  readonly description: string;
  close(): Promise<void>;
}

const OSS_VARIABLES = ['OSS_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET', 'OSS_REGION', 'OSS_BUCKET'] as const;

/**
 * Real OSS when OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_REGION and OSS_BUCKET are all set
 * (OSS_ENDPOINT optional); otherwise the embedded emulator, so the demo runs with no account.
 */
export async function startBackend(env: Record<string, string | undefined>): Promise<DemoBackend> {
  const present = OSS_VARIABLES.filter((name) => env[name]);
  if (present.length === OSS_VARIABLES.length) {
    const presigner = createPresigner({
      region: env.OSS_REGION as string,
      bucket: env.OSS_BUCKET as string,
      credentials: fromEnv(env),
      endpoint: env.OSS_ENDPOINT || undefined,
    });
    return { mode: 'oss', presigner, publicKeyUrl: undefined, description: `Alibaba Cloud OSS, bucket ${env.OSS_BUCKET} in ${env.OSS_REGION}`, close: async () => {} };
  }
  if (present.length > 0) {
    throw new Error(`Set all of ${OSS_VARIABLES.join(', ')} to use real OSS (missing: ${OSS_VARIABLES.filter((name) => !env[name]).join(', ')})`);
  }
  // Throwaway credentials: the emulator lives only as long as this process.
  const credentials = { accessKeyId: 'LTAI5tDemoEmulator', accessKeySecret: randomBytes(24).toString('base64url') };
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', region: 'cn-hangzhou', buckets: ['demo'], credentials: [credentials] });
  return {
    mode: 'emulator',
    presigner: createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials, endpoint: emulator.endpoint }),
    publicKeyUrl: emulator.publicKeyUrl,
    description: `the embedded OSS emulator at ${emulator.endpoint} (no OSS_* credentials set)`,
    close: () => emulator.close(),
  };
}
