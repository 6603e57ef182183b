import { OssPresignError } from '@oss-presign/core';
import { OssUploadError } from '@oss-presign/core/upload/node';
import { describe, expect, it } from 'vitest';
import { toCliError } from '../src/errors.js';
import { parseDuration, parseOssUrl, parseSize } from '../src/parse.js';
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
    expect(toCliError(new OssPresignError('INVALID_KEY', 'bad key')).exitCode).toBe(2);
    expect(toCliError(Object.assign(new Error('gone'), { code: 'ENOENT' })).exitCode).toBe(6);
    expect(toCliError(new Error('surprise')).exitCode).toBe(1);
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
