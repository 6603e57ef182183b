import { describe, expect, it, vi } from 'vitest';
import { encodeCallbackParam } from '../src/callback/callback-param.js';
import { fromEnv, refreshingCredentials } from '../src/credentials/credentials-provider.js';
import { OssPresignError } from '../src/errors/oss-presign-error.js';
import { createPresigner } from '../src/presigner/create-presigner.js';
import type { PresignRequest } from '../src/presigner/operations.js';
import { signV4Query } from '../src/signer/sign-v4.js';
import { loadVectors } from './fixtures/load-vectors.js';

const credentials = { accessKeyId: 'LTAI5tExample', accessKeySecret: 'ExampleSecret+/=0123456789abcdEF' };
const signTime = new Date('2024-06-01T08:30:15.750Z');
const base = { region: 'cn-hangzhou', bucket: 'examplebucket', credentials, now: () => signTime };

async function rejection(promise: Promise<unknown>): Promise<OssPresignError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof OssPresignError)) throw new Error(`expected an OssPresignError, got ${String(error)}`);
  return error;
}

describe('presign PutObject (the seed example)', () => {
  it('returns method, URL, expiration and signed headers for a 10-minute PUT', async () => {
    const presigner = createPresigner(base);
    const result = await presigner.presign(
      { operation: 'PutObject', key: 'exampledir/exampleobject.txt', contentType: 'text/plain' },
      { expires: 600 },
    );
    expect(result.method).toBe('PUT');
    expect(result.expiration.toISOString()).toBe('2024-06-01T08:40:15.000Z');
    expect(result.signedHeaders).toEqual({ 'content-type': 'text/plain' });
    const url = new URL(result.url);
    expect(url.origin).toBe('https://examplebucket.oss-cn-hangzhou.aliyuncs.com');
    expect(url.pathname).toBe('/exampledir/exampleobject.txt');
    const params = Object.fromEntries(url.searchParams);
    expect(params['x-oss-date']).toBe('20240601T083015Z');
    expect(params['x-oss-expires']).toBe('600');
    expect(params['x-oss-credential']).toBe('LTAI5tExample/20240601/cn-hangzhou/oss/aliyun_v4_request');
    expect(params['x-oss-signature-version']).toBe('OSS4-HMAC-SHA256');
    // The URL carries exactly the signature the signer computes for the same request.
    const expected = signV4Query({
      method: 'PUT',
      bucket: 'examplebucket',
      key: 'exampledir/exampleobject.txt',
      region: 'cn-hangzhou',
      credentials,
      headers: { 'content-type': 'text/plain' },
      signTime,
      expires: 600,
    });
    expect(params['x-oss-signature']).toBe(expected.signature);
  });

  it('signs contentLength as an additional header so OSS refuses any other size', async () => {
    const result = await createPresigner(base).presign({ operation: 'PutObject', key: 'a.bin', contentLength: 1234 });
    expect(result.signedHeaders['content-length']).toBe('1234');
    expect(new URL(result.url).searchParams.get('x-oss-additional-headers')).toBe('content-length');
  });

  it('turns metadata, storage class, ACL, tagging, overwrite and encryption into signed x-oss-* headers', async () => {
    const result = await createPresigner(base).presign({
      operation: 'PutObject',
      key: 'photo.jpg',
      contentType: 'image/jpeg',
      contentMd5: '1B2M2Y8AsgTpgAmY7PhCfg==',
      metadata: { Owner: 'alice', 'trace-id': '42' },
      storageClass: 'IA',
      acl: 'private',
      tagging: { project: 'demo app', tier: 'gold' },
      forbidOverwrite: true,
      serverSideEncryption: 'AES256',
    });
    expect(result.signedHeaders).toEqual({
      'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==',
      'content-type': 'image/jpeg',
      'x-oss-forbid-overwrite': 'true',
      'x-oss-meta-owner': 'alice',
      'x-oss-meta-trace-id': '42',
      'x-oss-object-acl': 'private',
      'x-oss-server-side-encryption': 'AES256',
      'x-oss-storage-class': 'IA',
      'x-oss-tagging': 'project=demo%20app&tier=gold',
    });
  });

  it('sends callback and callback-var as base64 JSON query parameters', async () => {
    const callback = { callbackUrl: 'https://app.example.com/cb', callbackBody: 'object=${object}&uid=${x:uid}' };
    const result = await createPresigner(base).presign({
      operation: 'PutObject',
      key: 'a.txt',
      callback,
      callbackVar: { 'x:uid': '42' },
    });
    const params = new URL(result.url).searchParams;
    expect(JSON.parse(atob(params.get('callback') ?? ''))).toEqual(callback);
    expect(JSON.parse(atob(params.get('callback-var') ?? ''))).toEqual({ 'x:uid': '42' });
  });
});

