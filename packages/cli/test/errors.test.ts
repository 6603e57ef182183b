import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, CREDENTIALS, type Workspace, ossFlags, runCli, spawnCli, startOss, workspace } from './helpers.js';

let oss: Emulator;
let ws: Workspace;
beforeAll(async () => {
  oss = await startOss();
  ws = await workspace();
  await writeFile(join(ws.dir, 'a.txt'), 'abc');
});
afterAll(async () => {
  await oss.close();
  await ws.remove();
});

/** Every output of a failing run: one `oss-presign:` message, never a secret or a signature. */
function expectCleanFailure(run: { stdout: string; stderr: string }, secret = CREDENTIALS.accessKeySecret): void {
  expect(run.stderr).toMatch(/^oss-presign: /m);
  expect(run.stdout + run.stderr).not.toContain(secret);
  expect(run.stdout + run.stderr).not.toMatch(/x-oss-signature=[0-9a-f]/);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe('exit codes and error messages', () => {
  it('2 for usage errors: unknown option, malformed oss:// URL, bad duration, no region, no destination', async () => {
    const cases: [string[], string][] = [
      [['sign', 'put', `oss://${BUCKET}/a.txt`, '--bogus'], "unknown option '--bogus'"],
      [['sign', 'put', 'demo/a.txt', ...ossFlags(oss)], 'Expected oss://bucket/key'],
      [['sign', 'put', `oss://${BUCKET}/a.txt`, '--expires', 'soon', ...ossFlags(oss)], '--expires must look like 600, 10m, 2h or 7d'],
      [['sign', 'get', `oss://${BUCKET}/a.txt`], 'No region: pass --region'],
      [['upload', 'a.txt'], 'Name a destination'],
      [['upload', 'a.txt', `oss://${BUCKET}/x/`, '--part-size', 'huge', ...ossFlags(oss)], '--part-size must be a size'],
      [['nope'], "unknown command 'nope'"],
      // Malformed URLs are usage errors before any upload: not a crash (1), not retries (4).
      [['upload', 'a.txt', 'http://[::1/demo/a.txt?x-oss-signature=0123456789abcdef'], 'The presigned URL is not a valid http(s) URL'],
      [['upload', 'a.txt', 'http://127.0.0.1:1/demo/%zz.txt?x-oss-signature=0123456789abcdef'], 'The presigned URL is not a valid http(s) URL'],
      [['upload', 'a.txt', '--endpoint', 'not a url'], '--endpoint is not a valid http(s) URL'],
      [['upload', 'a.txt', '--endpoint', 'ftp://127.0.0.1:1/api/oss'], '--endpoint must be an http or https URL'],
      [['upload', 'a.txt', '--endpoint', `http://user:${CREDENTIALS.accessKeySecret}@127.0.0.1:1/api/oss`], '--endpoint must not carry user info'],
      [['sign', 'get', `oss://${BUCKET}/a.txt`, '--region', 'evil.example#', '--endpoint', oss.endpoint], 'Invalid region "evil.example#"'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { env: ws.env, cwd: ws.dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
      expectCleanFailure(run);
    }
  });

  it('3 without credentials, and when OSS refuses the signature (wrong secret), with no secret in the output', async () => {
    const noKeys = { PATH: ws.env.PATH as string, HOME: ws.dir };
    const missing = await runCli(['sign', 'put', `oss://${BUCKET}/a.txt`, ...ossFlags(oss)], { env: noKeys, cwd: ws.dir });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('No credentials: set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET');

    const wrongSecret = 'wrong-secret-that-must-not-leak';
    const env = { ...ws.env, OSS_ACCESS_KEY_SECRET: wrongSecret, OSS_SESSION_TOKEN: 'sts-token-that-must-not-leak' };
    const refused = await runCli(['upload', 'a.txt', `oss://${BUCKET}/auth/`, ...ossFlags(oss)], { env, cwd: ws.dir });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/OSS answered 403/);
    expectCleanFailure(refused, wrongSecret);
    expect(refused.stdout + refused.stderr).not.toContain('sts-token-that-must-not-leak');
  });

  it('4 when OSS cannot be reached', async () => {
    const closed = await import('node:net').then(
      ({ createServer }) =>
        new Promise<number>((resolve) => {
          const server = createServer();
          server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as { port: number };
            server.close(() => resolve(port));
          });
        }),
    );
    const run = await runCli(['upload', 'a.txt', `oss://${BUCKET}/x/`, '--region', 'cn-hangzhou', '--endpoint', `http://127.0.0.1:${closed}`, '--retries', '0'], {
      env: ws.env,
      cwd: ws.dir,
    });
    expect(run.code).toBe(4);
    expectCleanFailure(run);
  });

  it('5 when OSS refuses for another reason (no such bucket), with the OSS error code in the message', async () => {
    const run = await runCli(['upload', 'a.txt', 'oss://no-such-bucket/x/', ...ossFlags(oss), '--json'], { env: ws.env, cwd: ws.dir });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('NoSuchBucket');
    expect((JSON.parse(run.stdout) as { ok: boolean }).ok).toBe(false);
    expectCleanFailure(run);
  });

  it('6 for a missing file, before anything is signed', async () => {
    const run = await runCli(['upload', 'missing.bin', `oss://${BUCKET}/x/`, ...ossFlags(oss)], { env: ws.env, cwd: ws.dir });
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('Cannot read missing.bin: no such file');
  });
});

