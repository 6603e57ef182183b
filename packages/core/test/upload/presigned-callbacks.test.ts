import { describe, expect, it } from 'vitest';
import { completeMultipartXml as completeXml } from '../../src/shared/complete-multipart-xml.js';
import { parseListParts } from '../../src/oss/list-parts.js';
import { presignedMultipart } from '../../src/upload/presigned-callbacks.js';
import { fakeTransport, ossError } from './fake-transport.js';

describe('completeXml', () => {
  it('lists the parts in order with escaped ETags', () => {
    expect(completeXml([{ partNumber: 1, etag: '"A&B"' }, { partNumber: 2, etag: '"C"' }])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"A&amp;B"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>"C"</ETag></Part></CompleteMultipartUpload>',
    );
  });

  it('sorts the parts by number and escapes <, > and & (OSS requires ascending parts)', () => {
    expect(completeXml([{ partNumber: 10, etag: '<b>' }, { partNumber: 2, etag: 'a' }])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>a</ETag></Part><Part><PartNumber>10</PartNumber><ETag>&lt;b&gt;</ETag></Part></CompleteMultipartUpload>',
    );
  });
});

describe('parseListParts', () => {
  it('reads parts and the next marker of a truncated page', () => {
    const xml = `<?xml version="1.0"?><ListPartsResult><Bucket>demo</Bucket><NextPartNumberMarker>2</NextPartNumberMarker><MaxParts>2</MaxParts><IsTruncated>true</IsTruncated>
      <Part><PartNumber>1</PartNumber><LastModified>2012-02-23T07:01:34.000Z</LastModified><ETag>&quot;3349DC700140D7F86A0784842780****&quot;</ETag><Size>6291456</Size></Part>
      <Part><PartNumber>2</PartNumber><ETag>"AB"</ETag><Size>5</Size><HashCrc64ecma>123</HashCrc64ecma></Part></ListPartsResult>`;
    expect(parseListParts(xml)).toEqual({
      parts: [
        { partNumber: 1, etag: '"3349DC700140D7F86A0784842780****"', size: 6291456, crc64: undefined, lastModified: '2012-02-23T07:01:34.000Z' },
        { partNumber: 2, etag: '"AB"', size: 5, crc64: '123' },
      ],
      nextMarker: 2,
      truncated: true,
    });
    expect(parseListParts('<ListPartsResult><IsTruncated>false</IsTruncated></ListPartsResult>')).toEqual({ parts: [], nextMarker: undefined, truncated: false });
  });
});

describe('presignedMultipart', () => {
  it('pages through ListParts and sends Complete as bytes with only the signed headers', async () => {
    const presigned: unknown[] = [];
    const transport = fakeTransport((request) => {
      if (request.method === 'GET') {
        const marker = /marker=(\d+)/.exec(request.url)?.[1];
        return {
          status: 200,
          headers: {},
          body: marker
            ? '<ListPartsResult><IsTruncated>false</IsTruncated><Part><PartNumber>2</PartNumber><ETag>"B"</ETag><Size>2</Size></Part></ListPartsResult>'
            : '<ListPartsResult><IsTruncated>true</IsTruncated><NextPartNumberMarker>1</NextPartNumberMarker><Part><PartNumber>1</PartNumber><ETag>"A"</ETag><Size>1</Size></Part></ListPartsResult>',
        };
      }
      if (request.method === 'POST') {
        return { status: 200, headers: { 'x-oss-hash-crc64ecma': '42', etag: '"H"' }, body: '<CompleteMultipartUploadResult><ETag>"E-2"</ETag></CompleteMultipartUploadResult>' };
      }
      return ossError(404, 'NoSuchUpload', 'gone');
    });
    const callbacks = presignedMultipart({
      transport,
      presign: async (request) => {
        presigned.push(request);
        const marker = request.operation === 'ListParts' && request.partNumberMarker !== undefined ? `&marker=${request.partNumberMarker}` : '';
        return { url: `https://demo.oss-cn-hangzhou.aliyuncs.com/k?op=${request.operation}${marker}`, signedHeaders: {} };
      },
    });
    const signal = new AbortController().signal;
    expect(await callbacks.listParts({ uploadId: 'U' }, { signal })).toEqual([
      { partNumber: 1, etag: '"A"', size: 1, crc64: undefined },
      { partNumber: 2, etag: '"B"', size: 2, crc64: undefined },
    ]);
    const completed = await callbacks.complete({ uploadId: 'U', parts: [{ partNumber: 1, etag: '"A"' }] }, { signal });
    expect(completed).toMatchObject({ etag: '"E-2"', crc64: '42' });
    const post = transport.requests.find((request) => request.method === 'POST');
    expect(post?.headers).toEqual({});
    expect(new TextDecoder().decode(post?.bytes)).toContain('<PartNumber>1</PartNumber>');
    await expect(callbacks.abort({ uploadId: 'U' }, { signal })).rejects.toMatchObject({ code: 'NO_SUCH_UPLOAD' });
    expect(presigned).toContainEqual({ operation: 'ListParts', uploadId: 'U', partNumberMarker: 1 });
  });
});