describe('callback parameter encoding (official vectors)', () => {
  const vectors = loadVectors().filter((vector) => vector.type === 'callback-param-base64');
  it.each(vectors.map((vector) => [vector.id, vector] as const))('%s', (_id, vector) => {
    expect(encodeCallbackParam(vector.input.json as object)).toBe(vector.expected.base64);
  });
});

describe('operations', () => {
  const presigner = createPresigner(base);
  const cases: [PresignRequest, string, Record<string, string>][] = [
    [{ operation: 'GetObject', key: 'k', versionId: 'v1', response: { contentDisposition: 'attachment; filename="a b.txt"' } }, 'GET',
      { versionId: 'v1', 'response-content-disposition': 'attachment; filename="a b.txt"' }],
    [{ operation: 'HeadObject', key: 'k' }, 'HEAD', {}],
    [{ operation: 'DeleteObject', key: 'k' }, 'DELETE', {}],
    [{ operation: 'InitiateMultipartUpload', key: 'k', contentType: 'video/mp4' }, 'POST', { uploads: '' }],
    [{ operation: 'UploadPart', key: 'k', uploadId: 'u-1', partNumber: 7 }, 'PUT', { uploadId: 'u-1', partNumber: '7' }],
    [{ operation: 'CompleteMultipartUpload', key: 'k', uploadId: 'u-1' }, 'POST', { uploadId: 'u-1' }],
    [{ operation: 'AbortMultipartUpload', key: 'k', uploadId: 'u-1' }, 'DELETE', { uploadId: 'u-1' }],
    [{ operation: 'ListParts', key: 'k', uploadId: 'u-1', maxParts: 100 }, 'GET', { uploadId: 'u-1', 'max-parts': '100' }],
    [{ operation: 'Generic', method: 'get', key: 'k', query: { acl: null } }, 'GET', { acl: '' }],
  ];
  it.each(cases.map((c) => [c[0].operation, ...c] as const))('%s', async (_name, request, method, query) => {
    const result = await presigner.presign(request);
    expect(result.method).toBe(method);
    const params = Object.fromEntries(new URL(result.url).searchParams);
    for (const [name, value] of Object.entries(query)) expect(params[name], name).toBe(value);
  });

  it('signs server-side requests with an Authorization header', async () => {
    const signed = await presigner.signRequest({ operation: 'InitiateMultipartUpload', key: 'big file.bin' });
    expect(signed.method).toBe('POST');
    expect(signed.url).toBe('https://examplebucket.oss-cn-hangzhou.aliyuncs.com/big%20file.bin?uploads');
    expect(signed.headers.authorization).toMatch(/^OSS4-HMAC-SHA256 Credential=LTAI5tExample\/20240601\/cn-hangzhou\/oss\/aliyun_v4_request,Signature=[0-9a-f]{64}$/);
    expect(signed.headers['x-oss-date']).toBe('20240601T083015Z');
  });
});

