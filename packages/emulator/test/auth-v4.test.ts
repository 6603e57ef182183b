import { signV4Query } from '@oss-presign/core/signer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import {
  BUCKET,
  CREDENTIALS,
  REGION,
  STS_CREDENTIALS,
  errorCodeOf,
  headerSigned,
  presignedUrl,
  putTo,
  rawRequest,
  readError,
  startTestEmulator,
} from './helpers.js';

const T0 = new Date('2024-05-01T10:00:00Z');
let clock = T0;
let oss: Emulator;

beforeAll(async () => {
  oss = await startTestEmulator({ now: () => clock });
});
afterAll(async () => {
  await oss.close();
});
beforeEach(() => {
  clock = T0;
});

function withParam(url: string, name: string, value: string | undefined): string {
  const parsed = new URL(url);
  if (value === undefined) parsed.searchParams.delete(name);
  else parsed.searchParams.set(name, value);
  return parsed.toString();
}

describe('V4 presigned URLs', () => {
  it('accepts a PUT and a GET signed by the core signer', async () => {
    const put = await putTo(presignedUrl(oss, { method: 'PUT', key: 'v4/hello.txt', signTime: T0 }), 'hello');
    expect(put.status).toBe(200);
    const get = await fetch(presignedUrl(oss, { method: 'GET', key: 'v4/hello.txt', signTime: T0 }));
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('hello');
  });

  it('answers a tampered signature with SignatureDoesNotMatch, StringToSign and CanonicalRequest', async () => {
    const url = presignedUrl(oss, { method: 'PUT', key: 'v4/tampered.txt', signTime: T0 });
    const signature = new URL(url).searchParams.get('x-oss-signature') as string;
    const tampered = withParam(url, 'x-oss-signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
    const error = await readError(await putTo(tampered, 'x'));
    expect(error).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch', ec: '0002-00000201', headerEc: '0002-00000201' });
    expect(error.fields.StringToSign).toMatch(/^OSS4-HMAC-SHA256\n20240501T100000Z\n20240501\/cn-hangzhou\/oss\/aliyun_v4_request\n[0-9a-f]{64}$/);
    expect(error.fields.CanonicalRequest).toMatch(/^PUT\n\/demo\/v4\/tampered\.txt\n/);
    expect(error.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(error.headerRequestId).toBe(error.requestId);
    expect(error.hostId).toBe(new URL(oss.endpoint).host);
    expect(await oss.getObjectBytes(BUCKET, 'v4/tampered.txt')).toBeUndefined();
  });

  it('refuses a URL whose signed query was changed', async () => {
    const url = presignedUrl(oss, { method: 'PUT', key: 'v4/a.txt', signTime: T0 });
    const error = await readError(await putTo(withParam(url, 'versionId', 'extra'), 'x'));
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.fields.CanonicalRequest).toContain('versionId=extra');
  });

  it('refuses another Content-Type than the signed one, and an unsigned one a browser adds', async () => {
    const signed = presignedUrl(oss, { method: 'PUT', key: 'v4/typed.txt', signTime: T0, headers: { 'content-type': 'image/png' } });
    expect((await readError(await putTo(signed, 'x', { 'content-type': 'text/plain' }))).code).toBe('SignatureDoesNotMatch');
    expect((await putTo(signed, 'x', { 'content-type': 'image/png' })).status).toBe(200);
    const unsigned = presignedUrl(oss, { method: 'PUT', key: 'v4/browser.txt', signTime: T0 });
    const browserLike = await fetch(unsigned, { method: 'PUT', body: 'a string body gets text/plain' });
    expect((await readError(browserLike)).code).toBe('SignatureDoesNotMatch');
  });

  it('honours the validity window x-oss-date - 15 min .. x-oss-date + x-oss-expires', async () => {
    const url = presignedUrl(oss, { method: 'PUT', key: 'v4/window.txt', signTime: T0, expires: 60 });
    clock = new Date(T0.getTime() + 60_000);
    expect((await putTo(url, 'x')).status).toBe(200);
    clock = new Date(T0.getTime() + 61_000);
    expect(await readError(await putTo(url, 'x'))).toMatchObject({ status: 403, code: 'AccessDenied', message: 'Request has expired.', ec: '0002-00000236' });
    clock = new Date(T0.getTime() - 15 * 60_000);
    expect((await putTo(url, 'x')).status).toBe(200);
    clock = new Date(T0.getTime() - 15 * 60_000 - 1000);
    expect(await readError(await putTo(url, 'x'))).toMatchObject({ status: 403, code: 'AccessDenied', ec: '0002-00000235' });
  });

  it.each([
    ['0', '0002-00000232'],
    ['604801', '0002-00000232'],
    ['soon', '0002-00000232'],
    [undefined, '0002-00000215'],
  ])('refuses x-oss-expires=%s with InvalidArgument %s', async (value, ec) => {
    const url = withParam(presignedUrl(oss, { method: 'GET', key: 'v4/e.txt', signTime: T0 }), 'x-oss-expires', value);
    expect(await readError(await fetch(url))).toMatchObject({ status: 400, code: 'InvalidArgument', ec });
  });

  it('accepts the maximum x-oss-expires of 7 days', async () => {
    const url = presignedUrl(oss, { method: 'PUT', key: 'v4/week.txt', signTime: T0, expires: 604_800 });
    clock = new Date(T0.getTime() + 604_800_000);
    expect((await putTo(url, 'x')).status).toBe(200);
  });

  it.each([
    ['x-oss-credential', undefined, '0002-00000217'],
    ['x-oss-credential', ' ', '0002-00000218'],
    ['x-oss-signature', undefined, '0002-00000219'],
    ['x-oss-signature', '', '0002-00000220'],
    ['x-oss-credential', 'test-ak/20240501/cn-hangzhou/oss', '0002-00000224'],
    ['x-oss-credential', 'test-ak/2024-05-01/cn-hangzhou/oss/aliyun_v4_request', '0002-00000223'],
    ['x-oss-credential', 'test-ak/20240502/cn-hangzhou/oss/aliyun_v4_request', '0002-00000223'],
    ['x-oss-date', '2024-05-01T10:00:00Z', '0002-00000223'],
  ])('refuses %s=%j with InvalidArgument %s', async (name, value, ec) => {
    const url = withParam(presignedUrl(oss, { method: 'GET', key: 'v4/p.txt', signTime: T0 }), name, value);
    expect(await readError(await fetch(url))).toMatchObject({ status: 400, code: 'InvalidArgument', ec });
  });

  it('refuses a credential scoped to another region', async () => {
    const url = presignedUrl(oss, { method: 'GET', key: 'v4/r.txt', signTime: T0, region: 'cn-shanghai' });
    const error = await readError(await fetch(url));
    expect(error).toMatchObject({ status: 400, code: 'InvalidArgument', ec: '0002-00000226', message: 'The signing region in credential is invalid.' });
  });

  it('refuses an unknown AccessKeyId and an anonymous request', async () => {
    const unknown = presignedUrl(oss, { method: 'GET', key: 'v4/u.txt', signTime: T0, credentials: { accessKeyId: 'nobody', accessKeySecret: 'x' } });
    expect(await readError(await fetch(unknown))).toMatchObject({ status: 403, code: 'InvalidAccessKeyId', ec: '0002-00000902' });
    const anonymous = await fetch(`${oss.endpoint}/${BUCKET}/v4/hello.txt`);
    expect(await readError(anonymous)).toMatchObject({ status: 403, code: 'AccessDenied', ec: '0003-00000001' });
  });

  it('refuses x-oss-signature-version other than OSS4-HMAC-SHA256', async () => {
    const url = withParam(presignedUrl(oss, { method: 'GET', key: 'v4/v.txt', signTime: T0 }), 'x-oss-signature-version', 'OSS3');
    expect(await readError(await fetch(url))).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });

  it('refuses a URL signature together with an Authorization header', async () => {
    const url = presignedUrl(oss, { method: 'GET', key: 'v4/both.txt', signTime: T0 });
    const response = await fetch(url, { headers: { authorization: 'OSS test-ak:abc' } });
    expect(await readError(response)).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });

  it('signs Host when listed in x-oss-additional-headers', async () => {
    const host = new URL(oss.endpoint).host;
    const { queryString } = signV4Query({
      method: 'GET',
      bucket: BUCKET,
      key: 'v4/hello.txt',
      region: REGION,
      credentials: CREDENTIALS,
      headers: { host },
      additionalHeaders: ['host'],
      signTime: T0,
    });
    const path = `/${BUCKET}/v4/hello.txt?${queryString}`;
    await putTo(presignedUrl(oss, { method: 'PUT', key: 'v4/hello.txt', signTime: T0 }), 'hello');
    expect((await rawRequest(oss.endpoint, { method: 'GET', path, headers: { host } })).status).toBe(200);
    const otherHost = await rawRequest(oss.endpoint, { method: 'GET', path, headers: { host: `localhost:${oss.port}` } });
    expect(errorCodeOf(otherHost)).toBe('SignatureDoesNotMatch');
  });
});

describe('V4 Authorization header', () => {
  it('accepts PUT, GET, HEAD and DELETE signed by the core signer', async () => {
    const put = headerSigned(oss, { method: 'PUT', key: 'h/a.txt', signTime: T0, headers: { 'content-type': 'text/plain', 'x-oss-meta-a': '1' } });
    expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: Buffer.from('abc') })).status).toBe(200);
    const get = headerSigned(oss, { method: 'GET', key: 'h/a.txt', signTime: T0 });
    const response = await fetch(get.url, { headers: get.headers });
    expect(await response.text()).toBe('abc');
    expect(response.headers.get('x-oss-meta-a')).toBe('1');
    const head = headerSigned(oss, { method: 'HEAD', key: 'h/a.txt', signTime: T0 });
    expect((await fetch(head.url, { method: 'HEAD', headers: head.headers })).status).toBe(200);
    const del = headerSigned(oss, { method: 'DELETE', key: 'h/a.txt', signTime: T0 });
    expect((await fetch(del.url, { method: 'DELETE', headers: del.headers })).status).toBe(204);
    expect(await oss.getObjectBytes(BUCKET, 'h/a.txt')).toBeUndefined();
  });

  it('answers RequestTimeTooSkewed beyond 15 minutes either way', async () => {
    for (const offset of [-16 * 60_000, 16 * 60_000]) {
      const signed = headerSigned(oss, { method: 'GET', key: 'h/skew.txt', signTime: new Date(T0.getTime() + offset) });
      const error = await readError(await fetch(signed.url, { headers: signed.headers }));
      expect(error).toMatchObject({ status: 403, code: 'RequestTimeTooSkewed', ec: '0002-00000504' });
    }
    const within = headerSigned(oss, { method: 'GET', key: 'h/skew.txt', signTime: new Date(T0.getTime() - 14 * 60_000) });
    expect((await readError(await fetch(within.url, { headers: within.headers }))).code).toBe('NoSuchKey');
  });

  it('refuses a missing or malformed x-oss-date', async () => {
    const signed = headerSigned(oss, { method: 'GET', key: 'h/d.txt', signTime: T0 });
    const { 'x-oss-date': _date, ...withoutDate } = signed.headers;
    expect(await readError(await fetch(signed.url, { headers: withoutDate }))).toMatchObject({ code: 'AccessDenied', ec: '0002-00000503' });
    const badDate = { ...signed.headers, 'x-oss-date': 'yesterday' };
    expect(await readError(await fetch(signed.url, { headers: badDate }))).toMatchObject({ code: 'AccessDenied', ec: '0002-00000502' });
  });

  it('refuses a wrong region, a malformed Authorization and a changed signed header', async () => {
    const region = headerSigned(oss, { method: 'GET', key: 'h/r.txt', signTime: T0, region: 'cn-beijing' });
    expect(await readError(await fetch(region.url, { headers: region.headers }))).toMatchObject({ code: 'InvalidArgument', ec: '0002-00000228' });
    const signed = headerSigned(oss, { method: 'GET', key: 'h/r.txt', signTime: T0, headers: { 'x-oss-meta-a': '1' } });
    const malformed = { ...signed.headers, authorization: 'OSS4-HMAC-SHA256 Signature=abc' };
    expect(await readError(await fetch(signed.url, { headers: malformed }))).toMatchObject({ status: 400, code: 'InvalidArgument' });
    const changed = { ...signed.headers, 'x-oss-meta-a': '2' };
    expect((await readError(await fetch(signed.url, { headers: changed }))).code).toBe('SignatureDoesNotMatch');
  });

  it('accepts the SDK variants of the Authorization format (spaces, field order)', async () => {
    const signed = headerSigned(oss, { method: 'GET', key: 'h/missing.txt', signTime: T0 });
    const match = /Credential=([^,]+),Signature=([0-9a-f]+)/.exec(signed.headers.authorization as string) as RegExpExecArray;
    const reordered = { ...signed.headers, authorization: `OSS4-HMAC-SHA256 Signature=${match[2]}, Credential=${match[1]}` };
    expect((await readError(await fetch(signed.url, { headers: reordered }))).code).toBe('NoSuchKey');
  });
});

