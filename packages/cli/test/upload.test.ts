import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { OssPresignError, createPresigner } from '@oss-presign/core';
import { type PresignHandler, createPresignHandler } from '@oss-presign/core/http';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, BUCKET, CREDENTIALS, KIB, REGION, type Workspace, ossFlags, runCli, runShell, spawnCli, startOss, stored, workspace, writeBytes } from './helpers.js';

interface Summary {
  ok: boolean;
  files: {
    file: string;
    status: string;
    destination?: string;
    size?: number;
    mode?: string;
    verified?: boolean;
    crc64?: string;
    parts?: number;
    uploadedParts?: number[];
    resumedParts?: number[];
    error?: { code: string; uploadCode?: string; hintCause?: string; exitCode: number; message: string };
  }[];
}

let oss: Emulator;
let ws: Workspace;
beforeAll(async () => {
  oss = await startOss();
  ws = await workspace();
});
afterAll(async () => {
  await oss.close();
  await ws.remove();
});
beforeEach(() => oss.setFaults([]));

/** UploadPart requests the emulator's fault rules have seen so far (the stats only grow). */
const partPuts = (): number => oss.faultStats().byOperation.UploadPart ?? 0;

const small = ['--multipart-threshold', '300KiB', '--part-size', '100KiB'];

