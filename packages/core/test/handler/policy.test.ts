import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContentTypeMatcher } from '../../src/handler/content-type.js';
import { sanitizeFileName } from '../../src/handler/file-name.js';
import { clampExpires, partSizeOf, planMultipart } from '../../src/handler/limits.js';
import { defaultObjectKey, normalizePrefix } from '../../src/handler/object-key.js';
import { matchPresignRoute, utf8ByteLength } from '../../src/handler/plain-http.js';

describe('sanitizeFileName', () => {
  it.each([
    ['cat.png', 'cat.png'],
    ['Holiday photo (1).JPG', 'Holiday-photo-1.JPG'],
    ['.env', 'file.env'],
    ['--rm -rf.sh', 'rm-rf.sh'],
    ['résumé.pdf', 'résumé.pdf'],
    ['日本語 ファイル.txt', '日本語-ファイル.txt'],
    ['a%2F..%2Fb.png', 'a-2F..-2Fb.png'],
    ['$$$', 'file'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });
});

describe('createContentTypeMatcher', () => {
  const allowed = createContentTypeMatcher(['image/*', 'application/pdf']);
  it.each([
    ['image/png', true],
    ['IMAGE/JPEG', true],
    ['application/pdf', true],
    ['application/pdf; charset=binary', true],
    ['application/pdfx', false],
    ['text/html', false],
    ['image', false],
  ])('%s → %s', (type, expected) => {
    expect(allowed(type)).toBe(expected);
  });
  it('lets */* allow any well-formed type', () => {
    expect(createContentTypeMatcher(['*/*'])('video/mp4')).toBe(true);
  });
});

describe('part plans and expiry', () => {
  it('keeps a wished part size and sizes the last part', () => {
    const plan = planMultipart(250 * 1024, 100 * 1024, 8 * 1024 * 1024);
    expect(plan).toEqual({ size: 256_000, partSize: 102_400, partCount: 3 });
    expect([1, 2, 3].map((n) => partSizeOf(plan, n))).toEqual([102_400, 102_400, 51_200]);
  });
  it('raises the default part size to stay within 10000 parts', () => {
    expect(planMultipart(200 * 1024 ** 3, undefined, 8 * 1024 ** 2).partCount).toBeLessThanOrEqual(10_000);
  });
  it('clamps expiry', () => {
    expect(clampExpires(undefined, { defaultExpires: 900, maxExpires: 3600 })).toBe(900);
    expect(clampExpires(7200, { defaultExpires: 900, maxExpires: 3600 })).toBe(3600);
  });
});

describe('keys', () => {
  it('builds {prefix}/{yyyy}/{mm}/{id}-{name}', () => {
    expect(defaultObjectKey({ prefix: 'uploads', now: new Date('2024-01-31T23:59:59Z'), id: 'ab', fileName: 'x.png' })).toBe('uploads/2024/01/ab-x.png');
    expect(defaultObjectKey({ prefix: '', now: new Date('2024-12-01Z'), id: 'ab', fileName: 'x.png' })).toBe('2024/12/ab-x.png');
  });
  it('normalises prefixes', () => {
    expect(normalizePrefix('uploads//')).toBe('uploads');
    expect(() => normalizePrefix('/abs')).toThrow();
  });
});

describe('sanitizeFileName on ASCII names', () => {
  // The documented rule with the Unicode classes, which the ASCII fast path must reproduce exactly.
  const reference = (name: string) => {
    const cleaned = name
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+/, '')
      .replace(/-+(\.[^.]*)?$/, '$1');
    return cleaned === '' || cleaned.startsWith('.') ? `file${cleaned}` : cleaned;
  };

  it('matches the Unicode rule on random printable ASCII', () => {
    const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(printable.filter((name) => !/[/\\]/.test(name) && name !== '.' && name !== '..'), (name) => {
        expect(sanitizeFileName(name)).toBe(reference(name));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('matchPresignRoute', () => {
  it.each([
    ['/api/oss/upload', '/api/oss', '/upload'],
    ['/api/oss/upload?x=1', '/api/oss', '/upload'],
    ['/api/oss/upload/', '/api/oss', '/upload'],
    ['/api/oss/multipart/list-parts', '/api/oss/', '/multipart/list-parts'],
    ['/upload', '', '/upload'],
    ['/upload', undefined, '/upload'],
    ['/api/ossx/upload', '/api/oss', undefined],
    // The adapter owns its prefix: unknown paths under it go to the handler, which answers 404.
    ['/api/oss', '/api/oss', '/'],
    ['/api/oss/', '/api/oss', '/'],
    ['/api/oss/uploads', '/api/oss', '/uploads'],
    ['/api/oss/unknown', '/api/oss', '/unknown'],
    ['/api/oss/multipart', '/api/oss', '/multipart'],
    ['/api/oss/multipart/initiate/x', '/api/oss', '/multipart/initiate/x'],
    // Mounted at the root there is no prefix to own: only the routes are the handler's.
    ['/unknown', '', undefined],
    ['/multipart', undefined, undefined],
    ['/health', '/api/oss', undefined],
    ['/other/api/oss/upload', '/api/oss', undefined],
  ])('%j under %j is %j', (path, base, route) => {
    expect(matchPresignRoute(path, base)).toBe(route);
  });
});

describe('utf8ByteLength', () => {
  it.each(['', 'ascii', 'é', '日本', '😀', 'a😀b\u00ff', '{"key":"uploads/ü"}'])('%j matches TextEncoder', (text) => {
    expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
  });
  it('counts texts too long for its scratch buffer, unicode included', () => {
    for (const text of ['a'.repeat(20_000), 'é😀日'.repeat(5_000), `${'x'.repeat(16_383)}😀`, '\uD800é'.repeat(9_000), `${'y'.repeat(17_000)}\uD800`]) {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
