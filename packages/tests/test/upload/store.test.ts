/**
 * The uploader store end to end: `createUploader` from the Node entry, a real presign handler over
 * HTTP, the emulator over HTTP. Two files in parallel with one aborted, retry of a failed file,
 * progress monotonic under injected faults, snapshot identity.
 */
import { join } from 'node:path';
import { type UploaderSnapshot, createUploader } from '@oss-presign/core/upload/node';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUCKET, KIB, digestBytes, digestFile, patternBytes, startOss, tempDir, writePatternFile } from './helpers.js';
import { type PresignServer, startPresignServer } from './presign-server.js';

let oss: Emulator;
let api: PresignServer;
let dir: Awaited<ReturnType<typeof tempDir>>;
const PART = 100 * KIB;

beforeAll(async () => {
  dir = await tempDir('oss-presign-store-');
  oss = await startOss();
  api = await startPresignServer(oss);
});
afterAll(async () => {
  await api?.close();
  await oss?.close();
  await dir?.remove();
});
beforeEach(() => {
  oss.setFaults([]);
});

/** Every snapshot the store published, in order. */
function record(uploader: { subscribe(listener: () => void): () => void; getSnapshot(): UploaderSnapshot }) {
  const snapshots: UploaderSnapshot[] = [];
  const unsubscribe = uploader.subscribe(() => snapshots.push(uploader.getSnapshot()));
  return { snapshots, unsubscribe };
}

/** Per file: progress never goes down, and 100 % only once the file succeeded. */
function expectMonotonic(snapshots: readonly UploaderSnapshot[]): void {
  const last = new Map<string, number>();
  let overall = 0;
  for (const snapshot of snapshots) {
    for (const file of snapshot.uploads) {
      expect(file.progress.loaded).toBeGreaterThanOrEqual(last.get(file.id) ?? 0);
      last.set(file.id, file.progress.loaded);
      if (file.status !== 'success') expect(file.progress.percent).toBeLessThan(100);
      expect(file.progress.loaded).toBeLessThanOrEqual(file.size);
    }
    if (snapshot.uploads.every((file) => file.status !== 'aborted')) {
      expect(snapshot.progress.loaded).toBeGreaterThanOrEqual(overall);
      overall = snapshot.progress.loaded;
    }
    if (snapshot.status !== 'success') expect(snapshot.progress.percent).toBeLessThan(100);
  }
}

