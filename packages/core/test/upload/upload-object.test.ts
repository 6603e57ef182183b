import { createHash } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { crc64 } from '../../src/integrity/crc64.js';
import { createMd5 } from '../../src/upload/md5.js';
import type { RetryEvent } from '../../src/upload/retry.js';
import type { TargetRequest } from '../../src/upload/types.js';
import * as nodeEntry from '../../src/upload-node.js';
import { upload, uploadMultipart, uploadObject } from '../../src/upload.js';
import { fakeTransport, ossError, ossOk, patternBytes, recordingSleep } from './fake-transport.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const target = (extra: Record<string, string> = {}, expiresInMs = 600_000) => ({
  method: 'PUT',
  url: 'https://demo.oss-cn-hangzhou.aliyuncs.com/a.bin?x-oss-signature=abc',
  signedHeaders: extra,
  expiration: new Date(NOW + expiresInMs),
});
const quick = { now: () => NOW, random: () => 0.5 };

describe('uploadObject', () => {
  it('sends exactly the signed headers and reports a verified CRC', async () => {
    const body = patternBytes(5000);
    const transport = fakeTransport((request) => ossOk(request.bytes));
    const result = await uploadObject({ ...quick, target: target({ 'content-type': 'image/png', 'x-oss-meta-a': '1', 'content-length': '5000' }), body, transport });
    expect(transport.requests).toHaveLength(1);
    expect(transport.requests[0]?.headers).toEqual({ 'content-type': 'image/png', 'x-oss-meta-a': '1' });
    expect(Buffer.from(transport.requests[0]?.bytes ?? []).equals(Buffer.from(body))).toBe(true);
    expect(result).toMatchObject({ size: 5000, crc64: crc64(body).toString(), serverCrc64: crc64(body).toString(), verified: true, retries: 0 });
    expect(result.etag).toBe(`"${createHash('md5').update(body).digest('hex').toUpperCase()}"`);
  });

  it('computes the CRC alongside for transports that send natively (XHR, fetch), when asked', async () => {
    const bytes = patternBytes(3000);
    const body = new Blob([bytes], { type: 'text/plain' });
    const transport = fakeTransport((request) => ossOk(request.bytes), { streamsBody: false });
    const result = await uploadObject({ ...quick, target: target(), body, transport, integrity: { crc64: 'verify' } });
    expect(result).toMatchObject({ verified: true, crc64: crc64(bytes).toString() });
    expect(transport.requests[0]?.headers).toEqual({});
  });

  it('by default leaves a Blob that a browser transport sends natively unchecked (a second read would halve the throughput)', async () => {
    const bytes = patternBytes(3000);
    const transport = fakeTransport((request) => ossOk(request.bytes), { streamsBody: false });
    const result = await uploadObject({ ...quick, target: target(), body: new Blob([bytes]), transport });
    expect(result).toMatchObject({ verified: false, crc64: undefined, serverCrc64: crc64(bytes).toString() });
  });

  it('by default checks bytes in memory, and a Blob whose transport streams it through JavaScript', async () => {
    const bytes = patternBytes(3000);
    const native = fakeTransport((request) => ossOk(request.bytes), { streamsBody: false });
    const fromBytes = await uploadObject({ ...quick, target: target(), body: bytes, transport: native });
    expect(fromBytes).toMatchObject({ verified: true, crc64: crc64(bytes).toString() });
    const streaming = fakeTransport((request) => ossOk(request.bytes), { streamsBody: true });
    const fromBlob = await uploadObject({ ...quick, target: target(), body: new Blob([bytes]), transport: streaming });
    expect(fromBlob).toMatchObject({ verified: true, crc64: crc64(bytes).toString() });
  });

  it('retries 5xx with exponential backoff and jitter, and reports the retries', async () => {
    let calls = 0;
    const transport = fakeTransport((request) => (++calls <= 2 ? ossError(503, 'ServiceUnavailable', 'busy') : ossOk(request.bytes)));
    const { sleep, delays } = recordingSleep();
    const retries: RetryEvent[] = [];
    const result = await uploadObject({
      ...quick, target: target(), body: 'x', transport, sleep, retry: { baseDelayMs: 100 }, onRetry: (event) => retries.push(event),
    });
    expect(result.retries).toBe(2);
    expect(delays).toEqual([50, 100]);
    expect(retries.map((event) => [event.attempt, event.error.code, event.operation])).toEqual([
      [2, 'SERVER_ERROR', 'request'],
      [3, 'SERVER_ERROR', 'request'],
    ]);
  });

  it('gives up after the retry budget with the attempt count', async () => {
    const transport = fakeTransport(() => ossError(500, 'InternalError', 'no'));
    const error = await uploadObject({ ...quick, target: target(), body: 'x', transport, sleep: recordingSleep().sleep, retry: { retries: 3 } }).catch((e) => e);
    expect(error).toMatchObject({ code: 'SERVER_ERROR', attempts: 4, status: 500 });
    expect(transport.requests).toHaveLength(4);
  });

  it('does not retry other 4xx', async () => {
    const transport = fakeTransport(() => ossError(403, 'AccessDenied', 'You have no right to access this object.'));
    const error = await uploadObject({ ...quick, target: target(), body: 'x', transport, sleep: recordingSleep().sleep }).catch((e) => e);
    expect(error).toMatchObject({ code: 'ACCESS_DENIED', attempts: 1, requestId: 'REQ123' });
    expect(transport.requests).toHaveLength(1);
  });

  it('fetches a fresh URL after "Request has expired", without a backoff', async () => {
    const asked: TargetRequest['reason'][] = [];
    const transport = fakeTransport((request) =>
      request.url.includes('v=1') ? ossError(403, 'AccessDenied', 'Request has expired.', '<EC>0002-00000236</EC>') : ossOk(request.bytes),
    );
    const { sleep, delays } = recordingSleep();
    const result = await uploadObject({
      ...quick, transport, sleep, body: 'x',
      target: async (request) => {
        asked.push(request.reason);
        return { ...target(), url: `${target().url}&v=${asked.length}` };
      },
    });
    expect(asked).toEqual(['initial', 'expired']);
    expect(delays).toEqual([]);
    expect(result.verified).toBe(true);
  });

  it('fails an expired fixed target with URL_EXPIRED and a hint', async () => {
    const transport = fakeTransport(() => ossError(403, 'AccessDenied', 'Request has expired.', '<EC>0002-00000236</EC>'));
    const url = 'https://demo.oss-cn-hangzhou.aliyuncs.com/a?x-oss-date=20260101T100000Z&x-oss-expires=60&x-oss-signature=abc';
    const error = await uploadObject({ ...quick, target: { url }, body: 'x', transport }).catch((e) => e);
    expect(error).toMatchObject({ code: 'URL_EXPIRED', hintCause: 'url-expired' });
    expect(error.message).toContain('Hint: The URL expired at 2026-01-01T10:01:00.000Z');
  });

  it('refreshes a URL that nears expiry before retrying', async () => {
    let now = NOW;
    const asked: string[] = [];
    let calls = 0;
    const transport = fakeTransport((request) => (++calls === 1 ? ossError(503, 'X', 'busy') : ossOk(request.bytes)));
    await uploadObject({
      now: () => now, random: () => 0.5, transport, body: 'x',
      sleep: async () => { now += 50_000; },
      target: async (request) => {
        asked.push(request.reason);
        return target({}, 60_000 + (asked.length - 1) * 100_000);
      },
    });
    expect(asked).toEqual(['initial', 'expiring']);
  });

  it('diagnoses SignatureDoesNotMatch from OSS\'s canonical request', async () => {
    const canonical = ['PUT', '/demo/a.bin', 'x', 'content-type:application/octet-stream', '', '', 'UNSIGNED-PAYLOAD'].join('\n');
    const transport = fakeTransport(() => ossError(403, 'SignatureDoesNotMatch', 'no', `<CanonicalRequest>${canonical}</CanonicalRequest>`));
    const error = await uploadObject({ ...quick, target: target(), body: 'x', transport }).catch((e) => e);
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', hintCause: 'content-type-added', retryable: false });
    expect(error.hint).toContain('application/octet-stream');
  });

  it('turns a CRC mismatch into an error, retried, never a success', async () => {
    const transport = fakeTransport((request) => ossOk(request.bytes, { 'x-oss-hash-crc64ecma': '12345' }));
    const error = await uploadObject({ ...quick, target: target(), body: 'abc', transport, sleep: recordingSleep().sleep, retry: { retries: 1 } }).catch((e) => e);
    expect(error).toMatchObject({ code: 'CHECKSUM_MISMATCH', attempts: 2 });
    expect(error.message).toContain('OSS stored 12345');
    // The object is on OSS with the wrong bytes: the error says so, and what to do.
    expect(error.hint).toMatch(/OSS stored the object with bytes that differ.*upload it again/);
  });

  it('refuses an unknown integrity.crc64 (null, a wrong case, a boolean) in every engine function, before sending', async () => {
    const transport = fakeTransport((request) => ossOk(request.bytes));
    const callbacks = { initiate: async () => ({ uploadId: 'u' }), presignParts: async () => [], complete: async () => ({}), abort: async () => undefined };
    for (const crc of [null, 'VERIFY', 'Off', '', true, 1, {}]) {
      const integrity = { crc64: crc as never };
      for (const attempt of [
        uploadObject({ ...quick, target: target(), body: 'abc', transport, integrity }),
        uploadMultipart({ ...quick, ...callbacks, body: 'abc', transport, integrity }),
        upload({ ...quick, target: target(), ...callbacks, body: 'abc', transport, integrity }),
      ]) {
        await expect(attempt).rejects.toMatchObject({ code: 'INVALID_OPTIONS', message: 'integrity.crc64 must be one of verify, require, off' });
      }
    }
    expect(transport.requests).toHaveLength(0);
  });

  it('checks every option before opening the body: INVALID_OPTIONS names it, and the caller\'s stream and signal stay as they were', async () => {
    const signal = new AbortController().signal;
    const callbacks = { initiate: async () => ({ uploadId: 'u' }), presignParts: async () => [], complete: async () => ({}), abort: async () => undefined };
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ refreshBeforeMs: -1 }, /^refreshBeforeMs/],
      [{ refreshBeforeMs: Number.NaN }, /^refreshBeforeMs/],
      [{ refreshBeforeMs: Number.POSITIVE_INFINITY }, /^refreshBeforeMs/],
      [{ retry: null }, /^retry must be an object/],
      [{ retry: { retries: -1 } }, /^retry\.retries/],
      [{ retry: { jitter: 'bogus' } }, /^retry\.jitter/],
      [{ retry: { retryOn: 'x' } }, /^retry\.retryOn/],
      [{ integrity: { crc64: 'on' } }, /^integrity\.crc64/],
      [{ integrity: { contentMd5: 'yes' } }, /^integrity\.contentMd5/],
      [{ integrity: null }, /^integrity must be an object/],
      [{ signal: {} }, /^signal must be an AbortSignal/],
      [{ signal: { addEventListener() {} } }, /^signal must be an AbortSignal/],
      [{ retry: { baseDelayMs: Number.POSITIVE_INFINITY } }, /^retry\.baseDelayMs/],
      [{ concurrency: 1e9 }, /^concurrency/],
      [{ contentType: 5 }, /^contentType must be a string/],
      [{ resume: { store: { get() {}, set() {}, delete() {} }, id: 5 } }, /^resume\.id/],
      [{ resume: { store: { get() {}, set() {}, delete() {} }, keepOnAbort: 'yes' } }, /^resume\.keepOnAbort/],
      [{ onProgress: 'x' }, /^onProgress must be a function/],
      [{ onRetry: 1 }, /^onRetry must be a function/],
      [{ onPartComplete: 'x' }, /^onPartComplete must be a function/],
      [{ transport: { send: 'x' } }, /^transport\.send must be a function/],
      [{ partSize: Number.NaN }, /^partSize/],
      [{ partSize: 1 }, /^partSize/],
      [{ partSize: 'big' }, /^partSize/],
      [{ concurrency: 0 }, /^concurrency/],
      [{ multipartThreshold: Number.NaN }, /^multipartThreshold/],
      [{ multipartThreshold: -1 }, /^multipartThreshold/],
      [{ resume: { store: 'x' } }, /^resume\.store/],
    ];
    for (const [options, message] of bad) {
      for (const run of [nodeEntry.uploadObject, nodeEntry.uploadMultipart, nodeEntry.upload] as ((options: object) => Promise<unknown>)[]) {
        const body = Readable.from([Buffer.from('abc')]);
        const error = (await run({ ...quick, ...callbacks, target: target(), body, size: 3, signal, ...options }).catch((e: unknown) => e)) as Error;
        expect(error).toMatchObject({ code: 'INVALID_OPTIONS' });
        expect(error.message).toMatch(message);
        expect(body.destroyed).toBe(false);
      }
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('requires the server CRC only when asked to', async () => {
    const transport = fakeTransport(() => ({ status: 200, headers: { etag: '"E"' }, body: '' }));
    const relaxed = await uploadObject({ ...quick, target: target(), body: 'abc', transport });
    expect(relaxed).toMatchObject({ verified: false, serverCrc64: undefined, crc64: crc64(new TextEncoder().encode('abc')).toString() });
    const strict = await uploadObject({ ...quick, target: target(), body: 'abc', transport, integrity: { crc64: 'require' } }).catch((e) => e);
    expect(strict).toMatchObject({ code: 'CHECKSUM_MISSING' });
    const off = await uploadObject({ ...quick, target: target(), body: 'abc', transport, integrity: { crc64: 'off' } });
    expect(off.crc64).toBeUndefined();
  });

  it('passes Content-MD5 to the target function, which must sign it', async () => {
    const body = patternBytes(1000);
    const md5 = createHash('md5').update(body).digest('base64');
    const transport = fakeTransport((request) => ossOk(request.bytes));
    let seen: string | undefined;
    await uploadObject({
      ...quick, body, transport, integrity: { contentMd5: createMd5 },
      target: async (request) => {
        seen = request.contentMd5;
        return target({ 'content-md5': request.contentMd5 ?? '' });
      },
    });
    expect(seen).toBe(md5);
    expect(transport.requests[0]?.headers['content-md5']).toBe(md5);
    await expect(uploadObject({ ...quick, body, transport, target: target(), integrity: { contentMd5: createMd5 } })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });

  it('refuses a body whose size differs from the signed Content-Length', async () => {
    const transport = fakeTransport((request) => ossOk(request.bytes));
    await expect(uploadObject({ ...quick, target: target({ 'content-length': '10' }), body: 'abc', transport })).rejects.toMatchObject({ code: 'INVALID_BODY' });
    expect(transport.requests).toHaveLength(0);
  });

  it('streams a ReadableStream once; a failure after reading is not retried', async () => {
    const bytes = patternBytes(2048);
    const stream = () => new Blob([bytes]).stream() as ReadableStream<Uint8Array>;
    const ok = fakeTransport((request) => ossOk(request.bytes));
    expect((await uploadObject({ ...quick, target: target(), body: stream(), size: 2048, transport: ok })).verified).toBe(true);
    const failing = fakeTransport(() => ossError(503, 'X', 'busy'));
    await expect(uploadObject({ ...quick, target: target(), body: stream(), size: 2048, transport: failing, sleep: recordingSleep().sleep })).rejects.toMatchObject({
      code: 'SERVER_ERROR',
      attempts: 1,
    });
    // Buffered for a native transport, so retried there.
    let calls = 0;
    const native = fakeTransport((request) => (++calls === 1 ? ossError(503, 'X', 'busy') : ossOk(request.bytes)), { streamsBody: false });
    expect((await uploadObject({ ...quick, target: target(), body: stream(), size: 2048, transport: native, sleep: recordingSleep().sleep })).retries).toBe(1);
  });

  it('stops at once on abort, also during a backoff', async () => {
    const transport = fakeTransport(() => ossError(503, 'X', 'busy'));
    await expect(uploadObject({ ...quick, target: target(), body: 'x', transport, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(transport.requests).toHaveLength(0);
    const controller = new AbortController();
    const error = await uploadObject({
      ...quick, target: target(), body: 'x', transport, signal: controller.signal,
      sleep: async (_ms, signal) => {
        controller.abort();
        if (signal?.aborted) throw new Error('aborted');
      },
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(transport.requests).toHaveLength(1);
  });

  it('reports monotonic progress reaching 100 % only after the answer', async () => {
    const events: number[] = [];
    let percentAtAnswer = -1;
    const transport = fakeTransport((request) => {
      percentAtAnswer = events.at(-1) ?? 0;
      return ossOk(request.bytes);
    });
    await uploadObject({ ...quick, target: target(), body: patternBytes(5 * 1024 * 1024), transport, onProgress: (p) => events.push(p.percent) });
    expect(percentAtAnswer).toBe(99);
    expect(events.at(-1)).toBe(100);
    expect(events).toEqual([...events].sort((a, b) => a - b));
  });
});
