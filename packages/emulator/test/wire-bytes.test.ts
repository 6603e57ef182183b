// Header values sent as raw UTF-8 bytes: OSS signs the bytes on the wire and stores and echoes them
// as they came. ali-oss sends metadata that way with its headerEncoding option.

import { createHmac, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signV4Header, v1StringToSign } from '@oss-presign/core/signer';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import {
  BUCKET, CREDENTIALS, encodeKeyPath, errorCodeOf, expectSameBytes, REGION, rawExchange, rawRequest, startTestEmulator,
} from './helpers.js';

let oss: Emulator;
let workDir: string;
const TEXT = '阿达的大多';
/** The UTF-8 bytes of `text` as a latin1 string: what node:http writes byte for byte. */
const onWire = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
/** A header value node:http received, back to the UTF-8 text its bytes spell. */
const fromWire = (value: unknown) => Buffer.from(String(value), 'latin1').toString('utf8');

beforeAll(async () => {
  oss = await startTestEmulator();
  workDir = await mkdtemp(join(tmpdir(), 'wire-bytes-'));
});
afterAll(async () => {
  await oss.close();
  await rm(workDir, { recursive: true, force: true });
});

function aliOss(options: Record<string, unknown> = {}): any {
  return new OSS({
    region: 'oss-cn-hangzhou', bucket: BUCKET, endpoint: `http://localhost:${oss.port}`, sldEnable: true,
    accessKeyId: CREDENTIALS.accessKeyId, accessKeySecret: CREDENTIALS.accessKeySecret, ...options,
  });
}

/**
 * Writes a raw request and reads until the server closes (Connection: close). Unlike rawExchange it
 * does not half-close first: Node's server ends a half-closed socket that has no answer ready yet.
 */
