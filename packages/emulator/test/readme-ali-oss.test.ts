// The README's "Pointing ali-oss and the OSS SDKs at the emulator" example, run as written.
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';

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

describe('README: ali-oss against the emulator', () => {
  it.each([true, false])('localhost + sldEnable, authorizationV4 %s: put, head, presigned V1 and V4 GETs', async (authorizationV4) => {
    const client = new OSS({
      endpoint: `http://localhost:${oss.port}`,
      sldEnable: true,
      region: 'oss-cn-hangzhou',
      bucket: 'demo',
      accessKeyId: 'test-ak',
      accessKeySecret: 'test-sk',
      authorizationV4,
    });
    await client.put('hello.txt', Buffer.from('hi'), { meta: { owner: 'me' } });
    expect((await client.head('hello.txt')).meta).toEqual({ owner: 'me' });
    const url = client.signatureUrl('hello.txt', { expires: 60 });
    const urlV4 = await client.signatureUrlV4('GET', 60, undefined, 'hello.txt');
    expect(new URL(url).pathname).toBe('/demo/hello.txt');
    expect(await (await fetch(url)).text()).toBe('hi');
    expect(await (await fetch(urlV4)).text()).toBe('hi');
    expect((await fetch(url.replace('Signature=', 'Signature=x'))).status).toBe(403);
  });

  it('an IP endpoint: signatureUrl is refused by ali-oss itself', () => {
    const client = new OSS({
      endpoint: oss.endpoint, region: 'oss-cn-hangzhou', bucket: 'demo', accessKeyId: 'test-ak', accessKeySecret: 'test-sk',
    });
    expect(() => client.signatureUrl('hello.txt')).toThrow('can not get the object URL when endpoint is IP');
  });

  it('cname: true with hostBuckets { localhost: "demo" }', async () => {
    const bound = await startEmulator({
      port: 0, host: '127.0.0.1', region: 'cn-hangzhou', buckets: ['demo'], hostBuckets: { localhost: 'demo' },
      credentials: [{ accessKeyId: 'test-ak', accessKeySecret: 'test-sk' }],
    });
    try {
      const client = new OSS({
        endpoint: `http://localhost:${bound.port}`, cname: true, region: 'oss-cn-hangzhou', bucket: 'demo',
        accessKeyId: 'test-ak', accessKeySecret: 'test-sk',
      });
      await client.put('demo/nested.txt', Buffer.from('bound'));
      expect((await bound.getObjectBytes('demo', 'demo/nested.txt'))?.toString()).toBe('bound');
      expect(await (await fetch(client.signatureUrl('demo/nested.txt'))).text()).toBe('bound');
    } finally {
      await bound.close();
    }
  });
});
