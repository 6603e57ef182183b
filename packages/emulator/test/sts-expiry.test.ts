// A URL never outlives the STS credentials that signed it: the presigner clamps (or refuses) its
// lifetime, and the emulator refuses requests once the token has expired, as OSS does
// (SecurityTokenExpired, doc "0002-00000007"). One injected clock drives both sides.
import { OssPresignError, createPresigner, refreshingCredentials } from '@oss-presign/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { resolveOptions } from '../src/options.js';
import { readError } from './helpers.js';

const T0 = new Date('2030-01-01T00:00:00.000Z');
const TOKEN_LIFETIME_MS = 10 * 60_000;
const sts = {
  accessKeyId: 'STS.expiring-ak',
  accessKeySecret: 'expiring-secret',
  securityToken: 'expiring-token',
  expiration: new Date(T0.getTime() + TOKEN_LIFETIME_MS),
};

let clock = T0.getTime();
let oss: Emulator;

beforeAll(async () => {
  oss = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    region: 'cn-hangzhou',
    buckets: ['demo'],
    credentials: [sts],
    now: () => new Date(clock),
    hashWorkers: false,
  });
});
afterAll(() => oss.close());

function stsPresigner(mode?: 'clamp' | 'refuse', signatureVersion: 'v4' | 'v1' = 'v4') {
  return createPresigner({
    region: 'cn-hangzhou',
    bucket: 'demo',
    endpoint: oss.endpoint,
    pathStyle: true,
    signatureVersion,
    credentials: refreshingCredentials({ fetch: async () => sts, now: () => clock, refreshBeforeMs: 60_000 }),
    now: () => new Date(clock),
    onExpiryBeyondCredentials: mode,
  });
}

describe('STS credential expiry, end to end', () => {
  it('clamps a one-hour URL to the ten minutes the credentials have left; the URL works until then and not after', async () => {
    clock = T0.getTime();
    const presigned = await stsPresigner().presign({ operation: 'PutObject', key: 'sts/a.txt', contentType: 'text/plain' }, { expires: 3600 });
    expect(presigned.expiration.toISOString()).toBe(sts.expiration.toISOString());
    expect(new URL(presigned.url).searchParams.get('x-oss-expires')).toBe('600');

    clock = sts.expiration.getTime() - 1000;
    const before = await fetch(presigned.url, { method: 'PUT', body: 'hello', headers: presigned.signedHeaders });
    expect(before.status).toBe(200);

    clock = sts.expiration.getTime() + 1000;
    const after = await fetch(presigned.url, { method: 'PUT', body: 'hello', headers: presigned.signedHeaders });
    const error = await readError(after);
    expect(error.status).toBe(403);
    expect(error.code).toBe('SecurityTokenExpired');
    expect(error.ec).toBe('0002-00000007');
    expect(error.message).toBe('The security token you provided has expired.');
  });

  it('clamps V1 URLs the same way (Expires is the credentials expiration)', async () => {
    clock = T0.getTime();
    const presigned = await stsPresigner('clamp', 'v1').presign({ operation: 'GetObject', key: 'sts/a.txt' }, { expires: 3600 });
    expect(presigned.expiration.toISOString()).toBe(sts.expiration.toISOString());
    expect(new URL(presigned.url).searchParams.get('Expires')).toBe(String(sts.expiration.getTime() / 1000));
  });

  it("keeps a lifetime the credentials cover, and refuses a longer one under 'refuse', naming the limit", async () => {
    clock = T0.getTime();
    const short = await stsPresigner('refuse').presign({ operation: 'GetObject', key: 'sts/a.txt' }, { expires: 300 });
    expect(short.expiration.getTime()).toBe(T0.getTime() + 300_000);
    const error = await stsPresigner('refuse')
      .presign({ operation: 'GetObject', key: 'sts/a.txt' }, { expires: 3600 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OssPresignError);
    expect((error as OssPresignError).code).toBe('INVALID_EXPIRY');
    expect((error as OssPresignError).message).toMatch(/outlive the credentials.*at most 600/);
    // A per-request override wins over the presigner's setting.
    const clamped = await stsPresigner('refuse').presign(
      { operation: 'GetObject', key: 'sts/a.txt' },
      { expires: 3600, onExpiryBeyondCredentials: 'clamp' },
    );
    expect(clamped.expiration.toISOString()).toBe(sts.expiration.toISOString());
  });

  it('refuses to presign with credentials that have already expired (CREDENTIALS_EXPIRED)', async () => {
    clock = T0.getTime();
    const presigner = createPresigner({
      region: 'cn-hangzhou',
      bucket: 'demo',
      credentials: async () => sts,
      now: () => new Date(sts.expiration.getTime() + 5000),
    });
    const error = await presigner.presign({ operation: 'GetObject', key: 'a' }).catch((caught: unknown) => caught);
    expect((error as OssPresignError).code).toBe('CREDENTIALS_EXPIRED');
    expect((error as OssPresignError).message).toMatch(/Fetch fresh STS credentials/);
  });

  it('refuses Authorization-header requests after the token expires, and the presigner refuses to sign them', async () => {
    clock = sts.expiration.getTime() - 1000;
    const presigner = stsPresigner();
    const signed = await presigner.signRequest({ operation: 'HeadObject', key: 'sts/a.txt' });
    clock = sts.expiration.getTime() + 1000;
    const response = await fetch(signed.url, { method: signed.method, headers: signed.headers });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-oss-ec')).toBe('0002-00000007');
    const error = await presigner.signRequest({ operation: 'HeadObject', key: 'sts/a.txt' }).catch((caught: unknown) => caught);
    expect((error as OssPresignError).code).toBe('CREDENTIALS_EXPIRED');
  });
});

describe('emulator options for expiring credentials', () => {
  it.each([
    [{ ...sts, expiration: new Date('nope') }, /credentials\[0\] \("STS.expiring-ak"\): expiration must be a valid Date/],
    [{ accessKeyId: 'ak', accessKeySecret: 'sk', expiration: T0 }, /expiration applies to STS credentials only/],
    [{ accessKeyId: 'ak', accessKeySecret: '' }, /credentials\[0\] \("ak"\): accessKeySecret is missing or empty/],
  ])('refuses %o with a message naming the field', (credential, message) => {
    expect(() => resolveOptions({ credentials: [credential] })).toThrow(message);
  });

  it('never puts the secret or the token in an options error', () => {
    const bad = { accessKeyId: 'ak', accessKeySecret: 'SECRET-shh', securityToken: 'TOKEN-shh', expiration: new Date(Number.NaN) };
    let message = '';
    try {
      resolveOptions({ credentials: [bad] });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/expiration must be a valid Date/);
    expect(message).not.toMatch(/SECRET-shh|TOKEN-shh/);
  });
});
