import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { UploadCompleteEvent } from '@oss-presign/core/http';
import { type Emulator, startEmulator } from '@oss-presign/emulator';

export const CREDENTIALS = { accessKeyId: 'LTAI5tContractSuite', accessKeySecret: 'contract-suite-secret-0123456789' };
export const BUCKET = 'demo';
export type AdapterName = 'express' | 'koa';

/** A running app of one framework, and the emulator it talks to. */
export interface TestApp {
  readonly baseUrl: string;
  readonly emulator: Emulator;
  /** The callbacks the app's onUploadComplete received, as it recorded them. */
  callbacks(): Promise<Omit<UploadCompleteEvent, 'native' | 'callback'>[]>;
  close(): Promise<void>;
}

function waitForReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.once('exit', (code) => reject(new Error(`app exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line.slice('READY '.length));
    });
  });
}

/**
 * Starts the emulator here and a real app of the given framework in a child process (port 0), with
 * the adapter at /api/oss and the callback route at /oss/callback.
 */
export async function startTestApp(adapter: AdapterName): Promise<TestApp> {
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', region: 'cn-hangzhou', buckets: [BUCKET], credentials: [CREDENTIALS] });
  const script = fileURLToPath(new URL('./app-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@oss-presign/source', script, adapter], {
    env: {
      ...process.env,
      EMULATOR_ENDPOINT: emulator.endpoint,
      EMULATOR_PUBLIC_KEY_URL: emulator.publicKeyUrl,
      OSS_TEST_KEY_ID: CREDENTIALS.accessKeyId,
      OSS_TEST_KEY_SECRET: CREDENTIALS.accessKeySecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const baseUrl = await waitForReady(child);
  return {
    baseUrl,
    emulator,
    callbacks: async () => (await (await fetch(`${baseUrl}/test/callbacks`)).json()) as Omit<UploadCompleteEvent, 'native' | 'callback'>[],
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await emulator.close();
    },
  };
}
