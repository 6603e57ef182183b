/**
 * Each cause of SignatureDoesNotMatch in the troubleshooting list of the OSS presigned-upload guide
 * (signed headers not sent, Content-Type mismatch, URL modified, URL expired, clock skew, wrong
 * region), and a secret that does not belong to its AccessKeyId, produces its own plain-language
 * hint, end to end against the emulator, for V4 and for V1 URLs. Where the fault lies outside the
 * uploader (an HTTP layer that adds or drops headers, as axios adds Content-Type, or fetch given a
 * string body), a transport wrapper plays that layer.
 */
import type { Presigner, PresignerOptions } from '@oss-presign/core';
import {
  OssUploadError,
  type PresignedTarget,
  type SignatureHintCause,
  type Transport,
  createFetchTransport,
  createNodeHttpTransport,
  uploadObject,
} from '@oss-presign/core/upload/node';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIALS, presignerFor, startOss } from './helpers.js';

let oss: Emulator;
const hints = { v4: new Map<SignatureHintCause, string>(), v1: new Map<SignatureHintCause, string>() };
type Version = keyof typeof hints;

beforeAll(async () => {
  oss = await startOss();
});
afterAll(async () => {
  await oss?.close();
});

/** An HTTP layer between the uploader and OSS that rewrites headers (a proxy, a client default). */
function rewritingTransport(rewrite: (headers: Record<string, string>) => Record<string, string>): Transport {
  const inner = createNodeHttpTransport();
  return { ...inner, send: (request) => inner.send({ ...request, headers: rewrite({ ...request.headers }) }) };
}

/** fetch given the body as a string, as an app that reads a file as text does: fetch adds text/plain;charset=UTF-8. */
function stringBodyTransport(): Transport {
  return createFetchTransport({
    fetch: (url, init) => globalThis.fetch(url, { ...init, body: init?.body instanceof Uint8Array ? new TextDecoder().decode(init.body) : init?.body }),
  });
}

