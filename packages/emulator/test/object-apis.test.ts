// The object APIs beyond put/get/list, over real HTTP with requests signed by the core's V4 signer:
// CopyObject, UploadPartCopy, DeleteMultipleObjects, AppendObject, tagging, symlinks,
// GetObjectMeta, object ACL, encryption headers, versionId, and the 501 refusal of everything else.
import { createHash } from 'node:crypto';
import { createCrc64 } from '@oss-presign/core/signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { BUCKET, encodeKeyPath, expectSameBytes, parseXmlBody, readError, signedFetch, startTestEmulator } from './helpers.js';

let oss: Emulator;

beforeAll(async () => {
  oss = await startTestEmulator();
});
afterAll(async () => {
  await oss.close();
});

function md5Base64(body: string | Buffer): string {
  return createHash('md5').update(body).digest('base64');
}

function crc64Of(body: Buffer): string {
  const crc = createCrc64();
  crc.update(body);
  return crc.digest().toString();
}

async function put(key: string, body: string | Buffer, headers: Record<string, string> = {}, bucket = BUCKET): Promise<Response> {
  const response = await signedFetch(oss, { method: 'PUT', key, bucket, headers, body });
  expect(response.status).toBe(200);
  return response;
}

function copy(key: string, source: string, headers: Record<string, string> = {}, bucket = BUCKET): Promise<Response> {
  return signedFetch(oss, { method: 'PUT', key, bucket, headers: { 'x-oss-copy-source': source, ...headers } });
}

async function bytes(key: string, bucket = BUCKET): Promise<Buffer | undefined> {
  return oss.getObjectBytes(bucket, key);
}

