// The OSS guide this project grew from ("Upload files using signed URLs", Go SDK V2), replayed
// against the emulator with @oss-presign/core as the object owner and real curl / fetch as the
// uploader: the basic PUT, headers and metadata, multipart with per-part URLs, callbacks, and the
// troubleshooting causes.
import { execFile } from 'node:child_process';
import { createHash, randomBytes, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPresigner } from '@oss-presign/core';
import { type Emulator, startEmulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const credentials = { accessKeyId: 'LTAI5tSeedGuide', accessKeySecret: 'SeedGuideSecret0123456789abcdef' };
let oss: Emulator;
let workDir: string;

beforeAll(async () => {
  oss = await startEmulator({ port: 0, region: 'cn-hangzhou', buckets: ['examplebucket'], credentials: [credentials] });
  workDir = await mkdtemp(join(tmpdir(), 'seed-guide-'));
});

afterAll(async () => {
  await oss?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function presigner(now?: () => Date) {
  return createPresigner({ region: 'cn-hangzhou', bucket: 'examplebucket', credentials, endpoint: oss.endpoint, now });
}

/** curl -X PUT -T file [-H ...] url; returns status, body and response headers. */
async function curlPut(url: string, file: string, headers: Record<string, string> = {}) {
  const args = ['-sS', '-X', 'PUT', '-T', file, '-D', '-', '-o', join(workDir, 'curl-body.txt')];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  const { stdout } = await run('curl', args);
  // The dump may start with "HTTP/1.1 100 Continue" (curl sends Expect: 100-continue): take the last.
  const status = Number([...stdout.matchAll(/^HTTP\/[\d.]+ (\d{3})/gm)].at(-1)?.[1]);
  return { status, head: stdout, body: await readFile(join(workDir, 'curl-body.txt'), 'utf8') };
}

// Vitest's deep equality walks a Buffer byte by byte (seconds for megabytes): compare digests.
function digest(bytes: Uint8Array | undefined): string | undefined {
  return bytes && createHash('sha256').update(bytes).digest('hex');
}

function xmlField(xml: string, field: string): string | undefined {
  return new RegExp(`<${field}>([^<]*)</${field}>`).exec(xml)?.[1];
}

describe('the seed guide, step by step', () => {
  it('presigns a PUT for 10 minutes and uploads it with curl -T', async () => {
    const result = await presigner().presign({ operation: 'PutObject', key: 'exampleobject.txt' }, { expires: 600 });
    expect(result.method).toBe('PUT');
    expect(result.signedHeaders).toEqual({});
    expect(result.expiration.getTime() - Date.now()).toBeGreaterThan(590_000);
    const file = join(workDir, 'basic.bin');
    const bytes = randomBytes(64 * 1024 + 3);
    await writeFile(file, bytes);

    const response = await curlPut(result.url, file);
    expect(response.status).toBe(200);
    const md5 = createHash('md5').update(bytes).digest('hex').toUpperCase();
    expect(response.head).toMatch(new RegExp(`^etag: "${md5}"`, 'im'));
    expect(digest(await oss.getObjectBytes('examplebucket', 'exampleobject.txt'))).toBe(digest(bytes));
  });

  it('binds content type, storage class and metadata: curl must send exactly the signed headers', async () => {
    const result = await presigner().presign(
      {
        operation: 'PutObject',
        key: 'with-metadata.txt',
        contentType: 'text/plain;charset=utf8',
        storageClass: 'Standard',
        metadata: { key1: 'value1', key2: 'value2' },
      },
      { expires: 600 },
    );
    expect(result.signedHeaders).toEqual({
      'content-type': 'text/plain;charset=utf8',
      'x-oss-meta-key1': 'value1',
      'x-oss-meta-key2': 'value2',
      'x-oss-storage-class': 'Standard',
    });
    const file = join(workDir, 'meta.txt');
    await writeFile(file, 'hello, metadata');

    // Troubleshooting cause 1: a signed header not sent by the uploader.
    const missing = await curlPut(result.url, file, { 'content-type': 'text/plain;charset=utf8' });
    expect(missing.status).toBe(403);
    expect(xmlField(missing.body, 'Code')).toBe('SignatureDoesNotMatch');
    // OSS shows what it computed from what it received: the metadata lines are not there.
    expect(xmlField(missing.body, 'CanonicalRequest')).toContain('content-type:text/plain;charset=utf8');
    expect(xmlField(missing.body, 'CanonicalRequest')).not.toContain('x-oss-meta-key1');

    // Troubleshooting cause 2: the content type differs from the signed one.
    const wrongType = await curlPut(result.url, file, { ...result.signedHeaders, 'content-type': 'text/html' });
    expect(wrongType.status).toBe(403);
    expect(xmlField(wrongType.body, 'Code')).toBe('SignatureDoesNotMatch');
    expect(await oss.getObjectBytes('examplebucket', 'with-metadata.txt')).toBeUndefined();

    const ok = await curlPut(result.url, file, result.signedHeaders);
    expect(ok.status).toBe(200);
    const head = await presigner().presign({ operation: 'HeadObject', key: 'with-metadata.txt' });
    const headResponse = await fetch(head.url, { method: 'HEAD' });
    expect(headResponse.status).toBe(200);
    expect(headResponse.headers.get('content-type')).toBe('text/plain;charset=utf8');
    expect(headResponse.headers.get('x-oss-meta-key1')).toBe('value1');
    expect(headResponse.headers.get('x-oss-storage-class')).toBe('Standard');
  });

  it('rejects a URL altered after generation, an expired URL and a wrong region', async () => {
    const file = join(workDir, 'tiny.txt');
    await writeFile(file, 'x');
    const good = await presigner().presign({ operation: 'PutObject', key: 'tiny.txt' }, { expires: 60 });

    // Cause 3: the URL modified after generation (the key re-encoded differently is another request).
    const altered = good.url.replace('tiny.txt', 'tiny2.txt');
    expect(xmlField((await curlPut(altered, file)).body, 'Code')).toBe('SignatureDoesNotMatch');

    // Cause 4: expired (signed two hours ago for one hour).
    const old = await presigner(() => new Date(Date.now() - 2 * 3_600_000)).presign(
      { operation: 'PutObject', key: 'tiny.txt' },
      { expires: 3600 },
    );
    const expired = await curlPut(old.url, file);
    expect(expired.status).toBe(403);
    expect(xmlField(expired.body, 'Code')).toBe('AccessDenied');
    expect(xmlField(expired.body, 'Message')).toMatch(/expired/i);

    // Cause 6: the wrong region in the credential scope.
    const otherRegion = createPresigner({ region: 'cn-beijing', bucket: 'examplebucket', credentials, endpoint: oss.endpoint });
    const wrong = await otherRegion.presign({ operation: 'PutObject', key: 'tiny.txt' });
    const wrongRegion = await curlPut(wrong.url, file);
    expect(wrongRegion.status).toBeGreaterThanOrEqual(400);
    expect(wrongRegion.status).toBeLessThan(500);
    expect(await oss.getObjectBytes('examplebucket', 'tiny.txt')).toBeUndefined();
  });

  it('does the multipart upload of the guide: 5000 KiB in 200 KiB parts, one presigned URL per part', async () => {
    const owner = presigner();
    const key = 'multipart/guide.bin';
    const length = 5000 * 1024;
    const partSize = 200 * 1024;
    const partsNum = Math.floor(length / partSize) + 1; // as the guide: the last part is empty
    const data = randomBytes(length);

    const initiate = await owner.signRequest({ operation: 'InitiateMultipartUpload', key });
    const initiated = await fetch(initiate.url, { method: initiate.method, headers: initiate.headers });
    expect(initiated.status).toBe(200);
    const uploadId = xmlField(await initiated.text(), 'UploadId');
    expect(uploadId).toBeTruthy();

    for (let i = 0; i < partsNum; i++) {
      const part = data.subarray(i * partSize, Math.min((i + 1) * partSize, length));
      const signed = await owner.presign(
        { operation: 'UploadPart', key, uploadId: uploadId as string, partNumber: i + 1 },
        { expiration: new Date(Date.now() + 3_600_000) },
      );
      const response = await fetch(signed.url, { method: signed.method, body: part });
      const answer = await response.text();
      expect(response.status, `part ${i + 1}: ${answer}`).toBe(200);
    }

    const list = await owner.signRequest({ operation: 'ListParts', key, uploadId: uploadId as string });
    const listXml = await (await fetch(list.url, { headers: list.headers })).text();
    const parts = [...listXml.matchAll(/<Part>[\s\S]*?<PartNumber>(\d+)<\/PartNumber>[\s\S]*?<ETag>([^<]+)<\/ETag>[\s\S]*?<\/Part>/g)].map(
      (match) => ({ partNumber: Number(match[1]), etag: match[2] as string }),
    );
    expect(parts).toHaveLength(partsNum);

    const complete = await owner.signRequest({ operation: 'CompleteMultipartUpload', key, uploadId: uploadId as string });
    const body = `<CompleteMultipartUpload>${parts
      .map((part) => `<Part><PartNumber>${part.partNumber}</PartNumber><ETag>${part.etag.replace(/&quot;/g, '"')}</ETag></Part>`)
      .join('')}</CompleteMultipartUpload>`;
    // A string body would make fetch add "content-type: text/plain;charset=UTF-8", a header the
    // signature did not cover (the guide's Content-Type trap): send bytes.
    const completed = await fetch(complete.url, { method: 'POST', headers: complete.headers, body: Buffer.from(body) });
    const completedXml = await completed.text();
    expect(completed.status, completedXml).toBe(200);
    expect(xmlField(completedXml, 'ETag')).toMatch(new RegExp(`^(&quot;|")[0-9A-F]{32}-${partsNum}(&quot;|")$`));
    expect(digest(await oss.getObjectBytes('examplebucket', key))).toBe(digest(data));
    expect(await oss.listMultipartUploads('examplebucket')).toEqual([]);
  });
});

describe('upload callbacks from the guide', () => {
  let callbackServer: ReturnType<typeof createServer>;
  let callbackUrl: string;
  const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    callbackServer = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = JSON.stringify({ Status: 'OK' });
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
        response.end(answer);
      });
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/oss-callback`;
  });

  afterAll(async () => {
    await new Promise((resolve) => callbackServer?.close(resolve));
  });

  const callbackBody = 'bucket=${bucket}&object=${object}&size=${size}&my_var_1=${x:my_var1}&my_var_2=${x:my_var2}';
  const callbackVar = { 'x:my_var1': 'this is var 1', 'x:my_var2': 'this is var 2' };

  async function verifySignature(entry: { path: string; headers: IncomingHttpHeaders; body: string }) {
    const publicKeyUrl = Buffer.from(String(entry.headers['x-oss-pub-key-url']), 'base64').toString('utf8');
    const pem = await (await fetch(publicKeyUrl)).text();
    const [path, query] = entry.path.split('?');
    const signed = `${decodeURIComponent(path ?? '')}${query ? `?${query}` : ''}\n${entry.body}`;
    return verify('RSA-MD5', Buffer.from(signed), pem, Buffer.from(String(entry.headers.authorization), 'base64'));
  }

  it('sends callback parameters as signed x-oss-callback headers, as the guide does', async () => {
    const callback = Buffer.from(JSON.stringify({ callbackUrl, callbackBody, callbackBodyType: 'application/x-www-form-urlencoded' })).toString('base64');
    const callbackVarHeader = Buffer.from(JSON.stringify(callbackVar)).toString('base64');
    const result = await presigner().presign(
      { operation: 'Generic', method: 'PUT', key: 'callback/header.txt', headers: { 'x-oss-callback': callback, 'x-oss-callback-var': callbackVarHeader } },
      { expires: 600 },
    );
    expect(Object.keys(result.signedHeaders).sort()).toEqual(['x-oss-callback', 'x-oss-callback-var']);
    const file = join(workDir, 'callback.txt');
    await writeFile(file, 'callback payload');
    const response = await curlPut(result.url, file, result.signedHeaders);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ Status: 'OK' });
    const entry = received.at(-1);
    expect(entry?.body).toBe('bucket=examplebucket&object=callback%2Fheader.txt&size=16&my_var_1=this%20is%20var%201&my_var_2=this%20is%20var%202');
    expect(await verifySignature(entry as (typeof received)[number])).toBe(true);
  });

  it('falls into the Content-Type trap when the runtime adds an unsigned content type', async () => {
    const result = await presigner().presign({ operation: 'PutObject', key: 'trap.txt' });
    // fetch adds "content-type: text/plain;charset=UTF-8" to a string body; OSS signs content-type.
    const response = await fetch(result.url, { method: 'PUT', body: 'hello' });
    expect(response.status).toBe(403);
    expect(xmlField(await response.text(), 'Code')).toBe('SignatureDoesNotMatch');
  });

  it('sends them as query parameters with the presigner (no headers for the uploader to send)', async () => {
    const result = await presigner().presign({
      operation: 'PutObject',
      key: 'callback/query.txt',
      callback: { callbackUrl, callbackBody, callbackBodyType: 'application/x-www-form-urlencoded' },
      callbackVar,
    });
    expect(result.signedHeaders).toEqual({});
    const response = await fetch(result.url, { method: 'PUT', body: Buffer.from('hello') });
    const answer = await response.text();
    expect(response.status, answer).toBe(200);
    expect(JSON.parse(answer)).toEqual({ Status: 'OK' });
    const entry = received.at(-1) as (typeof received)[number];
    expect(entry.body).toContain('object=callback%2Fquery.txt&size=5');
    expect(await verifySignature(entry)).toBe(true);
  });
});