async function failure(
  version: Version,
  options: { target: PresignedTarget | (() => Promise<PresignedTarget>); transport?: Transport },
): Promise<OssUploadError> {
  const error = await uploadObject({ body: new TextEncoder().encode('hello'), retry: { retries: 0 }, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OssUploadError);
  const typed = error as OssUploadError;
  expect(typed.hint).toBeTruthy();
  expect(typed.message).toContain(`Hint: ${typed.hint}`);
  if (typed.hintCause) hints[version].set(typed.hintCause, typed.hint as string);
  return typed;
}

/** Uploads that OSS accepts: with V1, some faults of V4 cannot happen (no signing time, no region). */
async function success(target: PresignedTarget): Promise<void> {
  const result = await uploadObject({ body: new TextEncoder().encode('hello'), retry: { retries: 0 }, target });
  expect(result.etag).toMatch(/^"[0-9A-F]{32}"$/);
}

describe.each(['v4', 'v1'] as const)('SignatureDoesNotMatch causes with %s URLs, each with its own hint', (version) => {
  const signer = (extra: Partial<PresignerOptions> = {}) => presignerFor(oss, { signatureVersion: version, ...extra });
  const put = (key: string, extra: Record<string, unknown> = {}, by: Presigner = signer()) =>
    by.presign({ operation: 'PutObject', key: `${version}/${key}`, ...extra } as Parameters<Presigner['presign']>[0]);
  const skewed = (offsetMs: number, extra: Partial<PresignerOptions> = {}) => signer({ now: () => new Date(Date.now() + offsetMs), ...extra });
  const readsAs = (url: string) => expect(new URL(url).searchParams.has(version === 'v4' ? 'x-oss-signature' : 'Signature')).toBe(true);

  it('1. a signed header not sent', async () => {
    const target = await put('h/1.txt', { metadata: { owner: 'alice' } });
    readsAs(target.url);
    expect(target.signedHeaders).toEqual({ 'x-oss-meta-owner': 'alice' });
    const error = await failure(version, { target, transport: rewritingTransport(({ 'x-oss-meta-owner': _dropped, ...rest }) => rest) });
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', status: 403, hintCause: 'signed-header-missing' });
    expect(error.hint).toContain('x-oss-meta-owner: alice');
    if (version === 'v4') {
      expect(error.oss?.ec).toBe('0002-00000201');
      expect(error.oss?.canonicalRequest).toContain(`PUT\n/demo/v4/h/1.txt`);
    } else {
      expect(error.oss?.stringToSign).toMatch(/^PUT\n\n\n\d+\n\/demo\/v1\/h\/1\.txt$/);
    }
  });

  it('1b. a signed header sent with another value', async () => {
    const target = await put('h/1b.txt', { metadata: { owner: 'alice' } });
    const error = await failure(version, { target, transport: rewritingTransport((headers) => ({ ...headers, 'x-oss-meta-owner': 'mallory' })) });
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'signed-header-changed' });
    expect(error.hint).toContain('mallory');
  });

  it('2. a Content-Type the HTTP client added (axios\'s application/octet-stream default)', async () => {
    const target = await put('h/2.txt');
    const error = await failure(version, { target, transport: rewritingTransport((headers) => ({ ...headers, 'Content-Type': 'application/octet-stream' })) });
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'content-type-added' });
    expect(error.hint).toContain('Content-Type: application/octet-stream');
  });

  it('2a. a Content-Type fetch added to a string body', async () => {
    const target = await put('h/2a.txt');
    const error = await failure(version, { target, transport: stringBodyTransport() });
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'content-type-added' });
    expect(error.hint).toContain('text/plain;charset=UTF-8');
  });

  it('2b. a Content-Type other than the signed one', async () => {
    const target = await put('h/2b.png', { contentType: 'image/png' });
    expect(target.signedHeaders['content-type']).toBe('image/png');
    const error = await failure(version, { target, transport: rewritingTransport((headers) => ({ ...headers, 'content-type': 'image/jpeg' })) });
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'content-type-mismatch' });
    expect(error.hint).toContain('"image/png"');
  });

  it('2c. a bare URL (no signedHeaders) signed with a Content-Type and sent without one: the type, not the secret', async () => {
    // What a user holding only the URL does (the CLI's `upload file <url>`, a bare curl -T).
    const { url } = await put('h/2c.txt', { contentType: 'text/plain' });
    const error = await failure(version, { target: { url } });
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', status: 403, hintCause: 'content-type-unknown' });
    expect(error.hint).toContain('most likely signed with one');
    expect(error.hint).not.toContain('sent as signed');
    // The same URL with the type it was signed with goes through.
    await success({ url, signedHeaders: { 'content-type': 'text/plain' } });
    // A bare URL signed without a type, and a type the runtime added: the hint cannot say which type was signed.
    const plain = await put('h/2c-plain.txt');
    const added = await failure(version, { target: { url: plain.url }, transport: stringBodyTransport() });
    expect(added).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'content-type-unknown' });
    expect(added.hint).toContain('text/plain;charset=UTF-8');
    expect(added.hint).toContain('or none if it was signed without one');
  });

  it('3. the URL modified after signing (a cache-busting parameter, an edited key)', async () => {
    const target = await put('h/3.txt');
    if (version === 'v4') {
      const busted = await failure(version, { target: { ...target, url: `${target.url}&_=1700000000` } });
      expect(busted).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'url-altered' });
      expect(busted.hint).toContain('query parameters OSS does not define (_)');
    } else {
      // V1 signs only sub-resources: OSS ignores a parameter it does not define.
      await success({ ...target, url: `${target.url}&_=1700000000` });
      // A decoded URL: the "+" of the base64 Signature reaches OSS as a space.
      let plus = target;
      for (let i = 0; !decodeURIComponent(new URL(plus.url).search).includes('+'); i++) plus = await put(`h/3-${i}.txt`);
      const decoded = await failure(version, { target: { ...plus, url: decodeURIComponent(plus.url) } });
      expect(decoded).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'url-altered' });
      expect(decoded.hint).toContain('%2B');
    }
    // An edited key leaves no trace in the URL: only the secret could tell it from a wrong secret,
    // so the hint names both, with the resource as OSS saw it.
    const renamed = await failure(version, { target: { ...target, url: target.url.replace('/h/3.txt', '/h/other.txt') } });
    expect(renamed).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'wrong-secret' });
    expect(renamed.hint).toContain(`/demo/${version}/h/other.txt`);
    expect(renamed.hint).toContain('edited');
  });

  it('3b. a secret that does not belong to the AccessKeyId', async () => {
    const target = await put('h/3b.txt', {}, signer({ credentials: { accessKeyId: CREDENTIALS.accessKeyId, accessKeySecret: 'not-the-secret' } }));
    const error = await failure(version, { target });
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'wrong-secret' });
    expect(error.hint).toContain(`AccessKeyId "${CREDENTIALS.accessKeyId}"`);
  });

  it('3c. an AccessKeyId OSS does not know: OSS names it itself', async () => {
    const target = await put('h/3c.txt', {}, signer({ credentials: { accessKeyId: 'no-such-ak', accessKeySecret: 'x' } }));
    const error = await uploadObject({ body: new TextEncoder().encode('hello'), retry: { retries: 0 }, target }).catch((e: unknown) => e as OssUploadError);
    expect(error).toMatchObject({ code: 'ACCESS_DENIED', status: 403 });
    expect((error as OssUploadError).message).toContain('InvalidAccessKeyId');
  });

  it('4. the URL expired', async () => {
    const target = await put('h/4.txt', {}, skewed(-20 * 60_000));
    const error = await failure(version, { target });
    expect(error).toMatchObject({ code: 'URL_EXPIRED', status: 403, hintCause: 'url-expired' });
    expect(error.oss?.ec).toBe(version === 'v4' ? '0002-00000236' : '0002-00000069');
    expect(error.hint).toContain(version === 'v4' ? 'x-oss-date + x-oss-expires' : 'Expires');
  });

  it('5. clock skew: a signer clock ahead of OSS, and one behind it', async () => {
    const aheadTarget = await put('h/5.txt', {}, skewed(30 * 60_000));
    if (version === 'v4') {
      const ahead = await failure(version, { target: aheadTarget });
      expect(ahead).toMatchObject({ code: 'CLOCK_SKEW', retryable: false, hintCause: 'clock-skew' });
      expect(ahead.hint).toContain('30 minutes ahead');
    } else {
      // A V1 URL says only when it ends: a clock ahead makes it live longer, and OSS accepts it.
      await success(aheadTarget);
    }
    // Behind: every fresh URL from the target function is already expired.
    const behind = skewed(-20 * 60_000);
    let asked = 0;
    const error = await failure(version, {
      target: async () => {
        asked++;
        return behind.presign({ operation: 'PutObject', key: `${version}/h/5b.txt` }, { expires: 60 });
      },
    });
    expect(error).toMatchObject({ code: 'URL_EXPIRED', hintCause: 'clock-skew' });
    expect(error.hint).toContain('behind');
    expect(asked).toBe(3);
  });

  it('6. the wrong region', async () => {
    const target = await put('h/6.txt', {}, signer({ region: 'cn-shanghai' }));
    if (version === 'v4') {
      const error = await failure(version, { target });
      expect(error).toMatchObject({ status: 400, hintCause: 'wrong-region' });
      expect(error.hint).toContain('"cn-shanghai"');
    } else {
      // A V1 signature carries no region; sent to the bucket's endpoint, the URL works.
      await success(target);
    }
  });

  it('the hints differ from each other', () => {
    const expected: SignatureHintCause[] = [
      'clock-skew',
      'content-type-added',
      'content-type-mismatch',
      'content-type-unknown',
      'signed-header-changed',
      'signed-header-missing',
      'url-altered',
      'url-expired',
      'wrong-secret',
    ];
    if (version === 'v4') expected.push('wrong-region');
    expect([...hints[version].keys()].sort()).toEqual(expected.sort());
    expect(new Set(hints[version].values()).size).toBe(hints[version].size);
  });
});
