import { describe, expect, it } from 'vitest';
import { SIGNATURE_XML } from './fixtures.js';
import { parseOssErrorXml } from '../../src/oss/error-xml.js';
import { decodeXmlText, xmlElementText } from '../../src/oss/xml.js';
import { errorFromResponse } from '../../src/upload/error-from-response.js';
import { OssPresignError } from '../../src/errors/oss-presign-error.js';
import { OssUploadError, callbackError, isRetryableError } from '../../src/upload/errors.js';
import { callbackFailure } from '../../src/upload/presign-failure.js';

const xml = (code: string, message: string, ec?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>R1</RequestId>${ec ? `<EC>${ec}</EC>` : ''}</Error>`;

describe('parseOssErrorXml', () => {
  it('reads every field of a SignatureDoesNotMatch answer, entities decoded', () => {
    const details = parseOssErrorXml(SIGNATURE_XML);
    expect(details).toMatchObject({
      code: 'SignatureDoesNotMatch',
      requestId: 'FD3F45522DF9AE602995483E',
      hostId: '127.0.0.1:35541',
      ec: '0002-00000201',
      recommendDoc: 'https://api.aliyun.com/troubleshoot?q=0002-00000201',
    });
    expect(details?.stringToSign?.split('\n')).toHaveLength(4);
    expect(details?.canonicalRequest).toContain('&x-oss-date=20261125T162614Z');
    expect(details?.canonicalRequest?.split('\n')[3]).toBe('content-type:image/png');
  });

  it('returns undefined for a body that is not an OSS error', () => {
    expect(parseOssErrorXml('')).toBeUndefined();
    expect(parseOssErrorXml('{"error":"x"}')).toBeUndefined();
    expect(parseOssErrorXml('<ListPartsResult/>')).toBeUndefined();
  });

  it('decodes named and numeric entities', () => {
    expect(decodeXmlText('&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#65;&#x42;')).toBe('<a> & "b" \'c\' AB');
    expect(xmlElementText('<R><Empty/><A>x</A></R>', 'Empty')).toBe('');
    expect(xmlElementText('<R><A>x</A></R>', 'B')).toBeUndefined();
  });
});

describe('errorFromResponse', () => {
  it.each([
    [403, xml('SignatureDoesNotMatch', 'x', '0002-00000201'), 'SIGNATURE_MISMATCH', false],
    [403, xml('AccessDenied', 'Request has expired.', '0002-00000236'), 'URL_EXPIRED', false],
    [403, xml('AccessDenied', 'Request is not valid yet.', '0002-00000235'), 'CLOCK_SKEW', false],
    [403, xml('RequestTimeTooSkewed', 'too large'), 'CLOCK_SKEW', true],
    [403, xml('AccessDenied', 'no'), 'ACCESS_DENIED', false],
    [404, xml('NoSuchUpload', 'gone'), 'NO_SUCH_UPLOAD', false],
    [404, xml('NoSuchBucket', 'gone'), 'NOT_FOUND', false],
    [400, xml('InvalidDigest', 'md5'), 'CHECKSUM_MISMATCH', false],
    [400, xml('EntityTooSmall', 'small'), 'HTTP_ERROR', false],
    [429, '', 'THROTTLED', true],
    [500, xml('InternalError', 'oops'), 'SERVER_ERROR', true],
    [503, '', 'SERVER_ERROR', true],
    [203, xml('CallbackFailed', 'Error status : 502.'), 'OSS_CALLBACK_FAILED', false],
  ])('%i %s… → %s (retryable %s)', (status, body, code, retryable) => {
    const error = errorFromResponse(status, body, { 'x-oss-request-id': 'HDR' });
    expect(error).toBeInstanceOf(OssUploadError);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.status).toBe(status);
    expect(error.requestId).toBe(body ? 'R1' : 'HDR');
  });

  it('puts the OSS code and message in the error message', () => {
    expect(errorFromResponse(404, xml('NoSuchBucket', 'The specified bucket does not exist.')).message).toBe(
      'OSS answered 404 NoSuchBucket: The specified bucket does not exist.',
    );
  });
});

describe('isRetryableError / callbackError', () => {
  it('treats fetch network failures and 5xx statuses as retryable', () => {
    expect(isRetryableError(new TypeError('Failed to fetch'))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('bad gateway'), { status: 502 }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('forbidden'), { status: 403 }))).toBe(false);
    expect(isRetryableError(new Error('plain'))).toBe(false);
  });

  it('names a presign endpoint\'s failure PRESIGN_FAILED (status, cause, retryable by status); other OssPresignErrors stay CALLBACK_ERROR', () => {
    const refused = new OssPresignError('UNAUTHORIZED', 'Sign in to upload', { details: { status: 401, endpoint: '/api/oss/upload' } });
    expect(callbackFailure('target', refused)).toMatchObject({ code: 'PRESIGN_FAILED', status: 401, retryable: false, cause: refused, message: 'The presign endpoint answered 401 UNAUTHORIZED: Sign in to upload' });
    const busy = new OssPresignError('BAD_REQUEST', 'slow down', { details: { status: 429, endpoint: '/api/oss/upload' } });
    expect(callbackFailure('target', busy)).toMatchObject({ code: 'PRESIGN_FAILED', status: 429, retryable: true });
    const unreachable = new OssPresignError('UPSTREAM_ERROR', 'The presign endpoint could not be reached', { cause: new TypeError('fetch failed'), details: { endpoint: '/api/oss/upload' } });
    expect(callbackFailure('initiate', unreachable)).toMatchObject({ code: 'PRESIGN_FAILED', status: undefined, retryable: true, message: 'The presign endpoint could not be reached' });
    const local = new OssPresignError('MISSING_CREDENTIALS', 'No credentials');
    expect(callbackFailure('target', local)).toMatchObject({ code: 'CALLBACK_ERROR', message: 'The target callback failed: No credentials' });
  });

  it('wraps foreign errors as CALLBACK_ERROR and passes OssUploadError through', () => {
    const wrapped = callbackError('initiate', Object.assign(new Error('upstream'), { statusCode: 503 }));
    expect(wrapped).toMatchObject({ code: 'CALLBACK_ERROR', retryable: true });
    expect(wrapped.message).toBe('The initiate callback failed: upstream');
    const own = new OssUploadError('ACCESS_DENIED', 'x');
    expect(callbackError('complete', own)).toBe(own);
  });
});
