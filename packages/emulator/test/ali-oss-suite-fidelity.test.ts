// Answers that an ali-oss user's own test suite checks and the emulator once gave differently from
// OSS: the PreconditionFailed text, the condition a copy names, a symlink's own metadata, and the
// encryption echo of multipart uploads. ali-oss (an independent client) talks to the emulator over
// HTTP, with V1 and V4 signing.
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';

const PRECONDITION = 'At least one of the pre-conditions you specified did not hold.';

let oss: Emulator;

beforeAll(async () => {
  oss = await startEmulator({
    port: 0, host: '127.0.0.1', region: 'cn-hangzhou', buckets: ['demo'],
    credentials: [{ accessKeyId: 'test-ak', accessKeySecret: 'test-sk' }],
  });
});
afterAll(async () => {
  await oss.close();
});

function client(authorizationV4: boolean) {
  return new OSS({
    endpoint: `http://localhost:${oss.port}`, sldEnable: true, region: 'oss-cn-hangzhou', bucket: 'demo',
    accessKeyId: 'test-ak', accessKeySecret: 'test-sk', authorizationV4,
  });
}

async function failure(promise: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; code: string; message: string };
  }
  throw new Error('expected the request to fail');
}

describe.each([false, true])('ali-oss suite fidelity, authorizationV4 %s', (authorizationV4) => {
  const prefix = `v4-${authorizationV4}/`;

  it('a failed copy condition names the plain header and carries OSS message text', async () => {
    const store = client(authorizationV4);
    await store.put(`${prefix}copy-src.txt`, Buffer.from('source'));
    const past = new Date(Date.now() - 86_400_000).toUTCString();

    // ali-oss sends these as x-oss-copy-source-if-match / -if-unmodified-since.
    const byEtag = await failure(store.copy(`${prefix}copy-dst.txt`, `${prefix}copy-src.txt`, { headers: { 'If-Match': '"0123"' } }));
    expect(byEtag).toMatchObject({ status: 412, code: 'PreconditionFailed', message: `${PRECONDITION} (condition: If-Match)` });
    const byDate = await failure(
      store.copy(`${prefix}copy-dst.txt`, `${prefix}copy-src.txt`, { headers: { 'If-Unmodified-Since': past } }),
    );
    expect(byDate).toMatchObject({ status: 412, message: `${PRECONDITION} (condition: If-Unmodified-Since)` });
    expect(await oss.getObjectBytes('demo', `${prefix}copy-dst.txt`)).toBeUndefined();

    const onGet = await failure(store.get(`${prefix}copy-src.txt`, { headers: { 'If-Match': '"0123"' } }));
    expect(onGet.message).toBe(`${PRECONDITION} (condition: If-Match)`);
  });

  it("HEAD and GET of a symlink give the target's bytes with the link's own x-oss-meta-*", async () => {
    const store = client(authorizationV4);
    await store.put(`${prefix}target.txt`, Buffer.from('target body'), { meta: { owner: 'target' } });
    await store.putSymlink(`${prefix}link`, `${prefix}target.txt`, { meta: { uid: '1', slus: 'test.html' } });

    const head = await store.head(`${prefix}link`);
    expect(head.res.headers['x-oss-object-type']).toBe('Symlink');
    expect(head.meta).toEqual({ uid: '1', slus: 'test.html' });
    expect(head.res.headers['content-length']).toBe(String('target body'.length));

    const got = await store.get(`${prefix}link`);
    expect(got.content.toString()).toBe('target body');
    expect(got.res.headers['x-oss-meta-uid']).toBe('1');
    expect(got.res.headers['x-oss-meta-owner']).toBeUndefined();
    // The target itself keeps its own metadata.
    expect((await store.head(`${prefix}target.txt`)).meta).toEqual({ owner: 'target' });
  });

  it('InitiateMultipartUpload and CompleteMultipartUpload echo the server-side encryption', async () => {
    const store = client(authorizationV4);
    const name = `${prefix}sse-multipart.bin`;
    const init = await store.initMultipartUpload(name, {
      headers: { 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-encryption-key-id': 'key-1' },
    });
    expect(init.res.headers['x-oss-server-side-encryption']).toBe('KMS');
    expect(init.res.headers['x-oss-server-side-encryption-key-id']).toBe('key-1');

    const part = await store.uploadPart(name, init.uploadId, 1, Buffer.from('only part'), 0, 9);
    const done = await store.completeMultipartUpload(name, init.uploadId, [{ number: 1, etag: part.etag }]);
    expect(done.res.status).toBe(200);
    expect(done.res.headers['x-oss-server-side-encryption']).toBe('KMS');
    expect(done.res.headers['x-oss-server-side-encryption-key-id']).toBe('key-1');
    expect((await store.head(name)).res.headers['x-oss-server-side-encryption']).toBe('KMS');

    const plain = await store.initMultipartUpload(`${prefix}plain.bin`);
    expect(plain.res.headers['x-oss-server-side-encryption']).toBeUndefined();
  });

  it('HEAD errors carry the error document in x-oss-err, so ali-oss reports OSS code and message', async () => {
    const store = client(authorizationV4);
    await store.put(`${prefix}link-target.txt`, Buffer.from('x'));
    await store.putSymlink(`${prefix}link-a`, `${prefix}link-target.txt`);
    // A symlink to a symlink is refused with InvalidTargetType; HEAD has no body to say so.
    const headed = await failure(store.putSymlink(`${prefix}link-b`, `${prefix}link-a`).then(() => store.head(`${prefix}link-b`)));
    expect(headed.code).toBe('InvalidTargetType');
    const raw = await fetch(store.signatureUrl(`${prefix}missing.txt`, { method: 'HEAD' }), { method: 'HEAD' });
    expect(raw.status).toBe(404);
    const xml = Buffer.from(raw.headers.get('x-oss-err') ?? '', 'base64').toString('utf8');
    expect(xml).toContain('<Code>NoSuchKey</Code>');
    expect(xml).toContain(`<RequestId>${raw.headers.get('x-oss-request-id')}</RequestId>`);
  });
});
