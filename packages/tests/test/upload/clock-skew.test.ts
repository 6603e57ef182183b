// The server's own OSS calls recover from a host clock 20 minutes fast, as the OSS Go SDK v2 does:
// OSS's RequestTimeTooSkewed answer gives its clock, the call is signed again once, and the learned
// offset is used by later signatures and presigned URLs. Against the emulator over HTTP, started
// with its own clock.
import { createClockOffset, createPresigner } from '@oss-presign/core';
import { type OssPresignError, createPresignHandler } from '@oss-presign/core/http';
import { type Emulator, startEmulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CREDENTIALS = { accessKeyId: 'LTAI5tClockSkew', accessKeySecret: 'clock-skew-secret-0123456789' };
const MINUTE = 60_000;
/** OSS's clock: 20 minutes behind the host's (the host clock is 20 minutes fast). */
const ossNow = () => new Date(Date.now() - 20 * MINUTE);

let oss: Emulator;
beforeAll(async () => {
  oss = await startEmulator({ port: 0, host: '127.0.0.1', region: 'cn-hangzhou', buckets: ['demo'], credentials: [CREDENTIALS], now: ossNow });
});
afterAll(() => oss.close());

function handlerWith(now: () => Date) {
  const errors: OssPresignError[] = [];
  const clockOffset = createClockOffset();
  const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials: CREDENTIALS, endpoint: oss.endpoint, now, clockOffset });
  const handler = createPresignHandler({ presigner, onError: (error) => void errors.push(error) });
  const call = async (path: string, body: unknown) => {
    const response = await handler.handle({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: JSON.parse(response.body) as Record<string, any> };
  };
  return { call, clockOffset, errors };
}

describe('clock skew on the server', () => {
  it('initiates despite a 20-minute skew, learns the offset and presigns parts OSS accepts', async () => {
    const { call, clockOffset, errors } = handlerWith(() => new Date());
    const started = await call('/multipart/initiate', { fileName: 'skew.bin', contentType: 'application/octet-stream', size: 150 * 1024, partSize: 100 * 1024 });
    expect(errors).toEqual([]);
    expect(started.status).toBe(200);
    // The learned offset is OSS's clock minus the host's: about -20 minutes (Date has whole seconds).
    expect(Math.abs(clockOffset.get() + 20 * MINUTE)).toBeLessThan(5_000);
    const handle = { key: started.body.key, uploadId: started.body.uploadId, uploadToken: started.body.uploadToken };
    const presigned = await call('/multipart/parts', { ...handle, parts: [{ partNumber: 1 }, { partNumber: 2 }] });
    expect(presigned.status).toBe(200);
    const etags: string[] = [];
    for (const part of presigned.body.parts as { url: string; size: number; partNumber: number }[]) {
      // Presigned with the corrected clock: x-oss-date is OSS's time, so OSS accepts the URL.
      const put = await fetch(part.url, { method: 'PUT', body: new Uint8Array(part.size).fill(part.partNumber) });
      expect(put.status).toBe(200);
      etags.push(put.headers.get('etag') as string);
    }
    const done = await call('/multipart/complete', { ...handle, parts: etags.map((etag, index) => ({ partNumber: index + 1, etag })) });
    expect(done.status).toBe(200);
    expect((await oss.getObjectBytes('demo', handle.key))?.byteLength).toBe(150 * 1024);
  });

  it('names clockOffsetMs and the measured skew when a corrected call is still refused', async () => {
    // A host clock that keeps running away: each reading 20 minutes further ahead.
    let readings = 0;
    const { call, errors } = handlerWith(() => new Date(Date.now() + 20 * MINUTE * readings++));
    const answer = await call('/multipart/initiate', { fileName: 'skew.bin', contentType: 'application/octet-stream', size: 10, partSize: 100 * 1024 });
    expect(answer.status).toBe(502);
    expect(answer.body.error.code).toBe('UPSTREAM_ERROR');
    const [error] = errors;
    expect(error?.message).toMatch(/RequestTimeTooSkewed again .* clockOffsetMs -?\d+; .* -?\d+ ms off OSS's clock/);
    expect(error?.details).toMatchObject({ operation: 'InitiateMultipartUpload', clockOffsetMs: expect.any(Number), skewMs: expect.any(Number) });
  });
});
