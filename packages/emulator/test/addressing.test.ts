import { signV4Query } from '@oss-presign/core/signer';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator, EmulatorOptions } from '../src/index.js';
import { BUCKET, CREDENTIALS, REGION, errorCodeOf, presignedUrl, putTo, rawRequest, readError, startTestEmulator } from './helpers.js';

let oss: Emulator | undefined;
afterEach(async () => {
  await oss?.close();
  oss = undefined;
});

async function start(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  oss = await startTestEmulator(options);
  return oss;
}

/** A V4 query string for bucket/key: the canonical URI is /bucket/key whatever the addressing. */
function signedQuery(method: string, bucket: string, key: string): string {
  return signV4Query({ method, bucket, key, region: REGION, credentials: CREDENTIALS, signTime: new Date() }).queryString;
}

describe('addressing', () => {
  it('path-style /bucket/key', async () => {
    const emulator = await start();
    expect((await putTo(presignedUrl(emulator, { method: 'PUT', key: 'p/a.txt', bucket: 'other' }), 'x')).status).toBe(200);
    expect(await emulator.getObjectBytes('other', 'p/a.txt')).toEqual(Buffer.from('x'));
  });

  it.each([
    ['demo.oss-cn-hangzhou.aliyuncs.com', {}],
    ['demo.localhost:9000', {}],
    ['demo.oss.test', { virtualHostBaseDomain: 'oss.test' }],
  ])('virtual-hosted Host %s', async (host, options) => {
    const emulator = await start(options);
    const put = await rawRequest(emulator.endpoint, {
      method: 'PUT',
      path: `/v/a.txt?${signedQuery('PUT', BUCKET, 'v/a.txt')}`,
      headers: { host, 'content-length': '2' },
      body: Buffer.from('vh'),
    });
    expect(put.status).toBe(200);
    expect(await emulator.getObjectBytes(BUCKET, 'v/a.txt')).toEqual(Buffer.from('vh'));
  });

  it('an IP endpoint with a default bucket takes /key (what ali-oss signatureUrlV4 sends)', async () => {
    const emulator = await start({ defaultBucket: BUCKET });
    const response = await putTo(`${emulator.endpoint}/d/a.txt?${signedQuery('PUT', BUCKET, 'd/a.txt')}`, 'dflt');
    expect(response.status).toBe(200);
    expect(await emulator.getObjectBytes(BUCKET, 'd/a.txt')).toEqual(Buffer.from('dflt'));
    // A first segment naming a configured bucket is still path-style.
    expect((await putTo(presignedUrl(emulator, { method: 'PUT', key: 'x.txt', bucket: 'other' }), 'o')).status).toBe(200);
    expect(await emulator.getObjectBytes('other', 'x.txt')).toEqual(Buffer.from('o'));
  });

  it('a custom domain bound with hostBuckets', async () => {
    const emulator = await start({ hostBuckets: { 'files.example.com': 'other' } });
    const response = await rawRequest(emulator.endpoint, {
      method: 'PUT',
      path: `/c.txt?${signedQuery('PUT', 'other', 'c.txt')}`,
      headers: { host: 'files.example.com', 'content-length': '1' },
      body: Buffer.from('c'),
    });
    expect(response.status).toBe(200);
    expect(await emulator.getObjectBytes('other', 'c.txt')).toEqual(Buffer.from('c'));
  });

  it('answers SecondLevelDomainForbidden to path-style on a base domain when asked to', async () => {
    const emulator = await start({ forbidPathStyle: true });
    const response = await rawRequest(emulator.endpoint, {
      method: 'GET',
      path: `/${BUCKET}/a.txt?${signedQuery('GET', BUCKET, 'a.txt')}`,
      headers: { host: 'oss-cn-hangzhou.aliyuncs.com' },
    });
    expect(response.status).toBe(403);
    expect(errorCodeOf(response)).toBe('SecondLevelDomainForbidden');
  });

  it('without a default bucket, an unknown first segment is NoSuchBucket and / is not emulated', async () => {
    const emulator = await start();
    expect(await readError(await fetch(`${emulator.endpoint}/nope/a.txt`))).toMatchObject({ status: 404, code: 'NoSuchBucket' });
    expect(await readError(await fetch(`${emulator.endpoint}/`))).toMatchObject({ status: 405, code: 'MethodNotAllowed' });
  });

  it('validates its options', async () => {
    await expect(startTestEmulator({ buckets: ['Bad_Name'] })).rejects.toThrow(TypeError);
    await expect(startTestEmulator({ defaultBucket: 'missing' })).rejects.toThrow(/defaultBucket/);
    await expect(startTestEmulator({ credentials: [] })).rejects.toThrow(/credentials/);
  });
});