describe('STS tokens', () => {
  it('accepts the configured token in the query and in the header', async () => {
    const url = presignedUrl(oss, { method: 'PUT', key: 'sts/q.txt', signTime: T0, credentials: STS_CREDENTIALS });
    expect(new URL(url).searchParams.get('x-oss-security-token')).toBe(STS_CREDENTIALS.securityToken);
    expect((await putTo(url, 'x')).status).toBe(200);
    const signed = headerSigned(oss, { method: 'GET', key: 'sts/q.txt', signTime: T0, credentials: STS_CREDENTIALS });
    expect((await fetch(signed.url, { headers: signed.headers })).status).toBe(200);
  });

  it('refuses a missing or different token', async () => {
    const url = presignedUrl(oss, { method: 'GET', key: 'sts/q.txt', signTime: T0, credentials: STS_CREDENTIALS });
    expect(await readError(await fetch(withParam(url, 'x-oss-security-token', undefined)))).toMatchObject({ status: 403, code: 'InvalidSecurityToken' });
    const other = presignedUrl(oss, { method: 'GET', key: 'sts/q.txt', signTime: T0, credentials: { ...STS_CREDENTIALS, securityToken: 'other' } });
    expect((await readError(await fetch(other))).code).toBe('InvalidSecurityToken');
  });
});
