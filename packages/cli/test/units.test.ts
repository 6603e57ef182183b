import { OssPresignError } from '@oss-presign/core';
import { OssUploadError } from '@oss-presign/core/upload/node';
import { describe, expect, it } from 'vitest';
import { toCliError } from '../src/errors.js';
import { collectHeader, headerSecrets, parseDuration, parseOssUrl, parseSize } from '../src/parse.js';
import { redact } from '../src/redact.js';
import { curlCommand, shellQuote } from '../src/sign/curl.js';

describe('pure steps', () => {
  it('parses durations, sizes and oss:// URLs', () => {
    expect([parseDuration('600'), parseDuration('10m'), parseDuration('2h'), parseDuration('7d')]).toEqual([600, 600, 7200, 604_800]);
    expect([parseSize('100KiB', 'x'), parseSize('8MiB', 'x'), parseSize('1048576', 'x')]).toEqual([102_400, 8_388_608, 1_048_576]);
    expect(parseOssUrl('oss://demo/a/b.txt')).toEqual({ bucket: 'demo', key: 'a/b.txt' });
    expect(parseOssUrl('oss://demo')).toEqual({ bucket: 'demo', key: '' });
    expect(() => parseDuration('0')).toThrow(/--expires/);
  });

  it('maps every kind of failure to its exit code', () => {
    expect(toCliError(new OssUploadError('CHECKSUM_MISMATCH', 'crc differs')).exitCode).toBe(7);
    expect(toCliError(new OssUploadError('SIGNATURE_MISMATCH', 'x', { hint: 'the Content-Type differs' })).hint).toBe('the Content-Type differs');
    expect(toCliError(new OssUploadError('NETWORK_ERROR', 'reset')).exitCode).toBe(4);
    expect(toCliError(new OssUploadError('CALLBACK_ERROR', 'x', { cause: new OssPresignError('FORBIDDEN', 'no') })).exitCode).toBe(3);
    // The presign endpoint's refusals: auth 3, the app's policy 5, unreachable 4.
    const endpoint = (code: ConstructorParameters<typeof OssPresignError>[0], status?: number, cause?: unknown) =>
      new OssUploadError('PRESIGN_FAILED', 'x', { status, cause: new OssPresignError(code, 'no', { cause, details: { status, endpoint: '/api/oss/upload' } }) });
    expect(toCliError(endpoint('UNAUTHORIZED', 401)).exitCode).toBe(3);
    expect(toCliError(endpoint('CONTENT_TYPE_NOT_ALLOWED', 400)).exitCode).toBe(5);
    expect(toCliError(endpoint('FILE_TOO_LARGE', 400)).exitCode).toBe(5);
    expect(toCliError(endpoint('UPSTREAM_ERROR', undefined, new TypeError('fetch failed'))).exitCode).toBe(4);
    expect(toCliError(new OssPresignError('INVALID_KEY', 'bad key')).exitCode).toBe(2);
    expect(toCliError(Object.assign(new Error('gone'), { code: 'ENOENT' })).exitCode).toBe(6);
    expect(toCliError(new Error('surprise')).exitCode).toBe(1);
  });

  it('reads --header Name: value, refuses a malformed or repeated one without quoting it, and masks its value\'s parts', () => {
    expect(collectHeader('X-CSRF-Token:abc', collectHeader('Cookie: sid=1; theme=dark'))).toEqual({ cookie: 'sid=1; theme=dark', 'x-csrf-token': 'abc' });
    expect(() => collectHeader('no-colon-secret-value')).toThrow(/^--header must look like 'Name: value'/);
    expect(() => collectHeader('bad name: v')).toThrow(/--header must look like/);
    expect(() => collectHeader('cookie: b', { cookie: 'a' })).toThrow('--header cookie is given twice');
    const secrets = headerSecrets({ authorization: 'Bearer tok-0123456789', cookie: 'sid=s-0123456789; theme=dark' });
    expect(redact('401: Bearer tok-0123456789 / tok-0123456789 / sid s-0123456789', secrets)).toBe('401: [redacted] / [redacted] / sid [redacted]');
  });

  it('scrubs signatures, tokens and secrets', () => {
    const text = 'PUT http://h/b/k?x-oss-signature=abc123&x-oss-security-token=tok&Signature=v1sig <SignatureProvided>zz</SignatureProvided> secret-value-1';
    const clean = redact(text, ['secret-value-1']);
    expect(clean).toBe('PUT http://h/b/k?x-oss-signature=[redacted]&x-oss-security-token=[redacted]&Signature=[redacted] <SignatureProvided>[redacted]</SignatureProvided> [redacted]');
  });

  it('quotes for sh and drops headers curl sets itself', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const curl = curlCommand({ method: 'POST', url: 'http://h/k?uploadId=1', signedHeaders: { host: 'h', 'x-oss-meta-a': 'b' } }, { data: 'c.xml' });
    expect(curl).toBe(`curl --fail-with-body -X POST --data-binary '@c.xml' -H 'x-oss-meta-a: b' -H 'Content-Type:' 'http://h/k?uploadId=1'`);
  });
});
