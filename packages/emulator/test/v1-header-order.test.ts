// Signature V1 orders x-oss-* headers by NAME. With metadata { a, a-b } the two orders differ
// ('x-oss-meta-a-b:' sorts before 'x-oss-meta-a:' as whole lines): the emulator verifies with the
// core's code, so it is checked here against ali-oss, an independent V1 signer, as well.

import { presignV1, signV1Header } from '@oss-presign/core/signer';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { BUCKET, CREDENTIALS, encodeKeyPath, putTo, startTestEmulator } from './helpers.js';

let oss: Emulator;

beforeAll(async () => {
  oss = await startTestEmulator();
});
afterAll(async () => {
  await oss.close();
});

const META = { 'x-oss-meta-a': '1', 'x-oss-meta-a-b': '2' };

async function metaOf(key: string): Promise<Record<string, string>> {
  const [object] = (await oss.listObjects(BUCKET)).filter((listed) => listed.key === key);
  return { ...object?.userMeta };
}

describe('V1 with metadata { a: "1", "a-b": "2" }', () => {
  it('a PUT signed in the Authorization header is accepted and stores both', async () => {
    const key = 'v1-order/header.txt';
    const { headers } = signV1Header({ method: 'PUT', bucket: BUCKET, key, credentials: CREDENTIALS, headers: META, date: new Date().toUTCString() });
    const response = await fetch(`${oss.endpoint}/${BUCKET}/${encodeKeyPath(key)}`, { method: 'PUT', headers, body: Buffer.from('x') });
    expect(response.status).toBe(200);
    expect(await metaOf(key)).toEqual(META);
  });

  it('a V1 presigned PUT is accepted', async () => {
    const key = 'v1-order/presigned.txt';
    const { queryString } = presignV1({
      method: 'PUT', bucket: BUCKET, key, credentials: CREDENTIALS, headers: META, expires: Math.floor(Date.now() / 1000) + 300,
    });
    expect((await putTo(`${oss.endpoint}/${BUCKET}/${encodeKeyPath(key)}?${queryString}`, 'x', META)).status).toBe(200);
    expect(await metaOf(key)).toEqual(META);
  });

  it('ali-oss in its default V1 mode puts with that metadata and reads it back', async () => {
    // localhost, not 127.0.0.1 (ali-oss refuses signatureUrl for an IP endpoint), path-style (sldEnable).
    const client = new OSS({
      region: 'oss-cn-hangzhou', bucket: BUCKET, endpoint: `http://localhost:${oss.port}`, sldEnable: true,
      accessKeyId: CREDENTIALS.accessKeyId, accessKeySecret: CREDENTIALS.accessKeySecret,
    });
    const key = 'v1-order/ali-oss.txt';
    expect((await client.put(key, Buffer.from('x'), { meta: { a: '1', 'a-b': '2', 'a.b': '3', a1: '4' } })).res.status).toBe(200);
    expect((await client.head(key)).meta).toEqual({ a: '1', 'a-b': '2', 'a.b': '3', a1: '4' });
    const url = client.signatureUrl(key, { expires: 300, method: 'GET' });
    expect(await (await fetch(url)).text()).toBe('x');
  });
});