describe('expiry', () => {
  const presigner = createPresigner(base);
  const put = { operation: 'PutObject', key: 'a' } as const;

  it('defaults to 15 minutes', async () => {
    const result = await presigner.presign(put);
    expect(new URL(result.url).searchParams.get('x-oss-expires')).toBe('900');
    expect(result.expiration.getTime() - Math.floor(signTime.getTime() / 1000) * 1000).toBe(900_000);
  });

  it('lets an absolute expiration win over expires, counted from the same clock reading as x-oss-date', async () => {
    const result = await presigner.presign(put, { expires: 60, expiration: new Date('2024-06-01T09:00:00Z') });
    const params = new URL(result.url).searchParams;
    expect(params.get('x-oss-date')).toBe('20240601T083015Z');
    expect(params.get('x-oss-expires')).toBe(String(30 * 60 - 15));
    expect(result.expiration.toISOString()).toBe('2024-06-01T09:00:00.000Z');
  });

  it.each([
    ['more than 7 days', { expires: 604_801 }, /at most 604800 seconds \(7 days\)/],
    ['zero', { expires: 0 }, /positive/],
    ['negative', { expires: -5 }, /positive/],
    ['fractional', { expires: 1.5 }, /whole number/],
    ['already past', { expiration: new Date('2024-06-01T08:00:00Z') }, /is not after the signing time/],
  ])('rejects %s with INVALID_EXPIRY', async (_name, expiry, message) => {
    const error = await rejection(presigner.presign(put, expiry));
    expect(error.code).toBe('INVALID_EXPIRY');
    expect(error.message).toMatch(message);
  });

  it('accepts exactly 7 days', async () => {
    const result = await presigner.presign(put, { expires: 604_800 });
    expect(new URL(result.url).searchParams.get('x-oss-expires')).toBe('604800');
  });

  it('limits STS presigns to 12 hours and signs the token', async () => {
    const sts = createPresigner({ ...base, credentials: { ...credentials, securityToken: 'token+/=' } });
    const error = await rejection(sts.presign(put, { expires: 43_201 }));
    expect(error.message).toMatch(/43200 seconds \(12 hours\)/);
    const ok = await sts.presign(put, { expires: 43_200 });
    expect(new URL(ok.url).searchParams.get('x-oss-security-token')).toBe('token+/=');
    expect(ok.url).toContain('x-oss-security-token=token%2B%2F%3D');
  });

  it('applies clockOffsetMs to the signing time', async () => {
    const skewed = createPresigner({ ...base, clockOffsetMs: -3_600_000 });
    const result = await skewed.presign(put);
    expect(new URL(result.url).searchParams.get('x-oss-date')).toBe('20240601T073015Z');
  });
});

describe('endpoints', () => {
  const url = async (options: Partial<Parameters<typeof createPresigner>[0]>, key = 'dir/a b.txt') =>
    new URL((await createPresigner({ ...base, ...options }).presign({ operation: 'GetObject', key })).url);

  it('uses virtual-hosted https by default', async () => {
    const u = await url({});
    expect(`${u.origin}${u.pathname}`).toBe('https://examplebucket.oss-cn-hangzhou.aliyuncs.com/dir/a%20b.txt');
  });
  it('accepts the ali-oss style region "oss-cn-hangzhou"', async () => {
    const u = await url({ region: 'oss-cn-hangzhou' });
    expect(u.host).toBe('examplebucket.oss-cn-hangzhou.aliyuncs.com');
    expect(u.searchParams.get('x-oss-credential')).toContain('/cn-hangzhou/oss/');
  });
  it('refuses a region id that would change the host the URL (and its signature) goes to', () => {
    // Region ids are lower-case letters, digits and hyphens; anything else lands in the host name.
    for (const region of ['evil.example#', 'cn-hangzhou/../x', 'cn-hangzhou.evil.example', 'user@evil', 'cn hangzhou', 'cn-hangzhou?']) {
      let caught: unknown;
      try {
        createPresigner({ ...base, region });
      } catch (error) {
        caught = error;
      }
      expect(caught, region).toBeInstanceOf(OssPresignError);
      expect((caught as OssPresignError).code).toBe('INVALID_CONFIG');
      expect((caught as OssPresignError).message).toContain('cn-hangzhou');
    }
  });
  it('refuses a Cloud Box id that would change the host the URL goes to', () => {
    for (const cloudBoxId of ['evil.example#', 'cb-1/../x', 'cb-1.evil.example', 'cb 1']) {
      let caught: unknown;
      try {
        createPresigner({ ...base, cloudBoxId });
      } catch (error) {
        caught = error;
      }
      expect(caught, cloudBoxId).toBeInstanceOf(OssPresignError);
      expect((caught as OssPresignError).code).toBe('INVALID_CONFIG');
    }
  });
  it('supports -internal and accelerate endpoints', async () => {
    expect((await url({ internal: true })).host).toBe('examplebucket.oss-cn-hangzhou-internal.aliyuncs.com');
    expect((await url({ accelerate: true })).host).toBe('examplebucket.oss-accelerate.aliyuncs.com');
  });
  it('supports a custom domain (CNAME) without the bucket in the URL', async () => {
    const u = await url({ endpoint: 'https://files.example.com', cname: true });
    expect(`${u.origin}${u.pathname}`).toBe('https://files.example.com/dir/a%20b.txt');
  });
  it('supports http', async () => {
    expect((await url({ secure: false })).protocol).toBe('http:');
  });
  it('uses path-style for IP and localhost endpoints, switchable', async () => {
    const ip = await url({ endpoint: 'http://127.0.0.1:9000' });
    expect(`${ip.origin}${ip.pathname}`).toBe('http://127.0.0.1:9000/examplebucket/dir/a%20b.txt');
    const local = await url({ endpoint: 'http://localhost:9000' });
    expect(local.pathname).toBe('/examplebucket/dir/a%20b.txt');
    const virtual = await url({ endpoint: 'http://localhost:9000', pathStyle: false });
    expect(virtual.host).toBe('examplebucket.localhost:9000');
  });
  it('addresses each bucket of its own when one presigner alternates buckets', async () => {
    for (const [options, expected] of [
      [{}, (bucket: string) => `https://${bucket}.oss-cn-hangzhou.aliyuncs.com/k.txt`],
      [{ endpoint: 'http://127.0.0.1:9000/base/' }, (bucket: string) => `http://127.0.0.1:9000/base/${bucket}/k.txt`],
    ] as const) {
      const presigner = createPresigner({ ...base, ...options });
      for (const bucket of ['bucket-a', 'bucket-b', 'bucket-a', 'examplebucket']) {
        const { url } = await presigner.presign({ operation: 'GetObject', key: 'k.txt', bucket });
        expect(url.slice(0, url.indexOf('?'))).toBe(expected(bucket));
      }
    }
  });
  it('builds Cloud Box endpoints and signs with the oss-cloudbox product', async () => {
    const u = await url({ cloudBoxId: 'cb-123' });
    expect(u.host).toBe('examplebucket.cb-123.cn-hangzhou.oss-cloudbox.aliyuncs.com');
    expect(u.searchParams.get('x-oss-credential')).toBe('LTAI5tExample/20240601/cb-123/oss-cloudbox/aliyun_v4_request');
  });
});

