import { describe, expect, it } from 'vitest';
import { crc64 } from '../../src/integrity/crc64.js';
import type { TransportResponse } from '../../src/upload/transport.js';
import { type MultipartCallbacks, type PresignPartsInput, createMemoryStore, upload, uploadMultipart } from '../../src/upload.js';
import { type SeenRequest, fakeTransport, ossError, ossOk, patternBytes, recordingSleep } from './fake-transport.js';

const KIB = 1024;
const PART = 100 * KIB;

/** An in-memory OSS for multipart: parts by upload id, Complete assembles them. */
function fakeMultipart(options: { fail?: (request: SeenRequest, attempt: number) => TransportResponse | undefined; partSize?: number } = {}) {
  const uploads = new Map<string, Map<number, Uint8Array>>();
  const attempts = new Map<number, number>();
  const calls = { initiate: 0, presign: [] as number[][], complete: 0, abort: [] as string[], listParts: 0 };
  let inFlight = 0;
  let maxInFlight = 0;
  const transport = fakeTransport(async (request) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    const partNumber = request.partNumber as number;
    const attempt = (attempts.get(partNumber) ?? 0) + 1;
    attempts.set(partNumber, attempt);
    const failure = options.fail?.(request, attempt);
    if (failure) return failure;
    const uploadId = /uploadId=([^&]+)/.exec(request.url)?.[1] as string;
    const parts = uploads.get(uploadId);
    if (!parts) return ossError(404, 'NoSuchUpload', 'gone');
    parts.set(partNumber, request.bytes);
    return ossOk(request.bytes);
  });
  let objectBytes: Uint8Array | undefined;
  const callbacks: MultipartCallbacks = {
    async initiate() {
      calls.initiate++;
      const uploadId = `U${calls.initiate}`;
      uploads.set(uploadId, new Map());
      return { uploadId, key: 'big.bin', uploadToken: `T${calls.initiate}`, partSize: options.partSize };
    },
    async presignParts(input: PresignPartsInput) {
      expect(input.uploadToken).toMatch(/^T/);
      calls.presign.push([...input.partNumbers]);
      return input.parts.map((part) => ({
        partNumber: part.partNumber,
        method: 'PUT',
        url: `https://demo.oss-cn-hangzhou.aliyuncs.com/big.bin?partNumber=${part.partNumber}&uploadId=${input.uploadId}`,
        signedHeaders: { 'content-length': String(part.size) },
        expiration: new Date(Date.now() + 3_600_000).toISOString(),
      }));
    },
    async complete(input) {
      calls.complete++;
      const parts = uploads.get(input.uploadId);
      if (!parts) throw ossErrorAsThrow(404, 'NoSuchUpload');
      const numbers = input.parts.map((part) => part.partNumber);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      objectBytes = new Uint8Array(Buffer.concat(input.parts.map((part) => parts.get(part.partNumber) as Uint8Array)));
      uploads.delete(input.uploadId);
      return { etag: `"X-${input.parts.length}"`, crc64: crc64(objectBytes).toString() };
    },
    async abort(input) {
      calls.abort.push(input.uploadId);
      uploads.delete(input.uploadId);
    },
    async listParts(input) {
      calls.listParts++;
      const parts = uploads.get(input.uploadId);
      if (!parts) throw ossErrorAsThrow(404, 'NoSuchUpload');
      return [...parts].map(([partNumber, bytes]) => ({ partNumber, etag: ossOk(bytes).headers.etag as string, size: bytes.length }));
    },
  };
  return { transport, callbacks, calls, uploads, attempts, object: () => objectBytes, maxInFlight: () => maxInFlight };
}

function ossErrorAsThrow(status: number, code: string): Error {
  return Object.assign(new Error(code), { status, code: code === 'NoSuchUpload' ? 'NO_SUCH_UPLOAD' : code });
}

const same = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && Buffer.from(a).equals(Buffer.from(b));

