/** `GET /config`: the handler serves the policy it enforces, authorized like every route, and nothing secret. */
import { describe, expect, it } from 'vitest';
import { policyRefusal } from '../../src/upload/store/policy.js';
import { TOKEN_SECRET, credentials, ossCalls, testHandler } from './fixtures.js';

const alice = { authorization: 'Bearer alice' };

describe('GET /config', () => {
  it('answers the policy: types, sizes, multipart threshold and part size', async () => {
    const handler = testHandler({ multipart: { threshold: 5 * 1024 * 1024, defaultPartSize: 2 * 1024 * 1024 } });
    const response = await handler.handle({ method: 'GET', path: '/config', headers: alice });
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(response.body)).toEqual({
      allowedContentTypes: ['image/*', 'application/pdf'],
      minSize: 1,
      maxSize: 10 * 1024 * 1024,
      multipartThreshold: 5 * 1024 * 1024,
      partSize: 2 * 1024 * 1024,
    });
    for (const secret of [credentials.accessKeySecret, credentials.accessKeyId, TOKEN_SECRET]) expect(response.body).not.toContain(secret);
    expect(ossCalls).toEqual([]);
  });

  it('defaults: every type, 0 to 100 MiB, multipart above 100 MiB in 8 MiB parts', async () => {
    const handler = testHandler({ allowedContentTypes: undefined, maxSize: undefined, minSize: undefined });
    const response = await handler.handle({ method: 'GET', path: '/config/', headers: alice });
    expect(JSON.parse(response.body)).toEqual({ allowedContentTypes: ['*/*'], minSize: 0, maxSize: 100 * 1024 * 1024, multipartThreshold: 100 * 1024 * 1024, partSize: 8 * 1024 * 1024 });
  });

  it('is authorized like every route, and answers only GET and HEAD (405 with Allow: GET, HEAD)', async () => {
    const handler = testHandler();
    const anonymous = await handler.handle({ method: 'GET', path: '/config', headers: {} });
    expect([anonymous.status, JSON.parse(anonymous.body).error.code]).toEqual([401, 'UNAUTHORIZED']);
    const posted = await handler.handle({ method: 'POST', path: '/config', headers: { ...alice, 'content-type': 'application/json' }, body: '{}' });
    expect([posted.status, posted.headers.allow, JSON.parse(posted.body).error.code]).toEqual([405, 'GET, HEAD', 'METHOD_NOT_ALLOWED']);
    const full = await handler.handle({ method: 'GET', path: '/config', headers: alice });
    const head = await handler.handle({ method: 'HEAD', path: '/config', headers: alice });
    expect([head.status, head.body, head.headers['content-length'], head.headers['content-type']]).toEqual([200, '', full.headers['content-length'], full.headers['content-type']]);
    const headUpload = await handler.handle({ method: 'HEAD', path: '/upload', headers: alice });
    expect([headUpload.status, headUpload.headers.allow]).toEqual([405, 'POST']);
    const got = await handler.handle({ method: 'GET', path: '/upload', headers: alice });
    expect([got.status, got.headers.allow]).toEqual([405, 'POST']);
  });

  it('is served through handler.fetch under basePath', async () => {
    const handler = testHandler({ basePath: '/api/oss' });
    const response = await handler.fetch(new Request('http://app.test/api/oss/config', { headers: alice }));
    expect(response.status).toBe(200);
    expect((await response.json()) as unknown).toMatchObject({ allowedContentTypes: ['image/*', 'application/pdf'] });
  });

  it('refuses a bad multipart.threshold at creation', () => {
    expect(() => testHandler({ multipart: { threshold: -1 } })).toThrow(/multipart.threshold/);
  });
});

describe('policyRefusal (the client side of the same policy)', () => {
  const policy = { allowedContentTypes: ['image/*', 'application/pdf'], minSize: 1, maxSize: 1000, multipartThreshold: 500, partSize: 102_400 };
  it.each([
    [{ name: 'a.png', size: 10, contentType: 'image/png' }, undefined],
    [{ name: 'a.pdf', size: 1000, contentType: 'application/pdf; charset=binary' }, undefined],
    [{ name: 'a.txt', size: 10, contentType: 'text/plain' }, 'CONTENT_TYPE_NOT_ALLOWED'],
    [{ name: 'a', size: 10, contentType: undefined }, 'CONTENT_TYPE_NOT_ALLOWED'],
    [{ name: 'a.png', size: 0, contentType: 'image/png' }, 'FILE_TOO_SMALL'],
    [{ name: 'a.png', size: 1001, contentType: 'image/png' }, 'FILE_TOO_LARGE'],
    [{ name: 'a.png', size: undefined, contentType: 'image/png' }, undefined],
  ])('%j → %s', (file, code) => {
    const refusal = policyRefusal(policy, file);
    expect(refusal?.code).toBe(code);
    if (refusal) {
      expect(refusal.retryable).toBe(false);
      expect(refusal.message).toContain(file.name);
    }
  });
  it('says what is allowed', () => {
    expect(policyRefusal(policy, { name: 'x.exe', size: 5, contentType: 'application/x-msdownload' })?.message).toBe(
      '"x.exe" (application/x-msdownload) is not an allowed type; allowed: image/*, application/pdf',
    );
  });
});