describe('--help and the emulator command', () => {
  it('prints help for every command, with the exit code table at the top level', async () => {
    const top = await runCli(['--help'], { env: ws.env });
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Exit codes:');
    const commands = [['sign'], ['upload'], ['sign', 'put'], ['sign', 'get'], ['sign', 'initiate'], ['sign', 'part'], ['sign', 'complete'], ['sign', 'abort'], ['sign', 'list-parts']];
    const runs = await Promise.all(commands.map((command) => runCli([...command, '--help'], { env: ws.env })));
    runs.forEach((run, i) => {
      const command = commands[i] as string[];
      expect(run.code, command.join(' ')).toBe(0);
      expect(run.stdout).toContain(`Usage: oss-presign ${command.join(' ')}`);
    });
    const emulator = await runCli(['emulator', '--help'], { env: ws.env });
    expect(emulator.code).toBe(0);
    expect(emulator.stdout).toContain('Usage: oss-presign emulator [options]');
    expect(emulator.stdout).toContain('--access-key-id');
  });

  it('oss-presign emulator takes the oss-emulator flags, serves signed requests, and stops on SIGINT', async () => {
    const bad = await runCli(['emulator', '--port', 'x'], { env: ws.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port must be 0-65535');

    let endpoint: string | undefined;
    let ready: () => void = () => undefined;
    const listening = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const args = ['emulator', '--port', '0', '--bucket', 'cli', '--access-key-id', 'emu-ak', '--access-key-secret', 'emu-sk-0123456789'];
    const { child, result } = spawnCli(args, {
      env: ws.env,
      onStdout: (text) => {
        const match = /listening on (http:\/\/[\d.:]+)/.exec(text);
        if (match && !endpoint) {
          endpoint = match[1];
          ready();
        }
      },
    });
    await listening;
    const env = { ...ws.env, OSS_ACCESS_KEY_ID: 'emu-ak', OSS_ACCESS_KEY_SECRET: 'emu-sk-0123456789' };
    const upload = await runCli(['upload', 'a.txt', 'oss://cli/x/', '--region', 'cn-hangzhou', '--endpoint', endpoint as string], { env, cwd: ws.dir });
    expect(upload.code, upload.stderr).toBe(0);
    child.kill('SIGINT');
    const stopped = await result;
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain('Received SIGINT, stopping.');
  });
});
