/**
 * `@oss-presign/core` and `@oss-presign/core/http` in a runtime with only web globals (a worker,
 * an edge route): both entries are bundled for the browser platform with the `worker` condition,
 * as Cloudflare's and Vercel's bundlers do, and run in a node:vm context that has no process, no
 * require and no Buffer. A presign, `handler.fetch` and a callback verification run there and must
 * give what they give in Node.
 */
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { createPresigner, staticCredentials, verifyOssCallback } from '@oss-presign/core';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const callbackFile = JSON.parse(readFileSync(new URL('../../../core/test/fixtures/vectors/callback.json', import.meta.url), 'utf8')) as {
  publicKeyPem: string;
  vectors: { id: string; type: string; input: Record<string, string | undefined> }[];
};


const FIXED_NOW = new Date('2026-03-01T08:00:00Z');
const credentials = { accessKeyId: 'LTAI5tEdgeRuntimeTestKey', accessKeySecret: 'edge-runtime-secret-not-real' };

/** The web globals a worker has; nothing of Node's. */
function webGlobals(): Record<string, unknown> {
  return {
    crypto: globalThis.crypto,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    fetch,
    Request,
    Response,
    Headers,
    atob,
    btoa,
    AbortController,
    AbortSignal,
    ReadableStream,
    WebAssembly,
    setTimeout,
    clearTimeout,
    queueMicrotask,
    structuredClone,
    console,
  };
}

let bundle: { code: string; inputs: string[] };

beforeAll(async () => {
  const result = await build({
    stdin: {
      contents: `
        export { createPresigner, staticCredentials, verifyOssCallback } from '@oss-presign/core';
        export { createPresignHandler } from '@oss-presign/core/http';
      `,
      resolveDir: import.meta.dirname,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'OssEdge',
    platform: 'browser',
    conditions: ['worker', '@oss-presign/source'],
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  bundle = { code: result.outputFiles[0]?.text ?? '', inputs: Object.keys(result.metafile.inputs) };
});

function runInWorkerLikeContext<T>(script: string, extra: Record<string, unknown> = {}): Promise<T> {
  const context = createContext({ ...webGlobals(), ...extra });
  runInContext(bundle.code, context);
  return runInContext(script, context) as Promise<T>;
}

describe('the root and http entries where only web globals exist', () => {
  it('bundle for platform browser with no node: module', () => {
    expect(bundle.code.length).toBeGreaterThan(0);
    expect(bundle.inputs.filter((input) => input.startsWith('node:') || input.includes('fast-xml-parser'))).toEqual([]);
    // Both entries, from source (the @oss-presign/source condition), with the handler and the callback verifier.
    for (const file of ['core/src/index.ts', 'core/src/http.ts', 'handler/create-presign-handler.ts', 'callback/rsa-md5.ts']) {
      expect(bundle.inputs.some((input) => input.endsWith(file))).toBe(true);
    }
  });

  it('the context has no process, require or Buffer', async () => {
    const seen = await runInWorkerLikeContext<string[]>(`['process', 'require', 'Buffer'].map((name) => typeof globalThis[name])`);
    expect(seen).toEqual(['undefined', 'undefined', 'undefined']);
  });

  it('presigns exactly as Node does (pure-JS hashes there, node:crypto here)', async () => {
    const inWorker = await runInWorkerLikeContext<{ url: string; crypto: string }>(
      `(async () => {
        const presigner = OssEdge.createPresigner({
          region: 'cn-hangzhou', bucket: 'edge-bucket',
          credentials: OssEdge.staticCredentials(${JSON.stringify(credentials)}),
          now: () => new Date(${FIXED_NOW.getTime()}),
        });
        const signed = await presigner.presign({ operation: 'PutObject', key: 'edge/photo.png', contentType: 'image/png' }, { expires: 600 });
        return { url: signed.url };
      })()`,
    );
    const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'edge-bucket', credentials: staticCredentials(credentials), now: () => FIXED_NOW });
    const inNode = await presigner.presign({ operation: 'PutObject', key: 'edge/photo.png', contentType: 'image/png' }, { expires: 600 });
    expect(inWorker.url).toContain('x-oss-signature=');
    expect(inWorker.url).toBe(inNode.url);
  });

  it('serves handler.fetch: a presigned upload for a JSON request, a typed 4xx for a bad one', async () => {
    const answers = await runInWorkerLikeContext<{ status: number; body: any }[]>(
      `(async () => {
        const presigner = OssEdge.createPresigner({
          region: 'cn-hangzhou', bucket: 'edge-bucket',
          credentials: OssEdge.staticCredentials(${JSON.stringify(credentials)}),
        });
        const handler = OssEdge.createPresignHandler({
          presigner, basePath: '/api/oss', uploadTokenSecret: 'edge-runtime-token-secret-0123456789',
          authorize: () => ({ id: 'u1' }), prefix: (user) => 'users/' + user.id,
        });
        const ask = async (body) => {
          const response = await handler.fetch(new Request('https://app.example/api/oss/upload', {
            method: 'POST', headers: { 'content-type': 'application/json' }, body,
          }));
          return { status: response.status, body: await response.json() };
        };
        return [
          await ask(JSON.stringify({ fileName: 'photo.png', contentType: 'image/png', size: 1000 })),
          await ask('{not json'),
        ];
      })()`,
    );
    const [ok, bad] = answers as [{ status: number; body: any }, { status: number; body: any }];
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ bucket: 'edge-bucket', method: 'PUT', signedHeaders: { 'content-type': 'image/png' } });
    expect(ok.body.key).toMatch(/^users\/u1\//);
    expect(ok.body.url).toContain('x-oss-signature=');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
  });

  it('verifies an OSS upload callback (BigInt RSA-MD5: no node:crypto there) and rejects a forged one', async () => {
    const vector = callbackFile.vectors.find((entry) => entry.type === 'callback-rsa-md5');
    if (!vector) throw new Error('no RSA callback vector');
    const input = vector.input as { rawPath: string; rawQuery: string; body: string; contentType: string; authorization: string; xOssPubKeyUrl: string };
    const request = {
      url: input.rawQuery ? `${input.rawPath}?${input.rawQuery}` : input.rawPath,
      headers: { authorization: input.authorization, 'x-oss-pub-key-url': input.xOssPubKeyUrl, 'content-type': input.contentType },
      body: input.body,
    };
    const forged = { ...request, headers: { ...request.headers, authorization: `${input.authorization[0] === 'e' ? 'f' : 'e'}${input.authorization.slice(1)}` } };
    // The key fetch is the only thing stood in for: the official key host is not reachable here.
    const keyFetch = async () => new Response(callbackFile.publicKeyPem);
    const outcome = await runInWorkerLikeContext<{ valid: string; forged: string }>(
      `(async () => {
        const verified = await OssEdge.verifyOssCallback(${JSON.stringify(request)}, { fetch: keyFetch });
        const forged = await OssEdge.verifyOssCallback(${JSON.stringify(forged)}, { fetch: keyFetch }).then(() => 'accepted', (error) => error.code);
        return { valid: verified.publicKeyUrl + ' ' + JSON.stringify(verified.body), forged };
      })()`,
      { keyFetch },
    );
    const inNode = await verifyOssCallback(request, { fetch: keyFetch });
    expect(outcome.valid).toBe(`${inNode.publicKeyUrl} ${JSON.stringify(inNode.body)}`);
    expect(outcome.forged).toBe('CALLBACK_SIGNATURE_INVALID');
  });
});
