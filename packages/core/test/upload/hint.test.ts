import { describe, expect, it } from 'vitest';
import { type OssErrorDetails, parseOssErrorXml } from '../../src/oss/error-xml.js';
import { diagnoseSignatureMismatch, parseCanonicalRequest, parseV1StringToSign } from '../../src/upload/hint.js';
import { SIGNATURE_XML } from './fixtures.js';

const SIGN_TIME = Date.UTC(2026, 10, 25, 16, 26, 14);
// The bucket is in cn-hangzhou (the host says so); `region` is the one the URL was signed for.
const url = (extra = '', date = '20261125T162614Z', expires = 900, region = 'cn-hangzhou') =>
  `https://demo.oss-cn-hangzhou.aliyuncs.com/k.txt?x-oss-credential=ak%2F${date.slice(0, 8)}%2F${region}%2Foss%2Faliyun_v4_request&x-oss-date=${date}&x-oss-expires=${expires}&x-oss-signature-version=OSS4-HMAC-SHA256${extra}&x-oss-signature=${'a'.repeat(64)}`;

function canonical(headers: string[], additional = ''): string {
  return ['PUT', '/demo/k.txt', 'x-oss-date=20261125T162614Z', ...headers, '', additional, 'UNSIGNED-PAYLOAD'].join('\n');
}

describe('parseCanonicalRequest', () => {
  it('splits the six parts, header lines included', () => {
    const parsed = parseCanonicalRequest(parseOssErrorXml(SIGNATURE_XML)?.canonicalRequest);
    expect(parsed).toMatchObject({ method: 'PUT', uri: '/demo/k.txt', headers: { 'content-type': 'image/png' }, additionalHeaders: [] });
    expect(parseCanonicalRequest(canonical(['host:h', 'x-oss-meta-a:1'], 'host'))).toMatchObject({
      headers: { host: 'h', 'x-oss-meta-a': '1' },
      additionalHeaders: ['host'],
    });
    expect(parseCanonicalRequest('garbage')).toBeUndefined();
  });
});

