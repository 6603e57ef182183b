/**
 * A presigned URL is a bearer token. Every failure path of the uploader is driven here with
 * recognisable secrets (an STS token, an AccessKeySecret, the signatures of the URLs used), and
 * all the text each failure produces (message, String(), JSON, hint, OSS details, the cause chain,
 * the store's snapshot, console output) is searched for them.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Presigner } from '@oss-presign/core';
import {
  OssUploadError,
  type PresignedTarget,
  type Transport,
  createFetchTransport,
  createNodeHttpTransport,
  createPresignClient,
  createUploader,
  uploadObject,
} from '@oss-presign/core/upload/node';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { presignerFor, startOss } from './helpers.js';

const SECRET = 'SECRETsk7f3aQ9zSECRET';
const TOKEN = 'TOKENsts9c1eZ8yTOKEN+/=';
const STS = { accessKeyId: 'sts-ak', accessKeySecret: SECRET, securityToken: TOKEN };
const needles = new Set<string>([SECRET, TOKEN, encodeURIComponent(TOKEN)]);

let oss: Emulator;
const presigners: Record<'v4' | 'v1', Presigner> = {} as never;
let console_: string[] = [];

beforeAll(async () => {
  oss = await startOss({ credentials: [STS] });
  presigners.v4 = presignerFor(oss, { credentials: STS });
  presigners.v1 = presignerFor(oss, { credentials: STS, signatureVersion: 'v1' });
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      console_.push(args.map((arg) => textOf(arg)).join(' '));
    });
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await oss?.close();
});
afterEach(() => {
  expect(leaks(console_.join('\n'))).toEqual([]);
  console_ = [];
});

/** The signature of a presigned URL, remembered as a needle (raw and as it appears encoded). */
function remember(target: PresignedTarget): PresignedTarget {
  const query = new URL(target.url).searchParams;
  const signature = query.get('x-oss-signature') ?? query.get('Signature');
  expect(signature).toBeTruthy();
  needles.add(signature as string);
  needles.add(encodeURIComponent(signature as string));
  expect(target.url).toContain(encodeURIComponent(TOKEN));
  return target;
}

async function signed(version: 'v4' | 'v1', key: string, extra: Record<string, unknown> = {}): Promise<PresignedTarget> {
  return remember(await presigners[version].presign({ operation: 'PutObject', key, ...extra } as Parameters<Presigner['presign']>[0]));
}

/** Every piece of text an error exposes: own properties, message, stack, JSON, the cause chain. */
function textOf(value: unknown, depth = 0): string {
  if (value === null || value === undefined || depth > 6) return '';
  if (typeof value !== 'object') return String(value);
  const parts: string[] = [];
  if (value instanceof Error) parts.push(value.message, value.stack ?? '', String(value));
  try {
    parts.push(JSON.stringify(value));
  } catch {
    // circular: the properties below still count
  }
  for (const key of Object.getOwnPropertyNames(value)) parts.push(textOf((value as Record<string, unknown>)[key], depth + 1));
  return parts.join('\n');
}

function leaks(text: string): string[] {
  return [...needles].filter((needle) => text.includes(needle));
}

async function failureOf(promise: Promise<unknown>): Promise<OssUploadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OssUploadError);
  expect(leaks(textOf(error))).toEqual([]);
  return error as OssUploadError;
}

const body = () => new TextEncoder().encode('hello');
const rewriting = (rewrite: (headers: Record<string, string>) => Record<string, string>, inner: Transport = createNodeHttpTransport()): Transport => ({
  ...inner,
  send: (request) => inner.send({ ...request, headers: rewrite({ ...request.headers }) }),
});

