// The oss-emulator command, run from its TypeScript source with tsx (the built bin is the same file).
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { signV4Query } from '@oss-presign/core/signer';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

function runCli(args: string[]): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(TSX, ['--conditions=@oss-presign/source', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Reads stdout lines until the prompt line, returning them. */
async function readBanner(child: ChildProcessByStdio<null, Readable, Readable>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line);
    if (line.startsWith('Press Ctrl-C')) break;
  }
  return lines;
}

describe('oss-emulator CLI', () => {
  it('prints the endpoint and credentials, serves signed requests, and stops on SIGINT', async () => {
    const child = runCli(['--port', '0', '--bucket', 'demo', '--region', 'cn-hangzhou', '--access-key-id', 'cli-ak', '--access-key-secret', 'cli-sk']);
    const banner = await readBanner(child);
    const endpoint = /listening on (http:\/\/\S+)/.exec(banner[0] ?? '')?.[1];
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(banner.join('\n')).toContain('cli-ak');
    // A secret the user chose is not echoed to the terminal (or a CI log).
    expect(banner.join('\n')).not.toContain('cli-sk');
    expect(banner.join('\n')).toContain('(as given with --access-key-secret)');

    const { queryString } = signV4Query({
      method: 'PUT',
      bucket: 'demo',
      key: 'cli.txt',
      region: 'cn-hangzhou',
      credentials: { accessKeyId: 'cli-ak', accessKeySecret: 'cli-sk' },
      signTime: new Date(),
    });
    const response = await fetch(`${endpoint}/demo/cli.txt?${queryString}`, { method: 'PUT', body: Buffer.from('from the cli test') });
    expect(response.status).toBe(200);

    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses bad options with a usage message and exit code 2', async () => {
    const child = runCli(['--port', 'abc']);
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(Buffer.concat(stderr).toString()).toContain('--port must be 0-65535');
  });

  it('refuses a token expiration that is not a time, naming the format', async () => {
    const child = runCli(['--port', '0', '--security-token', 't', '--token-expiration', 'soon']);
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(Buffer.concat(stderr).toString()).toContain('--token-expiration must be an ISO 8601 time such as 2030-01-01T00:00:00Z');
  });
});