describe('CopyObject', () => {
  it('copies within a bucket and across buckets, keeping the ETag and CRC-64, answering CopyObjectResult', async () => {
    const body = Buffer.from('copy me, all of me');
    const source = await put('copy/src.txt', body, { 'content-type': 'text/plain', 'x-oss-meta-owner': 'alice' });
    const etag = source.headers.get('etag');

    const same = await copy('copy/dst.txt', `/${BUCKET}/${encodeKeyPath('copy/src.txt')}`);
    expect(same.status).toBe(200);
    const result = parseXmlBody(await same.text()).CopyObjectResult;
    expect(result.ETag).toBe(etag);
    expect(result.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expectSameBytes(await bytes('copy/dst.txt'), body);
    const head = await signedFetch(oss, { method: 'HEAD', key: 'copy/dst.txt' });
    expect(head.headers.get('etag')).toBe(etag);
    expect(head.headers.get('x-oss-hash-crc64ecma')).toBe(crc64Of(body));
    expect(head.headers.get('content-type')).toBe('text/plain');
    expect(head.headers.get('x-oss-meta-owner')).toBe('alice');

    const across = await copy('copied here.txt', `/${BUCKET}/copy/src.txt`, {}, 'other');
    expect(across.status).toBe(200);
    expectSameBytes(await bytes('copied here.txt', 'other'), body);
  });

  it('leaves the source whole when the copy is overwritten or deleted', async () => {
    await put('copy/keep.txt', 'the original bytes');
    expect((await copy('copy/keep-copy.txt', `/${BUCKET}/copy/keep.txt`)).status).toBe(200);
    await put('copy/keep-copy.txt', 'replaced');
    expect((await signedFetch(oss, { method: 'DELETE', key: 'copy/keep-copy.txt' })).status).toBe(204);
    expect((await bytes('copy/keep.txt'))?.toString()).toBe('the original bytes');
  });

  it('answers NoSuchKey for a missing source and NoSuchBucket for a missing bucket, storing nothing', async () => {
    await put('copy/victim.txt', 'must survive');
    const missing = await readError(await copy('copy/victim.txt', `/${BUCKET}/copy/nope.txt`));
    expect(missing).toMatchObject({ status: 404, code: 'NoSuchKey' });
    expect(missing.fields.Key).toBe('copy/nope.txt');
    expect((await bytes('copy/victim.txt'))?.toString()).toBe('must survive');
    expect(await readError(await copy('copy/new.txt', '/no-such-bucket/a'))).toMatchObject({ status: 404, code: 'NoSuchBucket' });
    expect(await readError(await copy('copy/new.txt', 'not-a-source'))).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect(await bytes('copy/new.txt')).toBeUndefined();
  });

  it('replaces metadata with REPLACE, onto itself too (the way putMeta works), without touching the bytes', async () => {
    await put('copy/meta.txt', 'same bytes', { 'content-type': 'text/plain', 'x-oss-meta-a': '1' });
    const replaced = await copy('copy/meta.txt', `/${BUCKET}/copy/meta.txt`, {
      'x-oss-metadata-directive': 'REPLACE',
      'x-oss-meta-b': '2',
      'content-type': 'text/markdown',
    });
    expect(replaced.status).toBe(200);
    const head = await signedFetch(oss, { method: 'HEAD', key: 'copy/meta.txt' });
    expect(head.headers.get('content-type')).toBe('text/markdown');
    expect(head.headers.get('x-oss-meta-a')).toBeNull();
    expect(head.headers.get('x-oss-meta-b')).toBe('2');
    expect((await bytes('copy/meta.txt'))?.toString()).toBe('same bytes');

    const kept = await copy('copy/meta-copy.txt', `/${BUCKET}/copy/meta.txt`, { 'x-oss-meta-ignored': 'x' });
    expect(kept.status).toBe(200);
    const copiedHead = await signedFetch(oss, { method: 'HEAD', key: 'copy/meta-copy.txt' });
    expect(copiedHead.headers.get('x-oss-meta-b')).toBe('2');
    expect(copiedHead.headers.get('x-oss-meta-ignored')).toBeNull();
    const bad = await copy('copy/meta-copy.txt', `/${BUCKET}/copy/meta.txt`, { 'x-oss-metadata-directive': 'MERGE' });
    expect(await readError(bad)).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });

  it('honours the copy conditions: 412 PreconditionFailed and 304, storing nothing', async () => {
    const etag = (await put('copy/cond.txt', 'conditional')).headers.get('etag') as string;
    const source = `/${BUCKET}/copy/cond.txt`;
    expect(await readError(await copy('copy/cond-out.txt', source, { 'x-oss-copy-source-if-match': '"0000"' }))).toMatchObject({
      status: 412,
      code: 'PreconditionFailed',
    });
    const past = new Date(Date.now() - 3_600_000).toUTCString();
    const future = new Date(Date.now() + 3_600_000).toUTCString();
    expect((await readError(await copy('copy/cond-out.txt', source, { 'x-oss-copy-source-if-unmodified-since': past }))).status).toBe(412);
    expect((await copy('copy/cond-out.txt', source, { 'x-oss-copy-source-if-none-match': etag })).status).toBe(304);
    expect((await copy('copy/cond-out.txt', source, { 'x-oss-copy-source-if-modified-since': future })).status).toBe(304);
    expect(await bytes('copy/cond-out.txt')).toBeUndefined();
    const ok = await copy('copy/cond-out.txt', source, { 'x-oss-copy-source-if-match': etag, 'x-oss-copy-source-if-modified-since': past });
    expect(ok.status).toBe(200);
  });

  it('refuses to overwrite with x-oss-forbid-overwrite', async () => {
    await put('copy/taken.txt', 'first');
    await put('copy/other.txt', 'second');
    const refused = await copy('copy/taken.txt', `/${BUCKET}/copy/other.txt`, { 'x-oss-forbid-overwrite': 'true' });
    expect(await readError(refused)).toMatchObject({ status: 409, code: 'FileAlreadyExists' });
    expect((await bytes('copy/taken.txt'))?.toString()).toBe('first');
  });
});

describe('UploadPartCopy', () => {
  it('builds parts from ranges of an object and completes them', async () => {
    const source = Buffer.alloc(300 * 1024);
    for (let i = 0; i < source.length; i++) source[i] = (i * 7) % 251;
    await put('upc/source.bin', source);
    const init = await signedFetch(oss, { method: 'POST', key: 'upc/target.bin', query: { uploads: null } });
    const uploadId = parseXmlBody(await init.text()).InitiateMultipartUploadResult.UploadId as string;
    const etags: string[] = [];
    for (const [partNumber, range] of [
      [1, 'bytes=0-153599'],
      [2, 'bytes=153600-307199'],
    ] as const) {
      const response = await signedFetch(oss, {
        method: 'PUT',
        key: 'upc/target.bin',
        query: { partNumber: String(partNumber), uploadId },
        headers: { 'x-oss-copy-source': `/${BUCKET}/upc/source.bin`, 'x-oss-copy-source-range': range },
      });
      expect(response.status).toBe(200);
      const result = parseXmlBody(await response.text()).CopyPartResult;
      expect(result.ETag).toBe(response.headers.get('etag'));
      etags.push(result.ETag as string);
    }
    const parts = etags.map((etag, index) => `<Part><PartNumber>${index + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('');
    const complete = await signedFetch(oss, {
      method: 'POST',
      key: 'upc/target.bin',
      query: { uploadId },
      body: `<CompleteMultipartUpload>${parts}</CompleteMultipartUpload>`,
    });
    expect(complete.status).toBe(200);
    expectSameBytes(await bytes('upc/target.bin'), source);
  });

  it('answers NoSuchUpload with its EC and NoSuchKey for a missing source', async () => {
    const unknown = await signedFetch(oss, {
      method: 'PUT',
      key: 'upc/x.bin',
      query: { partNumber: '1', uploadId: 'NOPE' },
      headers: { 'x-oss-copy-source': `/${BUCKET}/upc/source.bin` },
    });
    expect(await readError(unknown)).toMatchObject({ status: 404, code: 'NoSuchUpload', ec: '0042-00000311' });
    const init = await signedFetch(oss, { method: 'POST', key: 'upc/y.bin', query: { uploads: null } });
    const uploadId = parseXmlBody(await init.text()).InitiateMultipartUploadResult.UploadId as string;
    const missing = await signedFetch(oss, {
      method: 'PUT',
      key: 'upc/y.bin',
      query: { partNumber: '1', uploadId },
      headers: { 'x-oss-copy-source': `/${BUCKET}/upc/missing.bin` },
    });
    expect(await readError(missing)).toMatchObject({ status: 404, code: 'NoSuchKey' });
    expect((await oss.listMultipartUploads(BUCKET)).find((upload) => upload.uploadId === uploadId)?.parts).toBe(0);
  });
});

describe('DeleteMultipleObjects', () => {
  function deleteBody(keys: string[], quiet: boolean): string {
    const objects = keys.map((key) => `<Object><Key>${key.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Key></Object>`).join('');
    return `<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>${quiet}</Quiet>${objects}</Delete>`;
  }

  function deleteMulti(body: string, headers: Record<string, string> = { 'content-md5': md5Base64(body) }, query: Record<string, string | null> = {}): Promise<Response> {
    return signedFetch(oss, { method: 'POST', query: { delete: null, ...query }, headers, body });
  }

  it('deletes the keys and lists them, missing ones included; quiet mode lists nothing', async () => {
    await put('dm/a.txt', 'a');
    await put('dm/b & c.txt', 'b');
    const response = await deleteMulti(deleteBody(['dm/a.txt', 'dm/b & c.txt', 'dm/never.txt'], false));
    expect(response.status).toBe(200);
    const result = parseXmlBody(await response.text()).DeleteResult;
    expect([result.Deleted].flat().map((entry: { Key: string }) => entry.Key)).toEqual(['dm/a.txt', 'dm/b & c.txt', 'dm/never.txt']);
    expect(await bytes('dm/a.txt')).toBeUndefined();
    expect(await bytes('dm/b & c.txt')).toBeUndefined();

    await put('dm/q.txt', 'q');
    const quiet = await deleteMulti(deleteBody(['dm/q.txt'], true));
    expect(quiet.status).toBe(200);
    expect(parseXmlBody(await quiet.text()).DeleteResult.Deleted).toBeUndefined();
    expect(await bytes('dm/q.txt')).toBeUndefined();
  });

  it('URL-encodes the keys it answers with encoding-type=url', async () => {
    await put('dm/ü ñ.txt', 'x');
    const response = await deleteMulti(deleteBody(['dm/ü ñ.txt'], false), undefined, { 'encoding-type': 'url' });
    const result = parseXmlBody(await response.text()).DeleteResult;
    expect(result.EncodingType).toBe('url');
    expect(result.Deleted.Key).toBe('dm%2F%C3%BC%20%C3%B1.txt'); // as ListObjects encodes keys
  });

  it('requires a matching Content-MD5 and well-formed XML, deleting nothing otherwise', async () => {
    await put('dm/stay.txt', 'stay');
    const body = deleteBody(['dm/stay.txt'], false);
    expect(await readError(await deleteMulti(body, {}))).toMatchObject({ status: 400, code: 'MissingArgument' });
    expect(await readError(await deleteMulti(body, { 'content-md5': md5Base64('other') }))).toMatchObject({ status: 400, code: 'InvalidDigest' });
    const broken = '<Delete><Object><Key>dm/stay.txt</Key></Delete>';
    expect(await readError(await deleteMulti(broken))).toMatchObject({ status: 400, code: 'MalformedXML' });
    const tooMany = deleteBody(Array.from({ length: 1001 }, (_, i) => `dm/${i}`), true);
    expect(await readError(await deleteMulti(tooMany))).toMatchObject({ status: 400, code: 'MalformedXML' });
    expect((await bytes('dm/stay.txt'))?.toString()).toBe('stay');
  });
});

describe('AppendObject', () => {
  function append(key: string, position: string | undefined, body: string, headers: Record<string, string> = {}): Promise<Response> {
    const query: Record<string, string | null> = { append: null };
    if (position !== undefined) query.position = position;
    return signedFetch(oss, { method: 'POST', key, query, headers, body });
  }

  it('creates an appendable object and appends at its end, with the whole object CRC-64', async () => {
    const first = await append('ap/log.txt', '0', 'hello ', { 'content-type': 'text/plain', 'x-oss-meta-kind': 'log' });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-oss-next-append-position')).toBe('6');
    expect(first.headers.get('x-oss-hash-crc64ecma')).toBe(crc64Of(Buffer.from('hello ')));
    const second = await append('ap/log.txt', '6', 'world');
    expect(second.headers.get('x-oss-next-append-position')).toBe('11');
    expect(second.headers.get('x-oss-hash-crc64ecma')).toBe(crc64Of(Buffer.from('hello world')));
    expect((await bytes('ap/log.txt'))?.toString()).toBe('hello world');

    const head = await signedFetch(oss, { method: 'HEAD', key: 'ap/log.txt' });
    expect(head.headers.get('x-oss-object-type')).toBe('Appendable');
    expect(head.headers.get('x-oss-next-append-position')).toBe('11');
    expect(head.headers.get('content-type')).toBe('text/plain');
    expect(head.headers.get('x-oss-meta-kind')).toBe('log');
    const ranged = await signedFetch(oss, { method: 'GET', key: 'ap/log.txt', headers: { range: 'bytes=4-7' } });
    expect(await ranged.text()).toBe('o wo');
  });

  it('refuses a wrong position (409 PositionNotEqualToLength) and a normal object (409 ObjectNotAppendable)', async () => {
    await append('ap/pos.txt', '0', 'abc');
    const wrong = await append('ap/pos.txt', '2', 'zzz');
    expect(wrong.headers.get('x-oss-next-append-position')).toBe('3');
    expect(await readError(wrong)).toMatchObject({ status: 409, code: 'PositionNotEqualToLength', ec: '0026-00000016' });
    expect(await readError(await append('ap/fresh.txt', '5', 'x'))).toMatchObject({ status: 409, code: 'PositionNotEqualToLength' });
    expect(await bytes('ap/fresh.txt')).toBeUndefined();
    await put('ap/normal.txt', 'normal');
    expect(await readError(await append('ap/normal.txt', '6', 'x'))).toMatchObject({ status: 409, code: 'ObjectNotAppendable' });
    expect(await readError(await append('ap/pos.txt', undefined, 'x'))).toMatchObject({ status: 400, code: 'MissingArgument' });
    expect(await readError(await append('ap/pos.txt', 'three', 'x'))).toMatchObject({ status: 400, code: 'InvalidArgument' });
    const badDigest = await append('ap/pos.txt', '3', 'def', { 'content-md5': md5Base64('other') });
    expect(await readError(badDigest)).toMatchObject({ status: 400, code: 'InvalidDigest' });
    expect((await bytes('ap/pos.txt'))?.toString()).toBe('abc');
    expect((await bytes('ap/normal.txt'))?.toString()).toBe('normal');
  });
});

describe('object tagging', () => {
  it('takes x-oss-tagging on PUT, counts tags on GET/HEAD, and puts, gets and deletes them', async () => {
    await put('tag/a.txt', 'tagged', { 'x-oss-tagging': 'project=demo&owner=a%20b' });
    const head = await signedFetch(oss, { method: 'HEAD', key: 'tag/a.txt' });
    expect(head.headers.get('x-oss-tagging-count')).toBe('2');
    const got = await signedFetch(oss, { method: 'GET', key: 'tag/a.txt', query: { tagging: null } });
    expect(parseXmlBody(await got.text()).Tagging.TagSet.Tag).toEqual([
      { Key: 'project', Value: 'demo' },
      { Key: 'owner', Value: 'a b' },
    ]);

    const xml = '<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>';
    expect((await signedFetch(oss, { method: 'PUT', key: 'tag/a.txt', query: { tagging: null }, body: xml })).status).toBe(200);
    const after = await signedFetch(oss, { method: 'GET', key: 'tag/a.txt', query: { tagging: null } });
    expect(parseXmlBody(await after.text()).Tagging.TagSet.Tag).toEqual({ Key: 'k', Value: 'v' });
    expect((await signedFetch(oss, { method: 'DELETE', key: 'tag/a.txt', query: { tagging: null } })).status).toBe(204);
    const none = await signedFetch(oss, { method: 'HEAD', key: 'tag/a.txt' });
    expect(none.headers.get('x-oss-tagging-count')).toBeNull();
    expect((await bytes('tag/a.txt'))?.toString()).toBe('tagged');
  });

  it('refuses more than 10 tags, malformed XML and a missing object', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `k${i}=v`).join('&');
    const refused = await signedFetch(oss, { method: 'PUT', key: 'tag/many.txt', headers: { 'x-oss-tagging': eleven }, body: 'x' });
    expect(await readError(refused)).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect(await bytes('tag/many.txt')).toBeUndefined();
    await put('tag/b.txt', 'b');
    const malformed = await signedFetch(oss, { method: 'PUT', key: 'tag/b.txt', query: { tagging: null }, body: '<Tagging><TagSet>' });
    expect(await readError(malformed)).toMatchObject({ status: 400, code: 'MalformedXML' });
    const missing = await signedFetch(oss, { method: 'GET', key: 'tag/none.txt', query: { tagging: null } });
    expect(await readError(missing)).toMatchObject({ status: 404, code: 'NoSuchKey' });
  });
});

describe('symlinks', () => {
  it('puts and gets a symlink, and GET/HEAD of the link read its target', async () => {
    await put('sym/target file.txt', 'the target', { 'content-type': 'text/plain' });
    const link = await signedFetch(oss, {
      method: 'PUT',
      key: 'sym/link',
      query: { symlink: null },
      headers: { 'x-oss-symlink-target': encodeURIComponent('sym/target file.txt'), 'x-oss-meta-via': 'link' },
    });
    expect(link.status).toBe(200);
    const got = await signedFetch(oss, { method: 'GET', key: 'sym/link', query: { symlink: null } });
    expect(got.status).toBe(200);
    expect(decodeURIComponent(got.headers.get('x-oss-symlink-target') as string)).toBe('sym/target file.txt');
    const read = await signedFetch(oss, { method: 'GET', key: 'sym/link' });
    expect(await read.text()).toBe('the target');
    expect(read.headers.get('x-oss-object-type')).toBe('Symlink');
    const head = await signedFetch(oss, { method: 'HEAD', key: 'sym/link' });
    expect(head.headers.get('content-length')).toBe('10');
    expect(head.headers.get('content-type')).toBe('text/plain');
  });

  it('answers SymlinkTargetNotExist, NotSymlink and NoSuchKey', async () => {
    await signedFetch(oss, { method: 'PUT', key: 'sym/dangling', query: { symlink: null }, headers: { 'x-oss-symlink-target': 'sym/gone' } });
    expect(await readError(await signedFetch(oss, { method: 'GET', key: 'sym/dangling' }))).toMatchObject({ status: 404, code: 'SymlinkTargetNotExist' });
    await put('sym/plain.txt', 'plain');
    const notLink = await signedFetch(oss, { method: 'GET', key: 'sym/plain.txt', query: { symlink: null } });
    expect(await readError(notLink)).toMatchObject({ status: 400, code: 'NotSymlink' });
    const none = await signedFetch(oss, { method: 'GET', key: 'sym/none', query: { symlink: null } });
    expect(await readError(none)).toMatchObject({ status: 404, code: 'NoSuchKey' });
    const noTarget = await signedFetch(oss, { method: 'PUT', key: 'sym/bad', query: { symlink: null } });
    expect(await readError(noTarget)).toMatchObject({ status: 400, code: 'MissingArgument' });
  });
});

describe('GetObjectMeta, object ACL, encryption headers, versionId', () => {
  it('GetObjectMeta gives ETag, size and Last-Modified without a body', async () => {
    const etag = (await put('meta/a.txt', '12345')).headers.get('etag');
    const meta = await signedFetch(oss, { method: 'HEAD', key: 'meta/a.txt', query: { objectMeta: null } });
    expect(meta.status).toBe(200);
    expect(meta.headers.get('etag')).toBe(etag);
    expect(meta.headers.get('content-length')).toBe('5');
    expect(meta.headers.get('last-modified')).toMatch(/GMT$/);
    expect((await signedFetch(oss, { method: 'HEAD', key: 'meta/none', query: { objectMeta: null } })).status).toBe(404);
  });

  it('stores and returns an object ACL, from x-oss-object-acl on PUT or PutObjectACL', async () => {
    await put('acl/a.txt', 'a', { 'x-oss-object-acl': 'public-read' });
    const aclOf = async (key: string) =>
      parseXmlBody(await (await signedFetch(oss, { method: 'GET', key, query: { acl: null } })).text()).AccessControlPolicy.AccessControlList.Grant;
    expect(await aclOf('acl/a.txt')).toBe('public-read');
    const set = await signedFetch(oss, { method: 'PUT', key: 'acl/a.txt', query: { acl: null }, headers: { 'x-oss-object-acl': 'private' } });
    expect(set.status).toBe(200);
    expect(await aclOf('acl/a.txt')).toBe('private');
    const bad = await signedFetch(oss, { method: 'PUT', key: 'acl/a.txt', query: { acl: null }, headers: { 'x-oss-object-acl': 'everyone' } });
    expect(await readError(bad)).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect((await signedFetch(oss, { method: 'PUT', key: 'acl/none.txt', query: { acl: null }, headers: { 'x-oss-object-acl': 'private' } })).status).toBe(404);
    expect(await bytes('acl/none.txt')).toBeUndefined();
  });

  it('stores and echoes the server-side encryption headers, refusing invalid ones', async () => {
    const sse = { 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-encryption-key-id': 'key-1', 'x-oss-server-side-data-encryption': 'SM4' };
    const response = await put('sse/a.txt', 'secret', sse);
    for (const [name, value] of Object.entries(sse)) expect(response.headers.get(name)).toBe(value);
    const head = await signedFetch(oss, { method: 'HEAD', key: 'sse/a.txt' });
    for (const [name, value] of Object.entries(sse)) expect(head.headers.get(name)).toBe(value);
    const bad = await signedFetch(oss, { method: 'PUT', key: 'sse/b.txt', headers: { 'x-oss-server-side-encryption': 'ROT13' }, body: 'x' });
    expect(await readError(bad)).toMatchObject({ status: 400, code: 'InvalidArgument' });
    const keyWithoutKms = await signedFetch(oss, {
      method: 'PUT',
      key: 'sse/b.txt',
      headers: { 'x-oss-server-side-encryption': 'AES256', 'x-oss-server-side-encryption-key-id': 'k' },
      body: 'x',
    });
    expect(await readError(keyWithoutKms)).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect(await bytes('sse/b.txt')).toBeUndefined();
  });

  it('serves versionId=null as the current object and answers NoSuchVersion for any other id', async () => {
    await put('ver/a.txt', 'current');
    expect(await (await signedFetch(oss, { method: 'GET', key: 'ver/a.txt', query: { versionId: 'null' } })).text()).toBe('current');
    const other = await signedFetch(oss, { method: 'GET', key: 'ver/a.txt', query: { versionId: 'CAEQ' } });
    expect(await readError(other)).toMatchObject({ status: 404, code: 'NoSuchVersion' });
    const deleteOther = await signedFetch(oss, { method: 'DELETE', key: 'ver/a.txt', query: { versionId: 'CAEQ' } });
    expect(deleteOther.status).toBe(404);
    expect((await bytes('ver/a.txt'))?.toString()).toBe('current');
  });
});

describe('operations the emulator does not implement', () => {
  const cases: [string, string, string | undefined, Record<string, string | null>, string][] = [
    ['image processing', 'GET', 'refuse/existing.txt', { 'x-oss-process': 'image/resize,w_100' }, 'ImageProcessing (x-oss-process)'],
    ['ProcessObject', 'POST', 'refuse/existing.txt', { 'x-oss-process': null }, 'ProcessObject / SelectObject (x-oss-process)'],
    ['RestoreObject', 'POST', 'refuse/existing.txt', { restore: null }, 'RestoreObject'],
    ['a PUT carrying x-oss-process', 'PUT', 'refuse/existing.txt', { 'x-oss-process': 'image/resize,w_1' }, 'ProcessObject / SelectObject (x-oss-process)'],
    ['PutBucket', 'PUT', undefined, {}, 'PutBucket'],
    ['DeleteBucket', 'DELETE', undefined, {}, 'DeleteBucket'],
    ['PutBucketCors', 'PUT', undefined, { cors: null }, 'PutBucketCors'],
    ['GetBucketLifecycle', 'GET', undefined, { lifecycle: null }, 'GetBucketLifecycle'],
    ['ListObjectVersions', 'GET', undefined, { versions: null }, 'ListObjectVersions'],
    ['GetBucketInfo', 'GET', undefined, { bucketInfo: null }, 'GetBucketInfo'],
    ['PutBucketTags', 'PUT', undefined, { tagging: null }, 'PutBucketTags'],
  ];

  beforeAll(async () => {
    await put('refuse/existing.txt', 'untouched');
  });

  it.each(cases)('refuses %s with 501 NotImplemented naming it, storing nothing', async (_name, method, key, query, operation) => {
    const response = await signedFetch(oss, { method, key, query, body: method === 'GET' ? undefined : 'a body that must not be stored' });
    const error = await readError(response);
    expect(error).toMatchObject({ status: 501, code: 'NotImplemented', headerEc: error.ec });
    expect(error.fields.Operation).toBe(operation);
    expect(error.message).toContain(operation);
    expect((await bytes('refuse/existing.txt'))?.toString()).toBe('untouched');
    const keys = (await oss.listObjects(BUCKET)).map((object) => object.key);
    expect(keys.filter((name) => name.startsWith('refuse/'))).toEqual(['refuse/existing.txt']);
  });

  it('checks the signature first: an unsigned refused request is 403', async () => {
    const response = await fetch(`${oss.endpoint}/${BUCKET}/refuse/existing.txt?restore`, { method: 'POST' });
    expect(await readError(response)).toMatchObject({ status: 403, code: 'AccessDenied' });
  });
});
