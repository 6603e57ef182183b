import { describe, expect, it } from 'vitest';
import { REDACTED, redactError, redactHeaderValue, redactText, redactUrl } from '../src/oss/redact.js';

const V4_SIG = 'f'.repeat(64);
const TOKEN = 'CAIS-TOKEN-abc/def+ghi==';

describe('redact', () => {
  it('masks V4 and V1 signatures and tokens in a URL, keeping what one debugs with', () => {
    const v4 = `http://127.0.0.1:9000/demo/a.csv?x-oss-credential=ak%2F20260101%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-date=20260101T000000Z&x-oss-expires=900&x-oss-security-token=${encodeURIComponent(TOKEN)}&x-oss-signature=${V4_SIG}`;
    expect(redactUrl(v4)).toBe(
      `http://127.0.0.1:9000/demo/a.csv?x-oss-credential=ak%2F20260101%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-date=20260101T000000Z&x-oss-expires=900&x-oss-security-token=${REDACTED}&x-oss-signature=${REDACTED}`,
    );
    const v1 = `https://b.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=ak&Expires=1700000000&Signature=c2ln%2Bx%3D&security-token=${TOKEN}#frag`;
    expect(redactUrl(v1)).toBe(`https://b.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=ak&Expires=1700000000&Signature=${REDACTED}&security-token=${REDACTED}#frag`);
  });

  it('masks a URL inside text, percent-encoded inside another URL, and header lines', () => {
    expect(redactText(`Cannot send http://h/b/k?x-oss-signature=${V4_SIG}: Invalid character`)).toBe(`Cannot send http://h/b/k?x-oss-signature=${REDACTED}: Invalid character`);
    expect(redactText(`see http://app/x?u=http%3A%2F%2Fh%2Fk%3FSignature%3Dabc%26Expires%3D1`)).not.toContain('abc');
    expect(redactText(`PUT\n/demo/k\nx-oss-security-token=${TOKEN}&x-oss-date=1\nx-oss-security-token:${TOKEN}\n`)).not.toContain(TOKEN);
    expect(redactText(`Authorization: OSS4-HMAC-SHA256 Credential=ak/20260101/cn-hangzhou/oss/aliyun_v4_request,Signature=${V4_SIG}`)).not.toContain(V4_SIG);
    expect(redactText('{"authorization":"OSS ak:c2lnbmF0dXJl","x":1}')).toBe(`{"authorization":"${REDACTED}","x":1}`);
    expect(redactText('SignatureDoesNotMatch: check the Signature you provided')).toBe('SignatureDoesNotMatch: check the Signature you provided');
  });

  it('masks the signature and token elements of OSS error XML, keeping the rest', () => {
    const xml = `<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>${V4_SIG}</SignatureProvided><StringToSign>OSS4-HMAC-SHA256</StringToSign><SecurityToken>${TOKEN}</SecurityToken></Error>`;
    expect(redactText(xml)).toBe(
      `<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>${REDACTED}</SignatureProvided><StringToSign>OSS4-HMAC-SHA256</StringToSign><SecurityToken>${REDACTED}</SecurityToken></Error>`,
    );
  });

  it('masks secret header values only', () => {
    expect(redactHeaderValue('X-OSS-Security-Token', TOKEN)).toBe(REDACTED);
    expect(redactHeaderValue('content-type', 'image/png')).toBe('image/png');
  });

  it('keeps a clean error as it is and replaces one that quotes a secret, cause chain included', () => {
    const clean = new Error('connect ECONNREFUSED 127.0.0.1:1');
    expect(redactError(clean)).toBe(clean);
    const inner = Object.assign(new TypeError(`Invalid URL`), { code: 'ERR_INVALID_URL', input: `http://h/k?x-oss-signature=${V4_SIG}` });
    const outer = new TypeError(`Failed to parse URL from http://h/k?Signature=SIG123`, { cause: inner });
    const safe = redactError(outer) as Error & { cause: Error & { code?: string } };
    expect(safe).not.toBe(outer);
    expect(safe.name).toBe('TypeError');
    expect(safe.cause.code).toBe('ERR_INVALID_URL');
    const all = [safe.message, safe.stack, safe.cause.message, safe.cause.stack, JSON.stringify(safe.cause)].join('\n');
    expect(all).not.toContain('SIG123');
    expect(all).not.toContain(V4_SIG);
  });
});
