import { describe, expect, it } from 'vitest';
import { readOssFailure } from '../../src/oss/classify.js';
import { parseDateTime } from '../../src/oss/date-time.js';
import { MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE } from '../../src/oss/limits.js';
import { listAllParts } from '../../src/oss/list-parts.js';
import { fitPartSize, isValidPartSize, partCountOf } from '../../src/oss/part-size.js';
import { xmlElements } from '../../src/oss/xml.js';

const page = (parts: number[], next?: number) =>
  `<ListPartsResult><IsTruncated>${next === undefined ? 'false' : 'true'}</IsTruncated>${next === undefined ? '' : `<NextPartNumberMarker>${next}</NextPartNumberMarker>`}${parts
    .map((n) => `<Part><PartNumber>${n}</PartNumber><ETag>"E${n}"</ETag><Size>${MIN_PART_SIZE}</Size></Part>`)
    .join('')}</ListPartsResult>`;

describe('listAllParts', () => {
  it('reads every page, however many (one part a page: 150 pages)', async () => {
    const markers: (number | undefined)[] = [];
    const parts = await listAllParts(
      async (marker) => {
        markers.push(marker);
        const n = (marker ?? 0) + 1;
        return page([n], n < 150 ? n : undefined);
      },
      (message) => new Error(message),
    );
    expect(parts.map((part) => part.partNumber)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(markers.slice(0, 3)).toEqual([undefined, 1, 2]);
  });

  it('refuses a truncated page without a next marker instead of returning what it has', async () => {
    await expect(listAllParts(async () => page([1]).replace('false', 'true'), (message) => new RangeError(message))).rejects.toThrow(
      /without NextPartNumberMarker/,
    );
  });

  it('refuses a marker that does not move forward or lies past part 10,000', async () => {
    await expect(listAllParts(async () => page([1], 0), (message) => new RangeError(message))).rejects.toBeInstanceOf(RangeError);
    let calls = 0;
    const stuck = listAllParts(async (marker) => {
      calls++;
      return page([3], marker === undefined ? 3 : 3);
    }, (message) => new RangeError(message));
    await expect(stuck).rejects.toThrow(/NextPartNumberMarker 3 after 3/);
    expect(calls).toBe(2);
    await expect(listAllParts(async () => page([1], MAX_PARTS + 1), (message) => new RangeError(message))).rejects.toThrow(/10001/);
  });
});

describe('part size: one rule for the handler and the uploader', () => {
  it('keeps a preferred size that fits and grows it in whole MiB when it does not', () => {
    expect(fitPartSize(1024 ** 3, 8 * 1024 ** 2)).toBe(8 * 1024 ** 2);
    expect(fitPartSize(200 * 1024 ** 3, 8 * 1024 ** 2)).toBe(21 * 1024 ** 2);
    expect(fitPartSize(MAX_PARTS * MAX_PART_SIZE, MIN_PART_SIZE)).toBe(MAX_PART_SIZE);
    expect(fitPartSize(MAX_PARTS * MAX_PART_SIZE + 1, MIN_PART_SIZE)).toBeUndefined();
  });

  it('knows OSS part bounds and counts an empty body as one part', () => {
    expect([MIN_PART_SIZE - 1, MIN_PART_SIZE, MAX_PART_SIZE, MAX_PART_SIZE + 1, 1.5e5 + 0.5].map(isValidPartSize)).toEqual([false, true, true, false, false]);
    expect(partCountOf(0, MIN_PART_SIZE)).toBe(1);
    expect(partCountOf(250, 100)).toBe(3);
  });
});

describe('parseDateTime', () => {
  it('reads x-oss-date and refuses out-of-range fields', () => {
    expect(parseDateTime('20231217T025437Z')?.toISOString()).toBe('2023-12-17T02:54:37.000Z');
    expect(parseDateTime('20231232T000000Z')).toBeUndefined();
    expect(parseDateTime('00501217T025437Z')).toBeUndefined();
    expect(parseDateTime('2023-12-17T02:54:37Z')).toBeUndefined();
  });
});

describe('readOssFailure', () => {
  const error = (code: string, extra = '') => `<Error><Code>${code}</Code><Message>m</Message>${extra}<RequestId>R</RequestId></Error>`;
  it.each([
    [203, error('CallbackFailed'), 'callback-failed'],
    [403, error('SignatureDoesNotMatch'), 'signature-mismatch'],
    [403, error('RequestTimeTooSkewed'), 'clock-skew'],
    [403, error('AccessDenied', '<EC>0002-00000235</EC>'), 'not-yet-valid'],
    [403, error('AccessDenied', '<EC>0002-00000236</EC>'), 'url-expired'],
    [400, error('InvalidDigest'), 'bad-digest'],
    [404, error('NoSuchUpload'), 'no-such-upload'],
    [400, error('InvalidPartOrder'), 'invalid-part'],
    [400, error('EntityTooSmall'), 'invalid-part'],
    [409, error('FileAlreadyExists'), 'object-exists'],
    [403, error('AccessDenied'), 'access-denied'],
    [404, error('NoSuchKey'), 'not-found'],
    [429, '', 'throttled'],
    [503, '', 'server-error'],
    [400, error('InvalidArgument'), 'other'],
  ] as const)('%i %s is %s', (status, body, kind) => {
    expect(readOssFailure(status, body).kind).toBe(kind);
  });

  it('falls back to the x-oss-* headers when the body is empty (HEAD)', () => {
    const failure = readOssFailure(404, '', { 'x-oss-err-code': 'NoSuchUpload', 'x-oss-request-id': 'R2', 'x-oss-ec': '0026-00000001' });
    expect(failure).toMatchObject({ kind: 'no-such-upload', ossCode: 'NoSuchUpload', requestId: 'R2', ec: '0026-00000001', details: undefined });
  });
});

describe('xmlElements', () => {
  it('lists repeated elements in order', () => {
    expect(xmlElements('<L><Contents><Key>a</Key></Contents><Contents><Key>b</Key></Contents></L>', 'Contents')).toEqual(['<Key>a</Key>', '<Key>b</Key>']);
    expect(xmlElements('<L/>', 'Contents')).toEqual([]);
  });
});