function exchangeUntilClose(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const url = new URL(oss.endpoint);
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

async function headRaw(key: string) {
  const { headers } = signV4Header({ method: 'HEAD', bucket: BUCKET, key, region: REGION, credentials: CREDENTIALS, signTime: new Date() });
  return rawRequest(oss.endpoint, { method: 'HEAD', path: `/${BUCKET}/${encodeKeyPath(key)}`, headers });
}

describe('UTF-8 bytes in signed header values', () => {
  it.each([
    ['V1', false],
    ['V4', true],
  ])('ali-oss with headerEncoding puts metadata %s-signed; the bytes come back unchanged', async (_name, authorizationV4) => {
    const client = aliOss({ headerEncoding: 'latin1', authorizationV4 });
    const key = `wire/ali-${authorizationV4 ? 'v4' : 'v1'}.txt`;
    const put = await client.put(key, Buffer.from('x'), { meta: { name: TEXT, plain: 'ascii' } });
    expect(put.res.status).toBe(200);
    const head = await headRaw(key);
    expect(head.status).toBe(200);
    expect(fromWire(head.headers['x-oss-meta-name'])).toBe(TEXT);
    expect(head.headers['x-oss-meta-plain']).toBe('ascii');
  });

  // Core's signers refuse header values HTTP clients cannot send (a browser's fetch throws on
  // them), so the two cases below sign as a third-party V1 client does: the string to sign holds
  // the text, HMAC-SHA1 runs over its UTF-8 bytes (doc "Include a V1 signature in the Authorization header").
  function v1Authorization(key: string, headers: Record<string, string>, date: string): string {
    const text = v1StringToSign({ method: 'PUT', bucket: BUCKET, key, credentials: CREDENTIALS, headers }, {}, date);
    return `OSS ${CREDENTIALS.accessKeyId}:${createHmac('sha1', CREDENTIALS.accessKeySecret).update(text, 'utf8').digest('base64')}`;
  }

  it('a client that signs the text is verified over the UTF-8 bytes on the wire; core refuses to sign it and names the fix', async () => {
    expect(() => signV4Header({ method: 'PUT', bucket: BUCKET, key: 'wire/core.txt', region: REGION, credentials: CREDENTIALS, headers: { 'x-oss-meta-name': TEXT }, signTime: new Date() })).toThrow(/percent-encode/);
    const key = 'wire/client-v1.txt';
    const date = new Date().toUTCString();
    const headers = { date, authorization: v1Authorization(key, { 'x-oss-meta-name': TEXT }, date), 'x-oss-meta-name': onWire(TEXT) };
    const response = await rawRequest(oss.endpoint, { method: 'PUT', path: `/${BUCKET}/${key}`, headers, body: Buffer.from('x') });
    expect(response.status).toBe(200);
    expect(fromWire((await headRaw(key)).headers['x-oss-meta-name'])).toBe(TEXT);
  });

  it('a signature over other bytes is still SignatureDoesNotMatch', async () => {
    // Signed over the text's latin1 reading (what the emulator used to hash), sent as UTF-8 bytes.
    const key = 'wire/forged.txt';
    const date = new Date().toUTCString();
    const headers = { date, authorization: v1Authorization(key, { 'x-oss-meta-name': onWire(TEXT) }, date), 'x-oss-meta-name': onWire(TEXT) };
    const response = await rawRequest(oss.endpoint, { method: 'PUT', path: `/${BUCKET}/${key}`, headers, body: Buffer.from('x') });
    expect(response.status).toBe(403);
    expect(errorCodeOf(response)).toBe('SignatureDoesNotMatch');
  });

  it('refuses a signed header whose bytes are not UTF-8 with InvalidArgument', async () => {
    const { headers } = signV4Header({ method: 'PUT', bucket: BUCKET, key: 'wire/latin1.txt', region: REGION, credentials: CREDENTIALS, signTime: new Date() });
    // \xe9 alone is latin1 é, not UTF-8.
    const response = await rawRequest(oss.endpoint, {
      method: 'PUT', path: `/${BUCKET}/wire/latin1.txt`, headers: { ...headers, 'x-oss-meta-name': '\xe9' }, body: Buffer.from('x'),
    });
    expect(response.status).toBe(400);
    expect(errorCodeOf(response)).toBe('InvalidArgument');
    expect(await oss.getObjectBytes(BUCKET, 'wire/latin1.txt')).toBeUndefined();
  });
});

describe('a PUT with both Content-Length and Transfer-Encoding: chunked', () => {
  it('is read as chunked (raw socket)', async () => {
    const key = 'wire/both.txt';
    const { headers } = signV4Header({ method: 'PUT', bucket: BUCKET, key, region: REGION, credentials: CREDENTIALS, signTime: new Date() });
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
    const text = [
      `PUT /${BUCKET}/${key} HTTP/1.1`, `Host: ${new URL(oss.endpoint).host}`, 'Connection: close', ...lines,
      'Content-Length: 11', 'Transfer-Encoding: chunked', '', '5', 'hello', '6', ' world', '0', '', '',
    ].join('\r\n');
    const answer = await exchangeUntilClose(text);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect((await oss.getObjectBytes(BUCKET, key))?.toString()).toBe('hello world');
  });

  it('is what ali-oss sends for put(name, readStream) with a Content-Length header', async () => {
    const file = join(workDir, 'stream.bin');
    const body = randomBytes(300 * 1024);
    await writeFile(file, body);
    for (const authorizationV4 of [false, true]) {
      const key = `wire/stream-${authorizationV4}.bin`;
      const result = await aliOss({ authorizationV4 }).put(key, createReadStream(file), { headers: { 'Content-Length': body.length } });
      expect(result.res.status).toBe(200);
      expectSameBytes(await oss.getObjectBytes(BUCKET, key), body);
    }
  });

  it('still refuses control characters in a header value with OSS XML', async () => {
    const answer = await rawExchange(
      oss.endpoint,
      `GET /${BUCKET}/a HTTP/1.1\r\nHost: ${new URL(oss.endpoint).host}\r\nConnection: close\r\nX-Oss-Meta-A: a\x01b\r\n\r\n`,
    );
    expect(answer.statusLine).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.text).toContain('<Code>InvalidArgument</Code>');
  });
});