describe('diagnoseSignatureMismatch', () => {
  const base = { now: SIGN_TIME + 1000 };

  it('cause 1a: a signed header OSS did not receive', () => {
    const target = { url: url(), signedHeaders: { 'x-oss-meta-owner': 'alice' } };
    const result = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: target.signedHeaders }, oss: { canonicalRequest: canonical([]) } });
    expect(result.cause).toBe('signed-header-missing');
    expect(result.hint).toContain('x-oss-meta-owner: alice');
  });

  it('cause 1b: a signed header received with another value', () => {
    const target = { url: url(), signedHeaders: { 'x-oss-meta-owner': 'alice' } };
    const result = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: {} }, oss: { canonicalRequest: canonical(['x-oss-meta-owner:bob']) } });
    expect(result.cause).toBe('signed-header-changed');
    expect(result.hint).toContain('"x-oss-meta-owner: bob"');
  });

  it('cause 1c: a header listed in x-oss-additional-headers but never sent', () => {
    const target = { url: url('&x-oss-additional-headers=cache-control'), signedHeaders: {} };
    const result = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: {} } });
    expect(result.cause).toBe('signed-header-missing');
    expect(result.hint).toContain('cache-control');
  });

  it('cause 2a: a Content-Type the runtime added (the emulator capture)', () => {
    const target = { url: url(), signedHeaders: {} };
    const result = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: {} }, oss: parseOssErrorXml(SIGNATURE_XML) });
    expect(result.cause).toBe('content-type-added');
    expect(result.hint).toContain('image/png');
  });

  it('cause 2b: a Content-Type different from the signed one, also without OSS\'s canonical request', () => {
    const target = { url: url(), signedHeaders: { 'content-type': 'image/png' } };
    const result = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: { 'Content-Type': 'image/jpeg' } } });
    expect(result.cause).toBe('content-type-mismatch');
    expect(result.hint).toContain('"image/png"');
    expect(result.hint).toContain('"image/jpeg"');
  });

  it('cause 3: an altered URL, naming the suspicious parts; no sign of editing reads as a wrong secret', () => {
    const target = { url: `${url()}&_=1700000000`, signedHeaders: {} };
    const result = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: {} }, oss: { canonicalRequest: canonical([]) } });
    expect(result.cause).toBe('url-altered');
    expect(result.hint).toContain('(_)');
    expect(result.hint).not.toContain('AccessKeySecret');
    const plain = diagnoseSignatureMismatch({ ...base, target: { url: url(), signedHeaders: {} }, sent: { url: url(), headers: {} } });
    expect(plain.cause).toBe('wrong-secret');
    expect(plain.hint).toContain('AccessKeySecret');
  });

  it('a bare URL (no signedHeaders) sent without a Content-Type: the type it was probably signed with, never the secret', () => {
    // `oss-presign sign put … --content-type text/plain` made this URL; nothing in it says so.
    const target = { url: url() };
    for (const oss of [{ canonicalRequest: canonical([]) }, undefined]) {
      const result = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: {} }, oss });
      expect(result.cause).toBe('content-type-unknown');
      expect(result.hint).toContain('no Content-Type');
      expect(result.hint).toContain('most likely signed with one');
      expect(result.hint).toContain('--content-type');
      expect(result.hint).toContain('contentType');
      expect(result.hint).not.toContain('sent as signed');
      expect(result.hint).not.toMatch(/most likely signed with an AccessKeySecret/);
    }
  });

  it('a bare URL and a Content-Type the runtime added: either none or another type was signed', () => {
    const target = { url: url() };
    const result = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: {} }, oss: parseOssErrorXml(SIGNATURE_XML) });
    expect(result.cause).toBe('content-type-unknown');
    expect(result.hint).toContain('"Content-Type: image/png", which the runtime added');
    expect(result.hint).not.toContain('signed without a content type');
    expect(result.hint).not.toContain('AccessKeySecret');
  });

  it('a bare URL still gets the causes its URL and the clocks show', () => {
    const now = SIGN_TIME + 20 * 60_000;
    const expired = diagnoseSignatureMismatch({ now, target: { url: url('', '20261125T162614Z', 60) }, sent: { url: url('', '20261125T162614Z', 60), headers: {} } });
    expect(expired.cause).toBe('url-expired');
    const busted = `${url()}&_=1`;
    expect(diagnoseSignatureMismatch({ ...base, target: { url: busted }, sent: { url: busted, headers: {} } }).cause).toBe('url-altered');
    const listed = url('&x-oss-additional-headers=cache-control');
    expect(diagnoseSignatureMismatch({ ...base, target: { url: listed }, sent: { url: listed, headers: {} } }).cause).toBe('signed-header-missing');
  });

  it('cause 4: an expired URL (by OSS\'s Date header)', () => {
    const target = { url: url('', '20261125T162614Z', 60) };
    const result = diagnoseSignatureMismatch({
      target,
      sent: { url: target.url, headers: {} },
      now: SIGN_TIME + 5 * 60_000,
      responseHeaders: { date: new Date(SIGN_TIME + 5 * 60_000).toUTCString() },
    });
    expect(result.cause).toBe('url-expired');
    expect(result.hint).toContain('2026-11-25T16:27:14.000Z');
  });

  it('cause 5a: a URL signed in the future (the signer\'s clock is ahead)', () => {
    const target = { url: url() };
    const result = diagnoseSignatureMismatch({ target, sent: { url: target.url, headers: {} }, now: SIGN_TIME - 40 * 60_000 });
    expect(result.cause).toBe('clock-skew');
    expect(result.hint).toContain('40 minutes ahead');
  });

  it('cause 5b: a fresh URL that was born expired (the signer\'s clock is behind)', () => {
    const target = { url: url('', '20261125T162614Z', 60) };
    const now = SIGN_TIME + 20 * 60_000;
    const result = diagnoseSignatureMismatch({ target, sent: { url: target.url, headers: {} }, now, targetFetchedAt: now - 50 });
    expect(result.cause).toBe('clock-skew');
    expect(result.hint).toContain('behind');
  });

  it('cause 6: the wrong region, from the host or from OSS\'s answer', () => {
    const fromHost = diagnoseSignatureMismatch({ ...base, target: { url: url('', undefined, undefined, 'cn-shanghai') }, sent: { url: '', headers: {} } });
    expect(fromHost.cause).toBe('wrong-region');
    expect(fromHost.hint).toContain('"cn-shanghai"');
    expect(fromHost.hint).toContain('"cn-hangzhou"');
    const fromOss = diagnoseSignatureMismatch({
      ...base,
      target: { url: url().replace('demo.oss-cn-hangzhou.aliyuncs.com', '127.0.0.1:9000/demo') },
      sent: { url: '', headers: {} },
      oss: { code: 'InvalidArgument', message: 'The signing region in credential is invalid.', ec: '0002-00000226' },
    });
    expect(fromOss.cause).toBe('wrong-region');
  });

  it('gives every cause its own hint text', () => {
    const hints = new Set<string>();
    const causes = new Set<string>();
    const cases: { target: { url: string; signedHeaders?: Record<string, string> }; oss: OssErrorDetails | undefined }[] = [
      { target: { url: url(), signedHeaders: { 'x-oss-meta-a': '1' } }, oss: { canonicalRequest: canonical([]) } },
      { target: { url: url(), signedHeaders: {} }, oss: parseOssErrorXml(SIGNATURE_XML) },
      { target: { url: `${url()}&v=2` }, oss: undefined },
      { target: { url: url('', '20261125T162614Z', 1) }, oss: undefined },
      { target: { url: url('', '20261126T162614Z') }, oss: undefined },
      { target: { url: url('', undefined, undefined, 'eu-central-1') }, oss: undefined },
    ];
    for (const item of cases) {
      const result = diagnoseSignatureMismatch({ ...base, now: SIGN_TIME + 60_000, target: item.target, sent: { url: item.target.url, headers: {} }, oss: item.oss });
      hints.add(result.hint);
      causes.add(result.cause);
    }
    expect([...causes].sort()).toEqual(['clock-skew', 'content-type-added', 'signed-header-missing', 'url-altered', 'url-expired', 'wrong-region']);
    expect(hints.size).toBe(6);
  });
});