describe('uploadMultipart', () => {
  it('uploads parts in parallel, completes in order and verifies the combined CRC', async () => {
    const body = patternBytes(10 * PART + 123);
    const oss = fakeMultipart();
    const result = await uploadMultipart({ ...oss.callbacks, transport: oss.transport, body, partSize: PART, concurrency: 3 });
    expect(same(oss.object(), body)).toBe(true);
    expect(result).toMatchObject({ uploadId: 'U1', key: 'big.bin', partSize: PART, verified: true, crc64: crc64(body).toString(), etag: '"X-11"' });
    expect(result.uploadedParts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(oss.maxInFlight()).toBe(3);
    // Part URLs are fetched in batches, not one call per part.
    expect(oss.calls.presign.length).toBeLessThan(4);
    expect(oss.calls.presign.flat().sort((a, b) => a - b)).toEqual(result.uploadedParts);
  });

  it('presigns every part of a file in one request, and asks for fewer when the server takes fewer', async () => {
    const body = patternBytes(11 * PART);
    const oss = fakeMultipart();
    await uploadMultipart({ ...oss.callbacks, transport: oss.transport, body, partSize: PART, concurrency: 3 });
    expect(oss.calls.presign).toEqual([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]);

    // A presign handler configured with multipart.maxPartsPerRequest 4 answers 400 to more.
    const strict = fakeMultipart();
    const refused: number[] = [];
    const presignParts: MultipartCallbacks['presignParts'] = (input, context) => {
      if (input.parts.length > 4) {
        refused.push(input.parts.length);
        return Promise.reject(Object.assign(new Error('parts must have at most 4 entries'), { status: 400, code: 'INVALID_ARGUMENT' }));
      }
      return strict.callbacks.presignParts(input, context);
    };
    const result = await uploadMultipart({ ...strict.callbacks, presignParts, transport: strict.transport, body, partSize: PART, concurrency: 3 });
    expect(same(strict.object(), body)).toBe(true);
    expect(refused).toEqual([11, 5]);
    expect(strict.calls.presign.every((batch) => batch.length <= 2)).toBe(true);
    expect(strict.calls.presign.flat().sort((a, b) => a - b)).toEqual(result.uploadedParts);
  });

  it('retries a failed part alone', async () => {
    const body = patternBytes(5 * PART);
    const oss = fakeMultipart({ fail: (request, attempt) => (request.partNumber === 3 && attempt <= 2 ? ossError(503, 'X', 'busy') : undefined) });
    const result = await uploadMultipart({ ...oss.callbacks, transport: oss.transport, body, partSize: PART, sleep: recordingSleep().sleep });
    expect([...oss.attempts].sort()).toEqual([[1, 1], [2, 1], [3, 3], [4, 1], [5, 1]]);
    expect(result.retries).toBe(2);
    expect(same(oss.object(), body)).toBe(true);
    expect(oss.calls.initiate).toBe(1);
  });

  it('stops the other parts and aborts the upload when a part fails for good', async () => {
    const body = patternBytes(20 * PART);
    const oss = fakeMultipart({ fail: (request) => (request.partNumber === 2 ? ossError(403, 'AccessDenied', 'denied') : undefined) });
    const error = await uploadMultipart({ ...oss.callbacks, transport: oss.transport, body, partSize: PART, concurrency: 2 }).catch((e) => e);
    expect(error).toMatchObject({ code: 'ACCESS_DENIED', partNumber: 2 });
    expect(oss.calls.abort).toEqual(['U1']);
    expect(oss.calls.complete).toBe(0);
    expect(oss.transport.requests.length).toBeLessThan(20);
  });

  it('aborts on the caller\'s signal, or keeps everything for resume when asked', async () => {
    const body = patternBytes(20 * PART);
    for (const keepOnAbort of [false, true]) {
      const oss = fakeMultipart();
      const store = createMemoryStore();
      const controller = new AbortController();
      const error = await uploadMultipart({
        ...oss.callbacks, transport: oss.transport, body, partSize: PART, signal: controller.signal,
        resume: { store, id: 'r', keepOnAbort },
        onPartComplete: (part) => part.partNumber === 2 && controller.abort(),
      }).catch((e) => e);
      expect(error).toMatchObject({ code: 'ABORTED' });
      expect(oss.calls.abort).toEqual(keepOnAbort ? [] : ['U1']);
      expect((await store.get('r')) !== undefined).toBe(keepOnAbort);
    }
  });

  it('resumes: lists the parts, sends only the missing ones, completes once', async () => {
    const body = patternBytes(12 * PART);
    const store = createMemoryStore();
    const first = fakeMultipart({ fail: (request) => (request.partNumber === 7 ? ossError(400, 'InvalidArgument', 'no') : undefined) });
    await expect(uploadMultipart({ ...first.callbacks, transport: first.transport, body, partSize: PART, concurrency: 1, resume: { store } })).rejects.toMatchObject({
      code: 'HTTP_ERROR',
    });
    expect(first.calls.abort).toEqual([]);
    const saved = await store.get(`fp:${await (await import('../../src/upload/body.js')).bytesSource(body).fingerprint()}`);
    expect(saved?.parts.map((part) => part.partNumber)).toEqual([1, 2, 3, 4, 5, 6]);

    // Same OSS, now healthy: a new run with the same store.
    const healthy = { ...first.callbacks };
    const resumedTransport = fakeTransport((request) => {
      first.uploads.get('U1')?.set(request.partNumber as number, request.bytes);
      return ossOk(request.bytes);
    });
    const result = await uploadMultipart({ ...healthy, transport: resumedTransport, body, partSize: PART, resume: { store } });
    expect(result.resumedParts).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.uploadedParts).toEqual([7, 8, 9, 10, 11, 12]);
    expect(resumedTransport.requests.map((request) => request.partNumber).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([7, 8, 9, 10, 11, 12]);
    expect(first.calls).toMatchObject({ initiate: 1, complete: 1, listParts: 1 });
    expect(result.verified).toBe(true);
    expect(same(first.object(), body)).toBe(true);
    expect(await store.get(`fp:${await (await import('../../src/upload/body.js')).bytesSource(body).fingerprint()}`)).toBeUndefined();
  });

  it('adopts a part OSS holds but the store missed, when its ETag is the MD5 of the local bytes', async () => {
    const body = patternBytes(5 * PART, 5);
    const oss = fakeMultipart();
    const { uploadId } = await oss.callbacks.initiate({ size: body.length, partSize: PART, partCount: 5 }, { signal: new AbortController().signal });
    const parts = oss.uploads.get(uploadId) as Map<number, Uint8Array>;
    const slice = (n: number) => body.subarray((n - 1) * PART, n * PART);
    for (const n of [1, 2, 3]) parts.set(n, slice(n));
    parts.set(4, patternBytes(PART, 99)); // different bytes under part 4: must be sent again
    const store = createMemoryStore();
    const fingerprint = (await (await import('../../src/upload/body.js')).bytesSource(body).fingerprint()) as string;
    const saved = (n: number) => ({ partNumber: n, etag: ossOk(slice(n)).headers.etag as string, size: PART, crc64: crc64(slice(n)).toString() });
    await store.set('r', { version: 1, uploadId, uploadToken: 'T1', fingerprint, size: body.length, partSize: PART, parts: [saved(1), saved(2)], createdAt: 0, updatedAt: 0 });
    const result = await uploadMultipart({ ...oss.callbacks, transport: oss.transport, body, partSize: PART, resume: { store, id: 'r' } });
    expect(result.resumedParts).toEqual([1, 2, 3]);
    expect(result.uploadedParts).toEqual([4, 5]);
    expect(result.verified).toBe(true);
    expect(same(oss.object(), body)).toBe(true);
  });

  it('starts over when the saved upload no longer exists', async () => {
    const body = patternBytes(3 * PART);
    const store = createMemoryStore();
    const oss = fakeMultipart();
    await store.set('r', { version: 1, uploadId: 'GONE', fingerprint: await (await import('../../src/upload/body.js')).bytesSource(body).fingerprint() as string, size: body.length, partSize: PART, parts: [{ partNumber: 1, etag: '"A"', size: PART, crc64: '1' }], createdAt: 0, updatedAt: 0 });
    const result = await uploadMultipart({ ...oss.callbacks, transport: oss.transport, body, partSize: PART, resume: { store, id: 'r' } });
    expect(result).toMatchObject({ uploadId: 'U1', resumedParts: [] });
    expect(oss.calls.listParts).toBe(1);
  });

  it('aborts the upload saved for another body under the same id, then starts over', async () => {
    const store = createMemoryStore();
    const oss = fakeMultipart();
    await store.set('r', { version: 1, uploadId: 'OLD', fingerprint: 'another-body', size: 5, partSize: PART, parts: [], createdAt: 0, updatedAt: 0 });
    const result = await uploadMultipart({ ...oss.callbacks, transport: oss.transport, body: patternBytes(PART), partSize: PART, resume: { store, id: 'r' } });
    expect(oss.calls.abort).toEqual(['OLD']);
    expect(result).toMatchObject({ uploadId: 'U1', resumedParts: [] });
  });

  it('follows the part size the server settled on', async () => {
    const body = patternBytes(4 * 200 * KIB);
    const oss = fakeMultipart({ partSize: 200 * KIB });
    const result = await uploadMultipart({ ...oss.callbacks, transport: oss.transport, body, partSize: PART });
    expect(result.partSize).toBe(200 * KIB);
    expect(result.parts.map((part) => part.size)).toEqual([200 * KIB, 200 * KIB, 200 * KIB, 200 * KIB]);
  });

  it('fails on a whole-object CRC mismatch without aborting the consumed upload', async () => {
    const oss = fakeMultipart();
    const complete = oss.callbacks.complete;
    const error = await uploadMultipart({
      ...oss.callbacks, transport: oss.transport, body: patternBytes(2 * PART), partSize: PART,
      complete: async (input, ctx) => ({ ...(await complete(input, ctx)), crc64: '1' }),
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect(oss.calls.abort).toEqual([]);
  });

  it('says so when a retried complete finds the upload gone (the first attempt may have worked)', async () => {
    const oss = fakeMultipart();
    const complete = oss.callbacks.complete;
    let calls = 0;
    const error = await uploadMultipart({
      ...oss.callbacks, transport: oss.transport, body: patternBytes(2 * PART), partSize: PART, sleep: recordingSleep().sleep,
      complete: async (input, ctx) => {
        calls++;
        await complete(input, ctx); // completes on the server (the retry finds the upload gone)...
        throw Object.assign(new Error('bad gateway'), { status: 502 }); // ...but the answer is lost
      },
    }).catch((e) => e);
    expect(calls).toBe(2);
    expect(error).toMatchObject({ code: 'NO_SUCH_UPLOAD', retryable: false });
    expect(error.hint).toContain('may have completed');
  });

  it('explains a missing ETag (CORS ExposeHeaders)', async () => {
    const oss = fakeMultipart({ fail: () => ({ status: 200, headers: {}, body: '' }) });
    const error = await uploadMultipart({ ...oss.callbacks, transport: oss.transport, body: patternBytes(PART), partSize: PART }).catch((e) => e);
    expect(error).toMatchObject({ code: 'ETAG_MISSING', partNumber: 1 });
    expect(error.hint).toContain('ExposeHeaders');
  });

  it('reads a stream part by part and handles an empty body as one empty part', async () => {
    const body = patternBytes(3 * PART + 5);
    const oss = fakeMultipart();
    const stream = new Blob([body]).stream() as ReadableStream<Uint8Array>;
    const result = await uploadMultipart({ ...oss.callbacks, transport: oss.transport, body: stream, size: body.length, partSize: PART, concurrency: 2 });
    expect(same(oss.object(), body)).toBe(true);
    expect(result.verified).toBe(true);
    const empty = fakeMultipart();
    const none = await uploadMultipart({ ...empty.callbacks, transport: empty.transport, body: new Uint8Array(0) });
    expect(none.parts).toEqual([expect.objectContaining({ partNumber: 1, size: 0 })]);
    expect(none.crc64).toBe('0');
  });

  it('rejects missing callbacks and bad concurrency up front', async () => {
    const oss = fakeMultipart();
    await expect(uploadMultipart({ ...oss.callbacks, complete: undefined as never, body: 'x' })).rejects.toThrow(/complete/);
    await expect(uploadMultipart({ ...oss.callbacks, body: 'x', concurrency: 0 })).rejects.toThrow(/concurrency/);
  });
});

describe('upload', () => {
  it('chooses a single PUT below the threshold and multipart above it', async () => {
    const oss = fakeMultipart();
    const putTransport = fakeTransport((request) => ossOk(request.bytes));
    const small = await upload({
      ...oss.callbacks, transport: putTransport, body: patternBytes(1000), multipartThreshold: 1000,
      target: { url: 'https://demo.oss-cn-hangzhou.aliyuncs.com/s?x=1' },
    });
    expect(small.mode).toBe('put');
    const big = await upload({
      ...oss.callbacks, transport: oss.transport, body: patternBytes(1001), multipartThreshold: 1000,
      target: { url: 'https://demo.oss-cn-hangzhou.aliyuncs.com/s?x=1' },
    });
    expect(big.mode).toBe('multipart');
    await expect(upload({ body: 'x' })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});