describe('createUploader against the emulator', () => {
  it('uploads two files in parallel; aborting one leaves nothing of it, the other completes', async () => {
    const aPath = join(dir.path, 'a.bin');
    await writePatternFile(aPath, 30 * PART, 3);
    const bBytes = patternBytes(12 * PART + 17, 4);
    // Slow parts, so the abort lands while A's parts are in flight.
    oss.setFaults([{ operation: 'UploadPart', delayMs: 25 }]);
    const uploader = createUploader({ endpoint: api.endpoint, multipartThreshold: 0, partSize: PART, concurrency: 2 });
    const { snapshots } = record(uploader);
    let aborted = false;
    uploader.subscribe(() => {
      const a = uploader.getSnapshot().uploads[0];
      if (!aborted && a && a.progress.loaded >= 3 * PART) {
        aborted = true;
        uploader.abort(a.id);
      }
    });
    const [a, b] = await uploader.upload([{ path: aPath }, { body: bBytes, name: 'b.bin', contentType: 'application/octet-stream' }]);

    expect(a).toMatchObject({ status: 'aborted', name: 'a.bin', error: { code: 'ABORTED' } });
    expect(b).toMatchObject({ status: 'success', name: 'b.bin', result: { mode: 'multipart', verified: true } });
    if (b?.status !== 'success') throw new Error('b failed');
    expect(b.result.key).toMatch(/^store\/.*b\.bin$/);
    expect(await digestBytes(Buffer.from((await oss.getObjectBytes(BUCKET, b.result.key as string)) ?? []))).toEqual(await digestBytes(bBytes));
    // Nothing of A: no object, no multipart upload in progress.
    expect((await oss.listObjects(BUCKET)).filter((object) => object.key.endsWith('a.bin'))).toEqual([]);
    expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);

    const final = uploader.getSnapshot();
    expect(final).toMatchObject({ status: 'success', isUploading: false, progress: { percent: 100, total: bBytes.length } });
    expect(final.uploads.map((file) => file.status)).toEqual(['aborted', 'success']);
    expect(final.uploads[1]?.bytesPerSecond).toBeGreaterThan(0);
    // Both files were moving at once.
    expect(snapshots.some((s) => s.uploads.every((file) => file.status === 'uploading'))).toBe(true);
    expectMonotonic(snapshots);
  });

  it('keeps one snapshot object until something changes', async () => {
    const uploader = createUploader({ endpoint: api.endpoint });
    const idle = uploader.getSnapshot();
    expect(uploader.getSnapshot()).toBe(idle);
    expect(uploader.getServerSnapshot()).toBe(idle);
    const { snapshots, unsubscribe } = record(uploader);
    const [outcome] = await uploader.upload({ body: patternBytes(3 * PART, 5), name: 'same.bin' });
    unsubscribe();
    expect(outcome?.status).toBe('success');
    // Every notification carried a new object; between notifications the object stayed the same.
    expect(new Set(snapshots).size).toBe(snapshots.length);
    const done = uploader.getSnapshot();
    expect(done).toBe(snapshots.at(-1));
    expect(uploader.getSnapshot()).toBe(done);
    uploader.abort();
    expect(uploader.getSnapshot()).toBe(done);
    uploader.reset();
    // Idle again; the presign handler's policy, fetched by the upload, stays.
    const reset = uploader.getSnapshot();
    expect(reset).toEqual({ ...idle, policy: expect.objectContaining({ maxSize: 1024 * 1024 * 1024 }) });
    uploader.reset();
    expect(uploader.getSnapshot()).toBe(reset);
  });

  it('retries a failed file: it fails while OSS answers 503, then succeeds on retry(id)', async () => {
    const bytes = patternBytes(5 * PART + 3, 6);
    oss.setFaults([{ operation: 'PutObject', status: 503 }]);
    const uploader = createUploader({ endpoint: api.endpoint, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const { snapshots } = record(uploader);
    const [first] = await uploader.upload({ body: bytes, name: 'retry.bin' });
    expect(first).toMatchObject({ status: 'error', error: { code: 'SERVER_ERROR', status: 503 } });
    expect(uploader.getSnapshot()).toMatchObject({ status: 'error', uploads: [{ status: 'error', error: { code: 'SERVER_ERROR' } }] });
    expect((await oss.listObjects(BUCKET)).filter((object) => object.key.endsWith('retry.bin'))).toEqual([]);

    oss.setFaults([]);
    const again = await uploader.retry(first?.id as string);
    expect(again).toMatchObject({ id: first?.id, status: 'success', result: { mode: 'put', verified: true } });
    if (again.status !== 'success') throw new Error('retry failed');
    expect(await digestBytes(Buffer.from((await oss.getObjectBytes(BUCKET, again.result.key as string)) ?? []))).toEqual(await digestBytes(bytes));
    expect(uploader.getSnapshot()).toMatchObject({ status: 'success', uploads: [{ status: 'success', progress: { percent: 100 } }] });
    expect(snapshots.map((s) => s.uploads[0]?.status)).toContain('queued');
  });

  it('a multipart file that failed for good leaves no upload on OSS, and retries to completion', async () => {
    const path = join(dir.path, 'mp-retry.bin');
    await writePatternFile(path, 6 * PART + 5, 7);
    oss.setFaults([{ operation: 'UploadPart', status: 503 }]);
    const uploader = createUploader({ endpoint: api.endpoint, multipartThreshold: 0, partSize: PART, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const [first] = await uploader.upload({ path });
    expect(first).toMatchObject({ status: 'error', error: { code: 'SERVER_ERROR' } });
    expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);
    oss.setFaults([]);
    const again = await uploader.retry(first?.id as string);
    expect(again).toMatchObject({ status: 'success', result: { mode: 'multipart', verified: true } });
    if (again.status !== 'success') throw new Error('retry failed');
    expect(await digestBytes(Buffer.from((await oss.getObjectBytes(BUCKET, again.result.key as string)) ?? []))).toEqual(await digestFile(path));
  });

  it('progress stays monotonic and short of 100 % until OSS answered, under injected faults', async () => {
    const path = join(dir.path, 'faults.bin');
    await writePatternFile(path, 24 * PART + 11, 8);
    oss.setFaults([
      { operation: 'UploadPart', reset: true, rate: 0.25, seed: 11 },
      { operation: 'UploadPart', status: 503, rate: 0.15, seed: 12 },
      { operation: 'CompleteMultipartUpload', status: 500, first: 1 },
    ]);
    const before = oss.faultStats().total;
    const uploader = createUploader({ endpoint: api.endpoint, multipartThreshold: 0, partSize: PART, concurrency: 3, retry: { retries: 8, baseDelayMs: 1, maxDelayMs: 5 } });
    const { snapshots } = record(uploader);
    const [outcome] = await uploader.upload({ path });
    expect(outcome).toMatchObject({ status: 'success', result: { verified: true } });
    if (outcome?.status !== 'success') throw new Error('upload failed');
    expect(oss.faultStats().total - before).toBeGreaterThan(3);
    expect(outcome.result.retries).toBe(oss.faultStats().total - before);
    expectMonotonic(snapshots);
    expect(snapshots.map((s) => s.uploads[0]?.status)).toEqual(expect.arrayContaining(['presigning', 'uploading', 'completing', 'success']));
    expect(snapshots.at(-1)?.progress).toEqual({ loaded: 24 * PART + 11, total: 24 * PART + 11, percent: 100 });
    expect(await digestBytes(Buffer.from((await oss.getObjectBytes(BUCKET, outcome.result.key as string)) ?? []))).toEqual(await digestFile(path));
  });
});