async function closedPort(): Promise<number> {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each(['v4', 'v1'] as const)('no secret in any uploader failure (%s URLs with an STS token)', (version) => {
  it('an invalid header value (Node: "Invalid character in header content")', async () => {
    const target = await signed(version, 's/invalid.txt');
    const error = await failureOf(uploadObject({ target, body: body(), retry: { retries: 0 }, transport: rewriting((h) => ({ ...h, 'x-oss-meta-a': '报告' })) }));
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toMatch(/Cannot send http:\/\/127\.0\.0\.1:\d+\/demo\/s\/invalid\.txt\?.*\[redacted\]/);
  });

  it('a URL Node cannot send (unescaped space) and one that does not parse', async () => {
    const target = await signed(version, 's/space.txt');
    const spaced = await failureOf(uploadObject({ target: { ...target, url: target.url.replace('/s/space.txt', '/s/a b.txt') }, body: body(), retry: { retries: 0 } }));
    expect(spaced.code).toBe('INVALID_OPTIONS');
    const broken = await failureOf(uploadObject({ target: { ...target, url: target.url.replace('http://', 'http://[') }, body: body(), retry: { retries: 0 } }));
    expect(broken.code).toBe('INVALID_OPTIONS');
    expect(broken.message).toContain('Not a URL');
  });

  it('a network error, through node:http and through fetch (retried, then given up)', async () => {
    const target = await signed(version, 's/net.txt');
    const port = await closedPort();
    const url = target.url.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`);
    for (const transport of [createNodeHttpTransport(), createFetchTransport()]) {
      const error = await failureOf(uploadObject({ target: { ...target, url }, body: body(), transport, retry: { retries: 1, baseDelayMs: 1 } }));
      expect(error.code).toBe('NETWORK_ERROR');
    }
    // fetch puts the whole URL in its message when it cannot parse it.
    const unparsable = await failureOf(uploadObject({ target: { ...target, url: url.replace('http://', 'http://[') }, body: body(), transport: createFetchTransport(), retry: { retries: 0 } }));
    expect(unparsable.code).toBe('NETWORK_ERROR');
    expect(unparsable.message).toContain('[redacted]');
  });

  it('a 403 with OSS\'s XML: OSS\'s view of the request quotes the token, the error does not', async () => {
    const target = await signed(version, 's/403.txt', { metadata: { owner: 'alice' } });
    const error = await failureOf(uploadObject({ target, body: body(), retry: { retries: 0 }, transport: rewriting(({ 'x-oss-meta-owner': _, ...rest }) => rest) }));
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'signed-header-missing' });
    const view = error.oss?.canonicalRequest ?? error.oss?.stringToSign ?? '';
    expect(view).toContain('security-token=[redacted]');
    const altered = await failureOf(uploadObject({ target: { ...target, url: target.url.replace('/s/403.txt', '/s/other.txt') }, body: body(), retry: { retries: 0 }, transport: rewriting((h) => h) }));
    expect(altered.hint).toContain('/s/other.txt');
  });

  it('an expired URL', async () => {
    const target = remember(await presignerFor(oss, { credentials: STS, signatureVersion: version, now: () => new Date(Date.now() - 20 * 60_000) }).presign({ operation: 'PutObject', key: 's/expired.txt' }));
    const error = await failureOf(uploadObject({ target, body: body(), retry: { retries: 0 } }));
    expect(error).toMatchObject({ code: 'URL_EXPIRED', hintCause: 'url-expired' });
  });

  it('an abort, with a reason that quotes the URL', async () => {
    const target = await signed(version, 's/abort.txt');
    const controller = new AbortController();
    controller.abort(new Error(`user left ${target.url}`));
    const error = await failureOf(uploadObject({ target, body: body(), signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
  });

  it('a CRC-64 mismatch (a proxy that corrupts the body after it was hashed)', async () => {
    const target = await signed(version, 's/crc.txt');
    const inner = createNodeHttpTransport();
    const corrupting: Transport = {
      ...inner,
      async send(request) {
        const response = await inner.send(request);
        return { ...response, headers: { ...response.headers, 'x-oss-hash-crc64ecma': '1' } };
      },
    };
    const error = await failureOf(uploadObject({ target, body: body(), retry: { retries: 0 }, transport: corrupting }));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
  });

  it('a target function that fails quoting a URL, and the store\'s error state', async () => {
    const target = await signed(version, 's/callback.txt');
    const error = await failureOf(uploadObject({ target: async () => { throw new Error(`could not use ${target.url}`); }, body: body(), retry: { retries: 0 } }));
    expect(error.code).toBe('CALLBACK_ERROR');
    // The store: a target that throws quoting the URL, and one whose URL OSS refuses.
    const targets = [
      async () => {
        throw new Error(`could not use ${target.url}`);
      },
      async () => ({ ...target, url: target.url.replace('/s/callback.txt', '/s/elsewhere.txt') }),
    ];
    for (const next of targets) {
      const uploader = createUploader({
        client: {
          target: () => next,
          initiate: async () => { throw new Error('unused'); },
          presignParts: async () => { throw new Error('unused'); },
          complete: async () => { throw new Error('unused'); },
          abort: async () => undefined,
        },
        retry: { retries: 0 },
      } as never);
      const outcomes = await uploader.upload([{ name: 'x.txt', body: new TextEncoder().encode('hello') } as never]);
      expect(outcomes[0]?.status).toBe('error');
      expect(leaks(textOf(outcomes))).toEqual([]);
      expect(leaks(textOf(uploader.getSnapshot()))).toEqual([]);
    }
  });
});

describe('no secret in presign client failures', () => {
  let server: http.Server;
  let endpoint: string;
  let leakyUrl: string;
  beforeAll(async () => {
    leakyUrl = (await signed('v4', 's/client.txt')).url;
    server = http.createServer((request, response) => {
      if (request.url?.endsWith('/upload')) {
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'UPSTREAM_ERROR', message: `OSS refused ${leakyUrl}` } }));
      } else {
        response.writeHead(500, { 'content-type': 'text/html' });
        response.end(`<pre>${leakyUrl}</pre>`);
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('an error answer that quotes a signed URL, an answer without JSON, an unreachable endpoint', async () => {
    const client = createPresignClient({ endpoint });
    const quoted = await client.presignUpload({ name: 'a.txt', size: 5 }).catch((e: unknown) => e);
    expect((quoted as Error).message).toContain('[redacted]');
    const html = await client.initiate({ name: 'a.txt', size: 5 }).catch((e: unknown) => e);
    const down = await createPresignClient({ endpoint: `http://127.0.0.1:${await closedPort()}` }).presignUpload({ name: 'a.txt', size: 5 }).catch((e: unknown) => e);
    for (const error of [quoted, html, down]) {
      expect(error).toBeInstanceOf(Error);
      expect(leaks(textOf(error))).toEqual([]);
    }
    const uploader = createUploader({ endpoint, retry: { retries: 0 } });
    const outcomes = await uploader.upload([{ name: 'a.txt', body: new TextEncoder().encode('hello') } as never]);
    expect(outcomes[0]?.status).toBe('error');
    expect(leaks(textOf(outcomes) + textOf(uploader.getSnapshot()))).toEqual([]);
  });
});
