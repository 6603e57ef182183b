import { presignV1, signV1Header } from '@oss-presign/core/signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { BUCKET, CREDENTIALS, STS_CREDENTIALS, encodeKeyPath, putTo, readError, startTestEmulator } from './helpers.js';

const NOW = new Date('2024-05-01T10:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
let oss: Emulator;

beforeAll(async () => {
  oss = await startTestEmulator({ now: () => NOW });
});
afterAll(async () => {
  await oss.close();
});

function v1Url(method: string, key: string, expires: number, credentials = CREDENTIALS, headers?: Record<string, string>): string {
  const { queryString } = presignV1({ method, bucket: BUCKET, key, credentials, expires, headers });
  return `${oss.endpoint}/${BUCKET}/${encodeKeyPath(key)}?${queryString}`;
}

describe('V1 presigned URLs', () => {
  it('accepts PUT and GET, including a key with + and spaces', async () => {
    expect((await putTo(v1Url('PUT', 'v1/a b+c.txt', NOW_SECONDS + 60), 'v1 body')).status).toBe(200);
    const get = await fetch(v1Url('GET', 'v1/a b+c.txt', NOW_SECONDS + 60));
    expect(await get.text()).toBe('v1 body');
  });

  it('signs Content-Type: another one is SignatureDoesNotMatch with the V1 StringToSign', async () => {
    const url = v1Url('PUT', 'v1/typed.txt', NOW_SECONDS + 60, CREDENTIALS, { 'Content-Type': 'image/png' });
    expect((await putTo(url, 'x', { 'content-type': 'image/png' })).status).toBe(200);
    const error = await readError(await putTo(url, 'x', { 'content-type': 'text/plain' }));
    expect(error).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch', ec: '0002-00000040' });
    expect(error.fields.StringToSign).toBe(`PUT\n\ntext/plain\n${NOW_SECONDS + 60}\n/demo/v1/typed.txt`);
    expect(error.fields.StringToSignBytes).toMatch(/^50 55 54 0A/);
  });

  it('refuses an expired URL with the V1 EC', async () => {
    const error = await readError(await fetch(v1Url('GET', 'v1/a b+c.txt', NOW_SECONDS - 1)));
    expect(error).toMatchObject({ status: 403, code: 'AccessDenied', message: 'Request has expired.', ec: '0002-00000069' });
    expect(error.fields.Expires).toBe(new Date((NOW_SECONDS - 1) * 1000).toISOString());
  });

  it('refuses incomplete V1 parameters', async () => {
    const url = new URL(v1Url('GET', 'v1/a b+c.txt', NOW_SECONDS + 60));
    url.searchParams.delete('Expires');
    const error = await readError(await fetch(url));
    expect(error).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(error.message).toContain('Signature, Expires and OSSAccessKeyId');
  });

  it('carries STS tokens as the signed security-token sub-resource', async () => {
    const url = v1Url('PUT', 'v1/sts.txt', NOW_SECONDS + 60, STS_CREDENTIALS);
    expect((await putTo(url, 'x')).status).toBe(200);
    const forged = new URL(url);
    forged.searchParams.set('security-token', 'forged');
    expect((await readError(await putTo(forged.toString(), 'x'))).code).toBe('InvalidSecurityToken');
  });
});

describe('V1 Authorization header', () => {
  it('accepts a signed GET and answers skew beyond 15 minutes', async () => {
    await putTo(v1Url('PUT', 'v1/h.txt', NOW_SECONDS + 60), 'header');
    const signed = signV1Header({ method: 'GET', bucket: BUCKET, key: 'v1/h.txt', credentials: CREDENTIALS, date: NOW.toUTCString() });
    const response = await fetch(`${oss.endpoint}/${BUCKET}/v1/h.txt`, { headers: signed.headers });
    expect(await response.text()).toBe('header');
    const late = new Date(NOW.getTime() - 16 * 60_000).toUTCString();
    const skewed = signV1Header({ method: 'GET', bucket: BUCKET, key: 'v1/h.txt', credentials: CREDENTIALS, date: late });
    const error = await readError(await fetch(`${oss.endpoint}/${BUCKET}/v1/h.txt`, { headers: skewed.headers }));
    expect(error).toMatchObject({ status: 403, code: 'RequestTimeTooSkewed' });
  });

  it('refuses a wrong secret with SignatureDoesNotMatch', async () => {
    const signed = signV1Header({
      method: 'GET',
      bucket: BUCKET,
      key: 'v1/h.txt',
      credentials: { ...CREDENTIALS, accessKeySecret: 'wrong' },
      date: NOW.toUTCString(),
    });
    const error = await readError(await fetch(`${oss.endpoint}/${BUCKET}/v1/h.txt`, { headers: signed.headers }));
    expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', ec: '0002-00000040' });
  });
});
