// ali-oss@6.23.0 as an independent client of the object APIs beyond put/get: its own request
// layout, XML and signing, in V4 and in V1 (whose canonical resource signs the sub-resources).
import { Readable } from 'node:stream';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { BUCKET, CREDENTIALS, expectSameBytes, startTestEmulator } from './helpers.js';

let oss: Emulator;

beforeAll(async () => {
  oss = await startTestEmulator();
});
afterAll(async () => {
  await oss.close();
});

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; status: number };
  }
  throw new Error('expected the ali-oss call to fail');
}

describe.each([
  ['V4', true],
  ['V1', false],
])('ali-oss in %s mode', (mode, authorizationV4) => {
  let client: any;
  const prefix = `ali-${mode}/`;

  beforeAll(() => {
    client = new OSS({
      region: 'oss-cn-hangzhou',
      accessKeyId: CREDENTIALS.accessKeyId,
      accessKeySecret: CREDENTIALS.accessKeySecret,
      bucket: BUCKET,
      endpoint: oss.endpoint,
      authorizationV4,
      timeout: 30_000,
    });
  });

  it('copies (same and other bucket) and replaces metadata with putMeta', async () => {
    await client.put(`${prefix}src.txt`, Buffer.from('copy source'), { meta: { a: '1' }, mime: 'text/plain' });
    const copied = await client.copy(`${prefix}dst.txt`, `${prefix}src.txt`);
    expect(copied.res.status).toBe(200);
    expect(copied.data.etag).toMatch(/^"[0-9A-F]{32}"$/);
    expect((await client.get(`${prefix}dst.txt`)).content.toString()).toBe('copy source');
    expect((await client.head(`${prefix}dst.txt`)).meta).toEqual({ a: '1' });

    await client.copy(`${prefix}in-other.txt`, `${prefix}src.txt`, BUCKET, { headers: {} });
    await client.useBucket('other');
    try {
      await client.copy(`${prefix}from-demo.txt`, `${prefix}src.txt`, BUCKET);
      expect((await client.get(`${prefix}from-demo.txt`)).content.toString()).toBe('copy source');
    } finally {
      client.useBucket(BUCKET);
    }

    await client.putMeta(`${prefix}src.txt`, { b: '2' });
    const head = await client.head(`${prefix}src.txt`);
    expect(head.meta).toEqual({ b: '2' });
    expect((await client.get(`${prefix}src.txt`)).content.toString()).toBe('copy source');

    expect(await errorOf(client.copy(`${prefix}dst.txt`, `${prefix}missing.txt`))).toMatchObject({ status: 404, code: 'NoSuchKey' });
    expect((await client.get(`${prefix}dst.txt`)).content.toString()).toBe('copy source');
  });

  it('copies with conditions', async () => {
    const put = await client.put(`${prefix}cond.txt`, Buffer.from('x'));
    const etag = put.res.headers.etag;
    const failed = await errorOf(client.copy(`${prefix}cond-out.txt`, `${prefix}cond.txt`, { headers: { 'if-match': '"00"' } }));
    expect(failed).toMatchObject({ status: 412, code: 'PreconditionFailed' });
    const notModified = await client.copy(`${prefix}cond-out.txt`, `${prefix}cond.txt`, { headers: { 'if-none-match': etag } });
    expect(notModified.res.status).toBe(304);
    expect(await oss.getObjectBytes(BUCKET, `${prefix}cond-out.txt`)).toBeUndefined();
  });

  it('deletes many objects, quiet and not', async () => {
    const names = [`${prefix}dm/a.txt`, `${prefix}dm/b'<&>.txt`, `${prefix}dm/c d.txt`];
    for (const name of names) await client.put(name, Buffer.from(name));
    const loud = await client.deleteMulti(names.slice(0, 2));
    expect(loud.deleted.map((entry: { Key: string }) => entry.Key)).toEqual(names.slice(0, 2));
    const quiet = await client.deleteMulti([names[2]], { quiet: true });
    expect(quiet.deleted).toEqual([]);
    for (const name of names) expect(await oss.getObjectBytes(BUCKET, name)).toBeUndefined();
  });

  it('appends, with next-append-position and the whole CRC-64', async () => {
    const first = await client.append(`${prefix}log.txt`, Buffer.from('one,'));
    expect(first.nextAppendPosition).toBe('4');
    const second = await client.append(`${prefix}log.txt`, Buffer.from('two'), { position: first.nextAppendPosition });
    expect(second.nextAppendPosition).toBe('7');
    expect((await client.get(`${prefix}log.txt`)).content.toString()).toBe('one,two');
    const wrong = await errorOf(client.append(`${prefix}log.txt`, Buffer.from('x'), { position: '1' }));
    expect(wrong).toMatchObject({ status: 409, code: 'PositionNotEqualToLength' });
    const streamed = await client.append(`${prefix}log.txt`, Readable.from([Buffer.from(',three')]), { position: '7' });
    expect(streamed.nextAppendPosition).toBe('13');
    await client.put(`${prefix}normal.txt`, Buffer.from('n'));
    expect(await errorOf(client.append(`${prefix}normal.txt`, Buffer.from('x'), { position: '1' }))).toMatchObject({
      status: 409,
      code: 'ObjectNotAppendable',
    });
  });

  it('puts, gets and deletes object tags, and takes tags on put', async () => {
    await client.put(`${prefix}tagged.txt`, Buffer.from('t'), { headers: { 'x-oss-tagging': 'a=1&b=2' } });
    expect((await client.getObjectTagging(`${prefix}tagged.txt`)).tag).toEqual({ a: '1', b: '2' });
    await client.putObjectTagging(`${prefix}tagged.txt`, { project: 'oss presign', 'k:/+-=._': 'v' });
    expect((await client.getObjectTagging(`${prefix}tagged.txt`)).tag).toEqual({ project: 'oss presign', 'k:/+-=._': 'v' });
    expect((await client.head(`${prefix}tagged.txt`)).res.headers['x-oss-tagging-count']).toBe('2');
    await client.deleteObjectTagging(`${prefix}tagged.txt`);
    expect((await client.getObjectTagging(`${prefix}tagged.txt`)).tag).toEqual({});
  });

  it('puts and gets symlinks, and reads through them', async () => {
    await client.put(`${prefix}sym/target é.txt`, Buffer.from('target bytes'));
    await client.putSymlink(`${prefix}sym/link`, `${prefix}sym/target é.txt`);
    expect((await client.getSymlink(`${prefix}sym/link`)).targetName).toBe(`${prefix}sym/target é.txt`);
    expect((await client.get(`${prefix}sym/link`)).content.toString()).toBe('target bytes');
  });

  it('gets object meta and puts and gets the object ACL', async () => {
    const body = Buffer.from('meta and acl');
    await client.put(`${prefix}acl.txt`, body);
    const meta = await client.getObjectMeta(`${prefix}acl.txt`);
    expect(meta.status).toBe(200);
    expect(meta.res.headers['content-length']).toBe(String(body.length));
    expect((await client.getACL(`${prefix}acl.txt`)).acl).toBe('default');
    await client.putACL(`${prefix}acl.txt`, 'public-read');
    expect((await client.getACL(`${prefix}acl.txt`)).acl).toBe('public-read');
    expectSameBytes((await client.get(`${prefix}acl.txt`)).content, body);
  });

  it('copies parts with uploadPartCopy', async () => {
    const source = Buffer.alloc(250 * 1024, 7);
    source.write('start', 0);
    source.write('end', source.length - 3);
    await client.put(`${prefix}upc-src.bin`, source);
    const { uploadId } = await client.initMultipartUpload(`${prefix}upc.bin`);
    const sourceData = { sourceKey: `${prefix}upc-src.bin`, sourceBucketName: BUCKET };
    const part1 = await client.uploadPartCopy(`${prefix}upc.bin`, uploadId, 1, '0-131071', sourceData);
    const part2 = await client.uploadPartCopy(`${prefix}upc.bin`, uploadId, 2, `131072-${source.length - 1}`, sourceData);
    await client.completeMultipartUpload(`${prefix}upc.bin`, uploadId, [
      { number: 1, etag: part1.etag },
      { number: 2, etag: part2.etag },
    ]);
    expectSameBytes((await client.get(`${prefix}upc.bin`)).content, source);
  });

  it('is refused what the emulator does not implement, storing nothing', async () => {
    await client.put(`${prefix}img.png`, Buffer.from('not really a png'));
    expect(await errorOf(client.get(`${prefix}img.png`, { process: 'image/resize,w_10' }))).toMatchObject({ status: 501, code: 'NotImplemented' });
    expect(await errorOf(client.restore(`${prefix}img.png`))).toMatchObject({ status: 501, code: 'NotImplemented' });
    expect(await errorOf(client.putBucketCORS(BUCKET, [{ allowedOrigin: '*', allowedMethod: 'GET' }]))).toMatchObject({
      status: 501,
      code: 'NotImplemented',
    });
    expect((await client.get(`${prefix}img.png`)).content.toString()).toBe('not really a png');
  });
});
