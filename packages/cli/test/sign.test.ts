import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, CREDENTIALS, type Workspace, curlLine, ossFlags, runCli, runShell, startOss, stored, workspace, writeBytes } from './helpers.js';

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

describe('oss-presign sign', () => {
  it('sign put prints method, URL, expiration, signed headers and a curl command that uploads', async () => {
    await writeFile(join(ws.dir, 'note.txt'), 'hello from curl\n');
    const run = await runCli(
      ['sign', 'put', `oss://${BUCKET}/notes/note.txt`, '--expires', '10m', '--content-type', 'text/plain', '--meta', 'owner=ann', ...ossFlags(oss)],
      { env: ws.env, cwd: ws.dir },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Method: +PUT$/m);
    expect(run.stdout).toMatch(new RegExp(`^URL: +${oss.endpoint}/demo/notes/note.txt\\?.*x-oss-expires=600`, 'm'));
    expect(run.stdout).toMatch(/^Expiration: +\d{4}-\d\d-\d\dT/m);
    expect(run.stdout).toContain('  content-type: text/plain');
    expect(run.stdout).toContain('  x-oss-meta-owner: ann');
    const curl = await runShell(curlLine(run.stdout), { cwd: ws.dir });
    expect(curl.code, curl.stdout + curl.stderr).toBe(0);
    expect((await stored(oss, 'notes/note.txt')).toString()).toBe('hello from curl\n');
  });

  it('the curl command without the signed content type would be refused: the headers matter', async () => {
    const run = await runCli(['sign', 'put', `oss://${BUCKET}/notes/strict.txt`, '--content-type', 'text/plain', '--file', 'note.txt', ...ossFlags(oss)], {
      env: ws.env,
      cwd: ws.dir,
    });
    const bare = curlLine(run.stdout).replace(" -H 'content-type: text/plain'", '');
    const curl = await runShell(bare, { cwd: ws.dir });
    expect(curl.code).not.toBe(0);
    expect(curl.stdout).toContain('SignatureDoesNotMatch');
  });

  it('sign get --json gives a URL that fetch downloads, and a curl that writes the file', async () => {
    const bytes = await writeBytes(join(ws.dir, 'blob.bin'), 3000, 7);
    await runShell(curlLine((await runCli(['sign', 'put', `oss://${BUCKET}/blob.bin`, ...ossFlags(oss)], { env: ws.env, cwd: ws.dir })).stdout), { cwd: ws.dir });
    const run = await runCli(['sign', 'get', `oss://${BUCKET}/blob.bin`, '--json', '--output', 'copy.bin', ...ossFlags(oss)], { env: ws.env, cwd: ws.dir });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { operation: string; method: string; url: string; expiration: string; signedHeaders: object; curl: string };
    expect(json).toMatchObject({ operation: 'GetObject', method: 'GET', bucket: BUCKET, key: 'blob.bin', signedHeaders: {} });
    expect(Number.isNaN(Date.parse(json.expiration))).toBe(false);
    const response = await fetch(json.url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await runShell(json.curl, { cwd: ws.dir })).code).toBe(0);
    expect((await readFile(join(ws.dir, 'copy.bin'))).equals(bytes)).toBe(true);
  });

  it('the multipart steps, each sent with its printed curl: initiate, part, list-parts, complete', async () => {
    const target = `oss://${BUCKET}/steps/big.bin`;
    const initiate = await runCli(['sign', 'initiate', target, '--content-type', 'application/octet-stream', ...ossFlags(oss)], { env: ws.env, cwd: ws.dir });
    const started = await runShell(curlLine(initiate.stdout), { cwd: ws.dir });
    expect(started.code, started.stdout).toBe(0);
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(started.stdout)?.[1] as string;
    expect(uploadId).toBeTruthy();

    const part1 = await writeBytes(join(ws.dir, 'part-1'), 200 * 1024, 1);
    const part2 = await writeBytes(join(ws.dir, 'part-2'), 1234, 2);
    const etags: string[] = [];
    for (const n of [1, 2]) {
      const sign = await runCli(['sign', 'part', target, String(n), '--upload-id', uploadId, ...ossFlags(oss)], { env: ws.env, cwd: ws.dir });
      const sent = await runShell(`${curlLine(sign.stdout)} -D -`, { cwd: ws.dir });
      expect(sent.code, sent.stdout).toBe(0);
      etags.push(/etag: ("[^"]+")/i.exec(sent.stdout)?.[1] as string);
    }

    const list = await runCli(['sign', 'list-parts', target, '--upload-id', uploadId, '--json', ...ossFlags(oss)], { env: ws.env, cwd: ws.dir });
    const listed = await runShell((JSON.parse(list.stdout) as { curl: string }).curl, { cwd: ws.dir });
    expect(listed.stdout.match(/<PartNumber>/g)).toHaveLength(2);

    const xml = `<CompleteMultipartUpload>${etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
    await writeFile(join(ws.dir, 'complete.xml'), xml);
    const complete = await runCli(['sign', 'complete', target, '--upload-id', uploadId, ...ossFlags(oss)], { env: ws.env, cwd: ws.dir });
    expect(curlLine(complete.stdout)).toContain("--data-binary '@complete.xml'");
    const done = await runShell(curlLine(complete.stdout), { cwd: ws.dir });
    expect(done.code, done.stdout).toBe(0);
    expect((await stored(oss, 'steps/big.bin')).equals(Buffer.concat([part1, part2]))).toBe(true);
  });

  it('sign abort gives a DELETE that removes the upload', async () => {
    const target = `oss://${BUCKET}/steps/aborted.bin`;
    const initiate = await runCli(['sign', 'initiate', target, ...ossFlags(oss)], { env: ws.env, cwd: ws.dir });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec((await runShell(curlLine(initiate.stdout), { cwd: ws.dir })).stdout)?.[1] as string;
    const abort = await runCli(['sign', 'abort', target, '--upload-id', uploadId, ...ossFlags(oss)], { env: ws.env, cwd: ws.dir });
    expect(curlLine(abort.stdout)).toContain('-X DELETE');
    expect((await runShell(curlLine(abort.stdout), { cwd: ws.dir })).code).toBe(0);
    expect((await oss.listMultipartUploads(BUCKET)).map((upload) => upload.uploadId)).not.toContain(uploadId);
  });

  it('reads region, endpoint and keys from a --profile of the config file', async () => {
    const config = join(ws.dir, 'config');
    await writeFile(
      config,
      `[emu]\nregion = cn-hangzhou\nendpoint = ${oss.endpoint}\naccess_key_id = ${CREDENTIALS.accessKeyId}\naccess_key_secret = ${CREDENTIALS.accessKeySecret}\n`,
    );
    const env = { PATH: ws.env.PATH as string, HOME: ws.dir, OSS_PRESIGN_CONFIG: config };
    const run = await runCli(['sign', 'get', `oss://${BUCKET}/blob.bin`, '--profile', 'emu', '--json'], { env, cwd: ws.dir });
    expect(run.code, run.stderr).toBe(0);
    expect((await fetch((JSON.parse(run.stdout) as { url: string }).url)).status).toBe(200);
    const missing = await runCli(['sign', 'get', `oss://${BUCKET}/blob.bin`, '--profile', 'nope'], { env, cwd: ws.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no [nope] section');
  });
});