describe('credentials', () => {
  it('reads OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN', async () => {
    const provider = fromEnv({ OSS_ACCESS_KEY_ID: 'id', OSS_ACCESS_KEY_SECRET: 'secret', OSS_SESSION_TOKEN: 'tok' });
    expect(await provider()).toEqual({ accessKeyId: 'id', accessKeySecret: 'secret', securityToken: 'tok' });
  });

  it('names the missing variable', () => {
    expect(() => fromEnv({ OSS_ACCESS_KEY_ID: 'id' })).toThrow(/fromEnv: OSS_ACCESS_KEY_SECRET is missing/);
  });

  it('caches STS credentials until shortly before expiry and shares one refresh between concurrent callers', async () => {
    let clock = 0;
    let calls = 0;
    const fetch = vi.fn(async () => {
      calls++;
      return { accessKeyId: `id-${calls}`, accessKeySecret: 's', securityToken: 't', expiration: new Date(clock + 3_600_000) };
    });
    const provider = refreshingCredentials({ fetch, now: () => clock, refreshBeforeMs: 300_000 });
    const concurrent = await Promise.all([provider(), provider(), provider()]);
    expect(concurrent.map((c) => c.accessKeyId)).toEqual(['id-1', 'id-1', 'id-1']);
    expect(fetch).toHaveBeenCalledTimes(1);
    clock = 3_600_000 - 300_001;
    expect((await provider()).accessKeyId).toBe('id-1');
    clock = 3_600_000 - 299_999;
    expect((await provider()).accessKeyId).toBe('id-2');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('does not cache a failed refresh', async () => {
    let fail = true;
    const provider = refreshingCredentials({
      fetch: async () => {
        if (fail) throw new Error('sts down');
        return { accessKeyId: 'id', accessKeySecret: 's' };
      },
    });
    const error = await rejection(provider());
    expect(error.code).toBe('CREDENTIALS_FETCH_FAILED');
    fail = false;
    expect((await provider()).accessKeyId).toBe('id');
  });

  it('presigns with a provider', async () => {
    const presigner = createPresigner({ ...base, credentials: async () => ({ ...credentials, securityToken: 'sts' }) });
    const result = await presigner.presign({ operation: 'GetObject', key: 'a' });
    expect(new URL(result.url).searchParams.get('x-oss-security-token')).toBe('sts');
  });
});

describe('validation', () => {
  const presigner = createPresigner(base);
  it.each([
    ['ab', 'INVALID_BUCKET'],
    ['a'.repeat(64), 'INVALID_BUCKET'],
    ['Upper', 'INVALID_BUCKET'],
    ['-leading', 'INVALID_BUCKET'],
    ['under_score', 'INVALID_BUCKET'],
  ])('rejects bucket %j', async (bucket, code) => {
    expect((await rejection(presigner.presign({ operation: 'GetObject', bucket, key: 'k' }))).code).toBe(code);
  });

  it('rejects a bad default bucket when the presigner is created, the empty name included', () => {
    expect(() => createPresigner({ ...base, bucket: 'Bad_Bucket' })).toThrow(OssPresignError);
    expect(() => createPresigner({ ...base, bucket: '' })).toThrow(OssPresignError);
  });

  it('rejects a Generic request with a key but no bucket, whose signed path could not hold the key', async () => {
    const bucketless = createPresigner({ ...base, bucket: undefined });
    const error = await rejection(bucketless.presign({ operation: 'Generic', method: 'GET', key: 'some/key.txt' }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/need a bucket/);
  });

  it.each([
    ['', /non-empty/],
    ['/leading', /must not start/],
    ['\\leading', /must not start/],
    ['a/../b', /path segments/],
    ['./x', /path segments/],
    ['a/.', /path segments/],
    ['a\\..\\b', /path segments/],
    ['x'.repeat(1024), /1023 UTF-8 bytes/],
    ['中'.repeat(342), /1023 UTF-8 bytes/],
    ['lone\uD800surrogate', /surrogate/],
  ])('rejects key %j', async (key, message) => {
    const error = await rejection(presigner.presign({ operation: 'PutObject', key }));
    expect(error.code).toBe('INVALID_KEY');
    expect(error.message).toMatch(message);
  });

  it('accepts keys with dots inside segments, unicode and 1023 bytes', async () => {
    for (const key of ['a..b/.hidden/x.', '中文/file name (1).txt', 'x'.repeat(1023)]) {
      await expect(presigner.presign({ operation: 'PutObject', key })).resolves.toHaveProperty('method', 'PUT');
    }
  });

  it('treats absent or null metadata as none', async () => {
    for (const metadata of [undefined, null, {}]) {
      const { signedHeaders } = await presigner.presign({
        operation: 'PutObject',
        key: 'k',
        contentType: 'text/plain',
        metadata: metadata as unknown as Record<string, string>,
      });
      expect(signedHeaders).toEqual({ 'content-type': 'text/plain' });
    }
  });

  it('rejects header values containing CR or LF', async () => {
    const error = await rejection(presigner.presign({ operation: 'PutObject', key: 'k', contentType: 'text/plain\r\nx-evil: 1' }));
    expect(error.code).toBe('INVALID_HEADER');
    const meta = await rejection(presigner.presign({ operation: 'PutObject', key: 'k', metadata: { a: 'x\ny' } }));
    expect(meta.code).toBe('INVALID_HEADER');
  });

  it('rejects unknown storage classes and ACLs', async () => {
    const storage = await rejection(presigner.presign({ operation: 'PutObject', key: 'k', storageClass: 'Cold' as never }));
    expect(storage.code).toBe('INVALID_STORAGE_CLASS');
    const acl = await rejection(presigner.presign({ operation: 'PutObject', key: 'k', acl: 'everyone' as never }));
    expect(acl.code).toBe('INVALID_ACL');
  });

  it.each([0, 10_001, 1.5])('rejects part number %d', async (partNumber) => {
    const error = await rejection(presigner.presign({ operation: 'UploadPart', key: 'k', uploadId: 'u', partNumber }));
    expect(error.code).toBe('INVALID_ARGUMENT');
  });

  it('rejects a missing uploadId, an unknown operation and bad callback variables', async () => {
    expect((await rejection(presigner.presign({ operation: 'UploadPart', key: 'k', uploadId: '', partNumber: 1 }))).message).toMatch(/uploadId/);
    expect((await rejection(presigner.presign({ operation: 'Nope' } as never))).message).toMatch(/Unknown operation/);
    const badVar = await rejection(
      presigner.presign({ operation: 'PutObject', key: 'k', callback: { callbackUrl: 'https://a', callbackBody: 'b' }, callbackVar: { uid: '1' } }),
    );
    expect(badVar.message).toMatch(/must start with "x:"/);
  });
});

describe('signature V1 mode', () => {
  it('presigns with OSSAccessKeyId, Expires and Signature', async () => {
    const presigner = createPresigner({ ...base, signatureVersion: 'v1' });
    const result = await presigner.presign({ operation: 'PutObject', key: 'a.txt', contentType: 'text/plain' }, { expires: 60 });
    const params = new URL(result.url).searchParams;
    expect(params.get('OSSAccessKeyId')).toBe('LTAI5tExample');
    expect(params.get('Expires')).toBe(String(Math.floor(signTime.getTime() / 1000) + 60));
    expect(params.get('Signature')).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(result.signedHeaders).toEqual({ 'content-type': 'text/plain' });
  });
});
