/**
 * Issue 4 proof 4: each cause of SignatureDoesNotMatch in the seed's troubleshooting list
 * ("SignatureDoesNotMatch (403)", causes 1-6) produces its own plain-language hint, end to end
 * against the emulator. Where the fault lies outside the uploader (an HTTP layer that adds or drops
 * headers, as the seed's axios sample adds Content-Type), a transport wrapper plays that layer.
 */
import type { Presigner, PresignerOptions } from '@oss-presign/core';
import { OssUploadError, type PresignedTarget, type SignatureHintCause, type Transport, createNodeHttpTransport, uploadObject } from '@oss-presign/core/upload/node';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presignerFor, startOss } from './helpers.js';

let oss: Emulator;
let presigner: Presigner;
const hints = new Map<SignatureHintCause, string>();

beforeAll(async () => {
  oss = await startOss();
  presigner = presignerFor(oss);
});
afterAll(async () => {
  await oss?.close();
});

/** An HTTP layer between the uploader and OSS that rewrites headers (a proxy, a client default). */
function rewritingTransport(rewrite: (headers: Record<string, string>) => Record<string, string>): Transport {
  const inner = createNodeHttpTransport();
  return { ...inner, send: (request) => inner.send({ ...request, headers: rewrite({ ...request.headers }) }) };
}

async function failure(options: { target: PresignedTarget | (() => Promise<PresignedTarget>); transport?: Transport }): Promise<OssUploadError> {
  const error = await uploadObject({ body: new TextEncoder().encode('hello'), retry: { retries: 0 }, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OssUploadError);
  const typed = error as OssUploadError;
  expect(typed.hint).toBeTruthy();
  expect(typed.message).toContain(`Hint: ${typed.hint}`);
  if (typed.hintCause) hints.set(typed.hintCause, typed.hint as string);
  return typed;
}

const put = (key: string, extra: Record<string, unknown> = {}, by: Presigner = presigner) =>
  by.presign({ operation: 'PutObject', key, ...extra } as Parameters<Presigner['presign']>[0]);
const skewed = (offsetMs: number, extra: Partial<PresignerOptions> = {}) =>
  presignerFor(oss, { now: () => new Date(Date.now() + offsetMs), ...extra });

describe('SignatureDoesNotMatch causes, each with its own hint', () => {
  it('1. a signed header not sent', async () => {
    const target = await put('h/1.txt', { metadata: { owner: 'alice' } });
    expect(target.signedHeaders).toEqual({ 'x-oss-meta-owner': 'alice' });
    const error = await failure({ target, transport: rewritingTransport(({ 'x-oss-meta-owner': _dropped, ...rest }) => rest) });
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', status: 403, hintCause: 'signed-header-missing' });
    expect(error.hint).toContain('x-oss-meta-owner: alice');
    expect(error.oss?.ec).toBe('0002-00000201');
    expect(error.oss?.canonicalRequest).toContain('PUT\n/demo/h/1.txt');
  });

  it('1b. a signed header sent with another value', async () => {
    const target = await put('h/1b.txt', { metadata: { owner: 'alice' } });
    const error = await failure({ target, transport: rewritingTransport((headers) => ({ ...headers, 'x-oss-meta-owner': 'mallory' })) });
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'signed-header-changed' });
    expect(error.hint).toContain('mallory');
  });

  it('2. a Content-Type the HTTP client added (axios\'s application/octet-stream default)', async () => {
    const target = await put('h/2.txt');
    const error = await failure({ target, transport: rewritingTransport((headers) => ({ ...headers, 'Content-Type': 'application/octet-stream' })) });
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'content-type-added' });
    expect(error.hint).toContain('Content-Type: application/octet-stream');
  });

  it('2b. a Content-Type other than the signed one', async () => {
    const target = await put('h/2b.png', { contentType: 'image/png' });
    expect(target.signedHeaders['content-type']).toBe('image/png');
    const error = await failure({ target, transport: rewritingTransport((headers) => ({ ...headers, 'content-type': 'image/jpeg' })) });
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'content-type-mismatch' });
    expect(error.hint).toContain('"image/png"');
  });

  it('3. the URL modified after signing (a cache-busting parameter, an edited key)', async () => {
    const target = await put('h/3.txt');
    const busted = await failure({ target: { ...target, url: `${target.url}&_=1700000000` } });
    expect(busted).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'url-altered' });
    expect(busted.hint).toContain('query parameters OSS does not define (_)');
    const renamed = await failure({ target: { ...target, url: target.url.replace('/h/3.txt', '/h/other.txt') } });
    expect(renamed).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'url-altered' });
    expect(renamed.hint).toContain('/demo/h/other.txt');
  });

  it('4. the URL expired', async () => {
    const target = await put('h/4.txt', {}, skewed(-20 * 60_000));
    const error = await failure({ target });
    expect(error).toMatchObject({ code: 'URL_EXPIRED', status: 403, hintCause: 'url-expired' });
    expect(error.oss?.ec).toBe('0002-00000236');
  });

  it('5. clock skew: a signer clock ahead of OSS, and one behind it', async () => {
    const ahead = await failure({ target: await put('h/5.txt', {}, skewed(30 * 60_000)) });
    expect(ahead).toMatchObject({ code: 'CLOCK_SKEW', retryable: false, hintCause: 'clock-skew' });
    expect(ahead.hint).toContain('30 minutes ahead');
    // Behind: every fresh URL from the target function is already expired.
    const behind = skewed(-20 * 60_000);
    let asked = 0;
    const error = await failure({
      target: async () => {
        asked++;
        return behind.presign({ operation: 'PutObject', key: 'h/5b.txt' }, { expires: 60 });
      },
    });
    expect(error).toMatchObject({ code: 'URL_EXPIRED', hintCause: 'clock-skew' });
    expect(error.hint).toContain('behind');
    expect(asked).toBe(3);
  });

  it('6. the wrong region', async () => {
    const target = await put('h/6.txt', {}, presignerFor(oss, { region: 'cn-shanghai' }));
    const error = await failure({ target });
    expect(error).toMatchObject({ status: 400, hintCause: 'wrong-region' });
    expect(error.hint).toContain('"cn-shanghai"');
  });

  it('the hints differ from each other', () => {
    expect([...hints.keys()].sort()).toEqual([
      'clock-skew',
      'content-type-added',
      'content-type-mismatch',
      'signed-header-changed',
      'signed-header-missing',
      'url-altered',
      'url-expired',
      'wrong-region',
    ]);
    expect(new Set(hints.values()).size).toBe(hints.size);
  });
});
