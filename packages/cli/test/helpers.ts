/**
 * Runs the real built `oss-presign` binary as a child process against an emulator on port 0, and
 * makes files on disk to upload. No part of OSS is mocked.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@oss-presign/emulator';

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
export const REGION = 'cn-hangzhou';
export const BUCKET = 'demo';
export const CREDENTIALS = { accessKeyId: 'cli-test-access-key', accessKeySecret: 'cli-test-secret-0123456789' };
export const KIB = 1024;

export function startOss(): Promise<Emulator> {
  return startEmulator({ port: 0, host: '127.0.0.1', region: REGION, buckets: [BUCKET], credentials: [CREDENTIALS] });
}

export interface Workspace {
  readonly dir: string;
  /** The child's environment: a private HOME, the emulator's keys, nothing else of ours. */
  readonly env: Record<string, string>;
  remove(): Promise<void>;
}

export async function workspace(extraEnv: Record<string, string> = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'oss-presign-cli-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    OSS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    OSS_ACCESS_KEY_SECRET: CREDENTIALS.accessKeySecret,
    ...extraEnv,
  };
  return { dir, env, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the binary; `result` resolves when it exits. `onStdout` sees the output as it comes. */
export function spawnCli(
  args: readonly string[],
  options: { env: Record<string, string>; cwd?: string; onStdout?: (text: string, child: ChildProcess) => void },
): { child: ChildProcess; result: Promise<RunResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(stdout, child);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const result = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, result };
}

/** Runs the binary to the end. */
export function runCli(args: readonly string[], options: { env: Record<string, string>; cwd?: string }): Promise<RunResult> {
  return spawnCli(args, options).result;
}

/** Runs a shell command (the curl line the CLI printed) to the end. */
export function runShell(command: string, options: { cwd: string; env?: Record<string, string> }): Promise<RunResult> {
  const child = spawn('sh', ['-c', command], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Deterministic bytes: `size` bytes from `seed`. */
export function patternBytes(size: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(size);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

export async function writeBytes(path: string, size: number, seed = 1): Promise<Buffer> {
  const bytes = patternBytes(size, seed);
  await writeFile(path, bytes);
  return bytes;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export async function sha256File(path: string): Promise<string> {
  return sha256(await readFile(path));
}

/** The flags that point the CLI at the emulator. */
export function ossFlags(oss: Emulator): string[] {
  return ['--region', REGION, '--endpoint', oss.endpoint];
}

/** The `curl …` line of a `sign` text output. */
export function curlLine(stdout: string): string {
  const line = stdout.split('\n').find((text) => text.startsWith('curl '));
  if (!line) throw new Error(`no curl line in:\n${stdout}`);
  return line;
}

/** The bytes of a stored object; fails the test when there is none. */
export async function stored(oss: Emulator, key: string): Promise<Buffer> {
  const bytes = await oss.getObjectBytes(BUCKET, key);
  if (!bytes) throw new Error(`no object ${key} in ${BUCKET}`);
  return Buffer.from(bytes);
}