/** Serves a presign handler on 127.0.0.1:0 under /api/oss, as an app would; resolves with its endpoint. */
async function serve(handler: PresignHandler): Promise<{ endpoint: string; close: () => Promise<unknown> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const response = await handler.fetch(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/oss`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('oss-presign upload', () => {
  it('uploads a small file with one PUT and a large one in parts to oss://bucket/prefix/, byte-identical, CRC-64 verified', async () => {
    const a = await writeBytes(join(ws.dir, 'a.bin'), 10 * KIB, 1);
    const b = await writeBytes(join(ws.dir, 'b.bin'), 650 * KIB, 2);
    const run = await runCli(['upload', 'a.bin', 'b.bin', `oss://${BUCKET}/up/`, ...ossFlags(oss), ...small, '--json'], { env: ws.env, cwd: ws.dir });
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.ok).toBe(true);
    expect(summary.files.map((file) => [file.file, file.status, file.destination, file.mode, file.verified])).toEqual([
      ['a.bin', 'success', `oss://${BUCKET}/up/a.bin`, 'put', true],
      ['b.bin', 'success', `oss://${BUCKET}/up/b.bin`, 'multipart', true],
    ]);
    expect(summary.files[1]?.parts).toBe(7);
    expect((await stored(oss, 'up/a.bin')).equals(a)).toBe(true);
    expect((await stored(oss, 'up/b.bin')).equals(b)).toBe(true);
  });

  it('on a pipe prints plain lines (no escape codes) and a summary', async () => {
    await writeBytes(join(ws.dir, 'pipe.bin'), 400 * KIB, 3);
    const run = await runCli(['upload', 'pipe.bin', `oss://${BUCKET}/pipe/`, ...ossFlags(oss), ...small], { env: ws.env, cwd: ws.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('\u001b[');
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('pipe.bin: queued (400.0 KiB)');
    expect(lines).toContain('pipe.bin: uploading');
    expect(lines).toContain('pipe.bin: completing');
    expect(lines.some((line) => /^pipe\.bin: (25|50|75)% \(/.test(line))).toBe(true);
    expect(lines).toContain(`ok      pipe.bin -> oss://${BUCKET}/pipe/pipe.bin  400.0 KiB, multipart, 4 parts, CRC-64 verified`);
    expect(lines[lines.length - 1]).toMatch(/^Uploaded 1 of 1 file, 400\.0 KiB in \d+\.\d s\.$/);
  });

  it('in a terminal draws a progress bar per file (under a pseudo-terminal from script(1))', async () => {
    await writeBytes(join(ws.dir, 'tty.bin'), 400 * KIB, 4);
    const command = ['node', BIN, 'upload', 'tty.bin', `oss://${BUCKET}/tty/`, ...ossFlags(oss), ...small].join(' ');
    const run = await runShell(`script -qec '${command}' /dev/null`, { cwd: ws.dir, env: { ...ws.env, TERM: 'xterm' } });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('\u2588'.repeat(30));
    expect(run.stdout).toMatch(/tty\.bin +\|[\u2588]+\| 100% \| 400\.0 KiB of 400\.0 KiB/);
    expect(run.stdout).toContain('Uploaded 1 of 1 file');
    expect((await stored(oss, 'tty/tty.bin')).length).toBe(400 * KIB);
  });

  it('uploads one file to a presigned URL made by sign put (single PUT with the signed content type)', async () => {
    const bytes = await writeBytes(join(ws.dir, 'via-url.txt'), 5000, 5);
    const sign = await runCli(['sign', 'put', `oss://${BUCKET}/url/via-url.txt`, '--content-type', 'text/plain', '--json', ...ossFlags(oss)], { env: ws.env, cwd: ws.dir });
    const { url } = JSON.parse(sign.stdout) as { url: string };
    const noKeys = { PATH: ws.env.PATH as string, HOME: ws.dir };
    const run = await runCli(['upload', 'via-url.txt', url, '--content-type', 'text/plain', '--json'], { env: noKeys, cwd: ws.dir });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Summary).files[0]).toMatchObject({ status: 'success', mode: 'put', verified: true });
    expect((await stored(oss, 'url/via-url.txt')).equals(bytes)).toBe(true);
    // Without the signed type OSS refuses it: exit 3, and the URL's signature is not printed.
    const refused = await runCli(['upload', 'via-url.txt', url], { env: noKeys, cwd: ws.dir });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('SignatureDoesNotMatch');
    // The URL does not show its signed type: the hint says it was probably signed with one, and
    // neither claims the headers were sent as signed nor blames the secret.
    expect(refused.stderr).toContain('most likely signed with one');
    expect(refused.stderr).toContain('--content-type');
    expect(refused.stderr).not.toContain('sent as signed');
    expect(refused.stderr).not.toContain('most likely signed with an AccessKeySecret');
    const signature = /x-oss-signature=([0-9a-f]+)/.exec(url)?.[1] as string;
    expect(refused.stdout + refused.stderr).not.toContain(signature);
    // --json names the cause for scripts.
    const refusedJson = await runCli(['upload', 'via-url.txt', url, '--json'], { env: noKeys, cwd: ws.dir });
    expect((JSON.parse(refusedJson.stdout) as Summary).files[0]?.error).toMatchObject({ code: 'AUTH', uploadCode: 'SIGNATURE_MISMATCH', hintCause: 'content-type-unknown' });
  });

  it('uploads through an app presign handler with --endpoint (the server picks the key)', async () => {
    const handler = createPresignHandler({
      presigner: createPresigner({ region: REGION, bucket: BUCKET, credentials: CREDENTIALS, endpoint: oss.endpoint }),
      basePath: '/api/oss',
      prefix: 'app',
      maxSize: 64 * 1024 * 1024,
    });
    const app = await serve(handler);
    try {
      const endpoint = app.endpoint;
      const small1 = await writeBytes(join(ws.dir, 'app-small.bin'), 20 * KIB, 6);
      const large = await writeBytes(join(ws.dir, 'app-large.bin'), 450 * KIB, 7);
      const noKeys = { PATH: ws.env.PATH as string, HOME: ws.dir };
      const run = await runCli(['upload', 'app-small.bin', 'app-large.bin', '--endpoint', endpoint, ...small, '--json'], { env: noKeys, cwd: ws.dir });
      expect(run.code, run.stderr).toBe(0);
      const files = (JSON.parse(run.stdout) as Summary).files;
      expect(files.map((file) => file.mode)).toEqual(['put', 'multipart']);
      const [keySmall, keyLarge] = files.map((file) => file.destination as string);
      expect(keySmall).toMatch(/^app\//);
      expect((await stored(oss, keySmall as string)).equals(small1)).toBe(true);
      expect((await stored(oss, keyLarge as string)).equals(large)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('signs in to an app presign handler with --header; a refusal is PRESIGN_FAILED (exit 3), and no header value is printed', async () => {
    const session = 'sid=cli-session-0123456789abcdef';
    const handler = createPresignHandler({
      presigner: createPresigner({ region: REGION, bucket: BUCKET, credentials: CREDENTIALS, endpoint: oss.endpoint }),
      basePath: '/api/oss',
      prefix: 'signed-in',
      // As an app whose sessions live in a cookie and which also wants a CSRF header; its refusal
      // quotes what it got, so the test sees the CLI mask it.
      authorize: ({ headers }) => {
        if (headers.cookie === session && headers['x-csrf-token'] === 'csrf-token-abcdefgh') return { user: 'ann' };
        throw new OssPresignError('UNAUTHORIZED', `Sign in to upload (no session for "${headers.cookie ?? ''}")`);
      },
    });
    const app = await serve(handler);
    try {
      const bytes = await writeBytes(join(ws.dir, 'signed-in.bin'), 3 * KIB, 9);
      const noKeys = { PATH: ws.env.PATH as string, HOME: ws.dir };
      const args = ['upload', 'signed-in.bin', '--endpoint', app.endpoint, '--json'];
      const run = await runCli([...args, '--header', `Cookie: ${session}`, '--header', 'X-CSRF-Token:csrf-token-abcdefgh'], { env: noKeys, cwd: ws.dir });
      expect(run.code, run.stderr).toBe(0);
      const [file] = (JSON.parse(run.stdout) as Summary).files;
      expect(file?.destination).toMatch(/^signed-in\//);
      expect((await stored(oss, file?.destination as string)).equals(bytes)).toBe(true);

      const wrong = 'sid=a-stale-session-987654321';
      const refused = await runCli([...args, '--header', `Cookie: ${wrong}`, '--header', 'X-CSRF-Token: csrf-token-abcdefgh'], { env: noKeys, cwd: ws.dir });
      expect(refused.code).toBe(3);
      const summary = JSON.parse(refused.stdout) as Summary;
      expect(summary.files[0]?.error).toMatchObject({ code: 'AUTH', uploadCode: 'PRESIGN_FAILED' });
      expect(refused.stderr).toContain('The presign endpoint answered 401 UNAUTHORIZED: Sign in to upload (no session for "[redacted]")');
      expect(refused.stderr).not.toContain('callback');
      expect(refused.stdout + refused.stderr).not.toContain('a-stale-session-987654321');
      expect(refused.stdout + refused.stderr).not.toContain('csrf-token-abcdefgh');

      // A malformed --header is a usage error that does not quote the value; so is one sent to OSS.
      const malformed = await runCli([...args, '--header', 'Cookie sid-without-colon-12345'], { env: noKeys, cwd: ws.dir });
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toContain("--header must look like 'Name: value'");
      expect(malformed.stderr).not.toContain('sid-without-colon-12345');
      const toOss = await runCli(['upload', 'signed-in.bin', `oss://${BUCKET}/x/`, ...ossFlags(oss), '--header', 'Cookie: x'], { env: ws.env, cwd: ws.dir });
      expect(toOss.code).toBe(2);
      expect(toOss.stderr).toContain('--header is for the app');
    } finally {
      await app.close();
    }
  });

  it('resumes an interrupted multipart upload: the parts OSS holds are not sent again', async () => {
    const bytes = await writeBytes(join(ws.dir, 'resume.bin'), 600 * KIB, 8);
    const args = ['upload', 'resume.bin', `oss://${BUCKET}/resume/`, ...ossFlags(oss), ...small, '--concurrency', '1', '--json', '--resume-file', 'state.json'];
    // The first two parts go through; every later one fails, and no retry is allowed.
    oss.setFaults([
      { operation: 'UploadPart', first: 2, delayMs: 1 },
      { operation: 'UploadPart', status: 500 },
    ]);
    const first = await runCli([...args, '--retries', '0'], { env: ws.env, cwd: ws.dir });
    expect(first.code).toBe(5);
    expect((JSON.parse(first.stdout) as Summary).files[0]?.error).toMatchObject({ code: 'REFUSED', exitCode: 5 });
    expect(await oss.listMultipartUploads(BUCKET)).toHaveLength(1);

    // Count the part PUTs of the rerun with a harmless 1 ms delay rule.
    oss.setFaults([{ operation: 'UploadPart', delayMs: 1 }]);
    const before = partPuts();
    const second = await runCli(args, { env: ws.env, cwd: ws.dir });
    expect(second.code, second.stderr).toBe(0);
    const file = (JSON.parse(second.stdout) as Summary).files[0];
    expect(file).toMatchObject({ status: 'success', mode: 'multipart', verified: true, parts: 6, resumedParts: [1, 2], uploadedParts: [3, 4, 5, 6] });
    expect(partPuts() - before).toBe(4);
    expect((await stored(oss, 'resume/resume.bin')).equals(bytes)).toBe(true);
  });

  it('Ctrl-C keeps the upload for resume (exit 130); the same command then finishes it', async () => {
    const bytes = await writeBytes(join(ws.dir, 'sigint.bin'), 800 * KIB, 9);
    const args = ['upload', 'sigint.bin', `oss://${BUCKET}/sigint/`, ...ossFlags(oss), ...small, '--concurrency', '1', '--resume-file', 'sigint.json'];
    // Parts after the first two hang, so the interrupt lands mid-upload.
    oss.setFaults([
      { operation: 'UploadPart', first: 2, delayMs: 1 },
      { operation: 'UploadPart', delayMs: 120_000 },
    ]);
    let signalled = false;
    const { result } = spawnCli(args, {
      env: ws.env,
      cwd: ws.dir,
      onStdout: (text, child) => {
        if (!signalled && /sigint\.bin: 25%/.test(text)) {
          signalled = true;
          child.kill('SIGINT');
        }
      },
    });
    const first = await result;
    expect(first.code).toBe(130);
    expect(first.stderr).toContain('interrupted by SIGINT; run the same command again to resume');

    oss.setFaults([{ operation: 'UploadPart', delayMs: 1 }]);
    const before = partPuts();
    const second = await runCli([...args, '--json'], { env: ws.env, cwd: ws.dir });
    expect(second.code, second.stderr).toBe(0);
    const file = (JSON.parse(second.stdout) as Summary).files[0];
    expect(file?.parts).toBe(8);
    expect((file?.resumedParts?.length ?? 0) + (file?.uploadedParts?.length ?? 0)).toBe(8);
    expect(file?.resumedParts?.length).toBeGreaterThanOrEqual(1);
    expect(partPuts() - before).toBe(file?.uploadedParts?.length);
    expect((await stored(oss, 'sigint/sigint.bin')).equals(bytes)).toBe(true);
  });
});