describe('diagnoseSignatureMismatch with V1 URLs', () => {
  const EXPIRES = Math.floor(SIGN_TIME / 1000) + 900;
  const v1 = (extra = '', expires = EXPIRES) =>
    `https://demo.oss-cn-hangzhou.aliyuncs.com/k.txt?OSSAccessKeyId=ak&Expires=${expires}&Signature=${encodeURIComponent('c2lnbmF0dXJlLW9mLXR3ZW50eS1i+/=')}${extra}`;
  const sig = encodeURIComponent('AAAAAAAAAAAAAAAAAAAAAAAAAA+=');
  const url1 = (extra = '', expires = EXPIRES) => `https://demo.oss-cn-hangzhou.aliyuncs.com/k.txt?OSSAccessKeyId=ak&Expires=${expires}&Signature=${sig}${extra}`;
  const toSign = (type = '', headers: string[] = [], resource = '/demo/k.txt') => ['PUT', '', type, String(EXPIRES), ...headers, resource].join('\n');
  const base = { now: SIGN_TIME + 1000 };

  it('parses V1\'s StringToSign and ignores V4\'s', () => {
    expect(parseV1StringToSign(toSign('text/plain', ['x-oss-meta-a:1'], '/demo/k.txt?security-token=T')))
      .toEqual({ method: 'PUT', headers: { 'content-type': 'text/plain', 'x-oss-meta-a': '1' }, expires: String(EXPIRES), resource: '/demo/k.txt?security-token=T' });
    expect(parseV1StringToSign('OSS4-HMAC-SHA256\n20261125T162614Z\n20261125/cn-hangzhou/oss/aliyun_v4_request\nabc')).toBeUndefined();
  });

  it('a Content-Type fetch added to a string body', () => {
    const target = { url: url1(), signedHeaders: {} };
    const result = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: {} }, oss: { stringToSign: toSign('text/plain;charset=UTF-8') } });
    expect(result).toMatchObject({ cause: 'content-type-added' });
    expect(result.hint).toContain('text/plain;charset=UTF-8');
  });

  it('a signed x-oss-* header dropped, and one changed', () => {
    const target = { url: url1(), signedHeaders: { 'x-oss-meta-owner': 'alice' } };
    const dropped = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: {} }, oss: { stringToSign: toSign() } });
    expect(dropped.cause).toBe('signed-header-missing');
    const changed = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: {} }, oss: { stringToSign: toSign('', ['x-oss-meta-owner:bob']) } });
    expect(changed.cause).toBe('signed-header-changed');
  });

  it('expired by Expires, and handed over already expired (the signer\'s clock is behind)', () => {
    const target = { url: url1('', Math.floor(SIGN_TIME / 1000) - 60) };
    const expired = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: {} } });
    expect(expired.cause).toBe('url-expired');
    expect(expired.hint).toContain('Expires');
    const born = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: {} }, targetFetchedAt: SIGN_TIME });
    expect(born.cause).toBe('clock-skew');
    expect(born.hint).toContain('behind');
  });

  it('V1\'s own parameters are not "parameters OSS does not define"; edits are named in V1\'s terms', () => {
    const clean = diagnoseSignatureMismatch({ ...base, target: { url: url1(), signedHeaders: {} }, sent: { url: url1(), headers: {} }, oss: { stringToSign: toSign() } });
    expect(clean.cause).toBe('wrong-secret');
    const bare = diagnoseSignatureMismatch({ ...base, target: { url: url1() }, sent: { url: url1(), headers: {} }, oss: { stringToSign: toSign() } });
    expect(bare.cause).toBe('content-type-unknown');
    expect(bare.hint).not.toContain('"ak"');
    expect(clean.hint).toContain('"ak"');
    expect(clean.hint).not.toMatch(/x-oss-signature|Expires, OSSAccessKeyId/);
    const busted = diagnoseSignatureMismatch({ ...base, target: { url: url1('&_=1') }, sent: { url: url1('&_=1'), headers: {} } });
    expect(busted.cause).toBe('url-altered');
    expect(busted.hint).toContain('(_)');
    const decoded = v1().replace('%2B', '+');
    const plus = diagnoseSignatureMismatch({ ...base, target: { url: decoded }, sent: { url: decoded, headers: {} } });
    expect(plus.cause).toBe('url-altered');
    expect(plus.hint).toContain('%2B');
  });

  it('quotes no security token from OSS\'s answer', () => {
    const target = { url: url1('&security-token=TOKEN-SECRET-123') };
    const result = diagnoseSignatureMismatch({ ...base, target, sent: { url: target.url, headers: {} }, oss: { stringToSign: toSign('', [], '/demo/k.txt?security-token=TOKEN-SECRET-123') } });
    expect(result.hint).toContain('security-token=[redacted]');
    expect(result.hint).not.toContain('TOKEN-SECRET-123');
  });
});
