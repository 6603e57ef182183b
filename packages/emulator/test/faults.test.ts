import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator, FaultRule } from '../src/index.js';
import { BUCKET, parseXmlBody, presignedUrl, putTo, readError, signedFetch, startTestEmulator } from './helpers.js';

let oss: Emulator | undefined;
afterEach(async () => {
  await oss?.close();
  oss = undefined;
});

async function start(faults: FaultRule[]): Promise<Emulator> {
  oss = await startTestEmulator({ faults });
  return oss;
}

/** PUTs a 1 MiB body chunk by chunk; resolves with the status, or 'reset' when the connection dies. */
function streamedPut(url: string, size = 1024 * 1024): Promise<number | 'reset'> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'PUT', headers: { 'content-length': size } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve('reset'));
    const chunk = Buffer.alloc(64 * 1024, 7);
    let sent = 0;
    const pump = (): void => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

describe('fault injection', () => {
  it('fails the first N matching requests with 503 and stores nothing for them', async () => {
    const emulator = await start([{ operation: 'PutObject', status: 503, first: 2 }]);
    const url = presignedUrl(emulator, { method: 'PUT', key: 'f/first.txt' });
    for (let i = 0; i < 2; i++) {
      expect(await readError(await putTo(url, `attempt ${i}`))).toMatchObject({ status: 503, code: 'ServiceUnavailable' });
      expect(await emulator.getObjectBytes(BUCKET, 'f/first.txt')).toBeUndefined();
    }
    expect((await putTo(url, 'third')).status).toBe(200);
    expect((await emulator.getObjectBytes(BUCKET, 'f/first.txt'))?.toString()).toBe('third');
    expect(emulator.faultStats()).toEqual({ total: 2, byOperation: { PutObject: 2 } });
  });

  it('only faults the named operation; 500 is InternalError', async () => {
    const emulator = await start([{ operation: 'GetObject', status: 500 }]);
    expect((await putTo(presignedUrl(emulator, { method: 'PUT', key: 'f/op.txt' }), 'x')).status).toBe(200);
    expect(await readError(await fetch(presignedUrl(emulator, { method: 'GET', key: 'f/op.txt' })))).toMatchObject({ status: 500, code: 'InternalError' });
  });

  it('resets the connection in the middle of an upload part, leaving no part behind', async () => {
    const emulator = await start([{ operation: 'UploadPart', reset: true, first: 1 }]);
    const init = await signedFetch(emulator, { method: 'POST', key: 'f/reset.bin', query: { uploads: null } });
    const uploadId = parseXmlBody(await init.text()).InitiateMultipartUploadResult.UploadId as string;
    const url = presignedUrl(emulator, { method: 'PUT', key: 'f/reset.bin', query: { partNumber: '1', uploadId } });
    expect(await streamedPut(url)).toBe('reset');
    expect(await emulator.listMultipartUploads(BUCKET)).toEqual([expect.objectContaining({ uploadId, parts: 0 })]);
    expect(await streamedPut(url)).toBe(200);
    expect(await emulator.listMultipartUploads(BUCKET)).toEqual([expect.objectContaining({ uploadId, parts: 1 })]);
    expect(emulator.faultStats().byOperation).toEqual({ UploadPart: 1 });
  });

  it('faults a seeded fraction of requests, the same ones on every run', async () => {
    async function pattern(): Promise<number[]> {
      const emulator = await startTestEmulator({ faults: [{ operation: '*', status: 503, rate: 0.5, seed: 7 }] });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 20; i++) statuses.push((await putTo(presignedUrl(emulator, { method: 'PUT', key: `f/rate-${i}` }), 'x')).status);
        return statuses;
      } finally {
        await emulator.close();
      }
    }
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    expect(first.filter((status) => status === 503).length).toBeGreaterThan(3);
    expect(first.filter((status) => status === 200).length).toBeGreaterThan(3);
  });

  it('delays answers by delayMs', async () => {
    const emulator = await start([{ operation: 'HeadObject', delayMs: 300 }]);
    const started = performance.now();
    const response = await signedFetch(emulator, { method: 'HEAD', key: 'f/missing.txt' });
    expect(response.status).toBe(404);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('replaces rules at runtime and validates them', async () => {
    const emulator = await start([{ status: 503 }]);
    const url = presignedUrl(emulator, { method: 'PUT', key: 'f/runtime.txt' });
    expect((await putTo(url, 'x')).status).toBe(503);
    emulator.setFaults([]);
    expect((await putTo(url, 'x')).status).toBe(200);
    expect(() => emulator.setFaults([{ status: 404 as 500 }])).toThrow(TypeError);
    expect(() => emulator.setFaults([{ rate: 2, status: 500 }])).toThrow(TypeError);
    expect(() => emulator.setFaults([{ operation: 'PutObject' }])).toThrow(TypeError);
  });
});
