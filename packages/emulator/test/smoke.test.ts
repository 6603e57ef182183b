import OSS from 'ali-oss';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { CREDENTIALS, startTestEmulator } from './helpers.js';

let oss: Emulator;
beforeAll(async () => { oss = await startTestEmulator({ defaultBucket: 'demo' }); });
afterAll(async () => { await oss.close(); });

it('smoke', async () => {
  const client = new OSS({ region: 'oss-cn-hangzhou', accessKeyId: CREDENTIALS.accessKeyId, accessKeySecret: CREDENTIALS.accessKeySecret, bucket: 'demo', endpoint: oss.endpoint, authorizationV4: true });
  const put = await client.put('dir/hello world+.txt', Buffer.from('hello'));
  console.log(put.res.status, put.res.headers);
  const get = await client.get('dir/hello world+.txt');
  console.log(get.content.toString());
  const head = await client.head('dir/hello world+.txt');
  console.log(head.status);
  const list = await client.list({ prefix: 'dir/' });
  console.log(list.objects?.map((o: any) => o.name));
  const big = Buffer.alloc(300 * 1024, 1);
  const mp = await client.multipartUpload('big.bin', big, { partSize: 100 * 1024 });
  console.log(mp.res.status, mp.etag);
  const url = await client.signatureUrlV4('PUT', 600, { headers: {} }, 'signed.txt');
  console.log(url);
  const r = await fetch(url, { method: 'PUT', body: Buffer.from('x') });
  console.log(r.status, await r.text());
  await client.delete('dir/hello world+.txt');
  expect(await oss.getObjectBytes('demo', 'big.bin')).toEqual(big);
});
