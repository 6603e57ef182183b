/**
 * useOssUpload against real things: core's presign handler over HTTP and the emulator over HTTP.
 * Requests to OSS go through core's node:http transport: happy-dom's XMLHttpRequest drops the
 * Content-Length that presigned PUTs sign (real browsers send it; the Chromium tests of the demo
 * cover the XHR path).
 */
import { createHash } from 'node:crypto';
import { createNodeHttpTransport } from '@oss-presign/core/upload/node';
import type { Emulator } from '@oss-presign/emulator';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type UseOssUploadOptions, type UseOssUploadResult, useOssUpload } from '../src/index.js';
import { BUCKET, type PresignServer, patternBytes, startOss, startPresignServer } from './servers.js';

const KIB = 1024;
let oss: Emulator;
let api: PresignServer;

beforeAll(async () => {
  oss = await startOss();
  api = await startPresignServer(oss, { allowedContentTypes: ['image/*', 'application/octet-stream'], maxSize: 10 * 1024 * KIB });
});
afterAll(async () => {
  await api?.close();
  await oss?.close();
});
afterEach(() => {
  // Unmounts what a test rendered (no vitest globals, so no automatic cleanup).
  cleanup();
  oss.setFaults([]);
  api.requests.length = 0;
});

/** Small parts so that a few hundred KiB go multipart with progress after every part. */
const base = (): UseOssUploadOptions => ({
  endpoint: api.endpoint,
  transport: createNodeHttpTransport(),
  multipartThreshold: 200 * KIB,
  partSize: 100 * KIB,
  concurrency: 1,
});

const file = (size: number, name = 'photo.png', type = 'image/png', seed = 1) => new File([patternBytes(size, seed)], name, { type });

/** Renders the hook and records every value it returned. */
function renderUpload(options: () => UseOssUploadOptions, wrapper?: typeof StrictMode) {
  const seen: UseOssUploadResult[] = [];
  const rendered = renderHook(
    () => {
      const value = useOssUpload(options());
      seen.push(value);
      return value;
    },
    wrapper ? { wrapper } : {},
  );
  return { ...rendered, seen };
}

/** SHA-256 of an object on the emulator (compared as text: deep-equal over 400 KiB arrays is slow). */
async function storedDigest(key: string | undefined): Promise<string | undefined> {
  const bytes = key === undefined ? undefined : await oss.getObjectBytes(BUCKET, key);
  return bytes && sha256(bytes);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const keysOf = async () => (await oss.listObjects(BUCKET)).map((object) => object.key);

describe('useOssUpload', () => {
  it('uploads a file: progress rises to 100 % only at success, onProgress and onSuccess fire, the bytes are on OSS', async () => {
    const progress: number[] = [];
    const successes: string[] = [];
    const { result, seen } = renderUpload(() => ({
      ...base(),
      onProgress: (p) => progress.push(p.percent),
      onSuccess: (done, entry) => successes.push(`${entry.name}:${done.key}`),
    }));
    expect(result.current.status).toBe('idle');
    const body = file(450 * KIB);
    // OSS holds the first two parts a while: a render in between shows the first part's bytes.
    oss.setFaults([{ operation: 'UploadPart', delayMs: 1000, first: 2 }]);
    let pending: ReturnType<UseOssUploadResult['upload']> | undefined;
    act(() => {
      pending = result.current.upload(body);
    });
    await waitFor(() => expect(result.current.progress.percent).toBeGreaterThan(0), { timeout: 10_000 });
    expect(result.current.progress.percent).toBeLessThan(100);
    expect(result.current.isUploading).toBe(true);
    const outcomes = (await act(() => pending)) ?? [];
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['success']);
    const { status, progress: overall, uploads, result: done, error, isUploading } = result.current;
    expect({ status, overall, isUploading, error }).toEqual({ status: 'success', overall: { loaded: 450 * KIB, total: 450 * KIB, percent: 100 }, isUploading: false, error: undefined });
    expect(uploads).toHaveLength(1);
    expect(done?.key).toMatch(/^hook\/.*photo\.png$/);
    expect(await storedDigest(done?.key)).toBe(sha256(new Uint8Array(await body.arrayBuffer())));
    expect(successes).toEqual([`photo.png:${done?.key}`]);

    // Renders saw the upload move: intermediate percentages, never down, 100 only once done.
    const percents = seen.map((value) => value.progress.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    for (const value of seen) if (value.status !== 'success') expect(value.progress.percent).toBeLessThan(100);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
  });

  it('fetches the server\'s policy once and refuses a forbidden file before any presign, with a typed error', async () => {
    const errors: string[] = [];
    const { result } = renderUpload(() => ({ ...base(), onError: (error) => errors.push(error.code) }));
    await waitFor(() => expect(result.current.policy).toBeDefined());
    expect(result.current.policy).toEqual({
      allowedContentTypes: ['image/*', 'application/octet-stream'],
      minSize: 0,
      maxSize: 10 * 1024 * KIB,
      multipartThreshold: 100 * 1024 * KIB,
      partSize: 8 * 1024 * KIB,
    });
    await act(async () => {
      await result.current.upload([file(1 * KIB, 'notes.txt', 'text/plain'), file(11 * 1024 * KIB, 'huge.png')]);
    });
    expect(result.current.uploads.map((entry) => entry.error?.code)).toEqual(['CONTENT_TYPE_NOT_ALLOWED', 'FILE_TOO_LARGE']);
    expect(result.current.error?.message).toMatch(/huge\.png.*largest allowed is 10485760 bytes/);
    expect(errors).toEqual(['CONTENT_TYPE_NOT_ALLOWED', 'FILE_TOO_LARGE']);
    expect(api.requests.map((request) => request.path)).toEqual(['/api/oss/config']);
  });

  it('reports the server\'s refusal as the file\'s error when the client does not check (policy: false): status error, onError once, nothing on OSS', async () => {
    const errors: string[] = [];
    const successes: unknown[] = [];
    const { result } = renderUpload(() => ({ ...base(), policy: false, onError: (error) => errors.push(error.message), onSuccess: (done) => successes.push(done) }));
    const before = await keysOf();
    await act(async () => {
      await result.current.upload(file(1 * KIB, 'notes.txt', 'text/plain'));
    });
    expect(result.current.status).toBe('error');
    expect(result.current.error?.message).toMatch(/text\/plain.*not allowed/);
    expect(result.current.uploads[0]?.status).toBe('error');
    expect(errors).toHaveLength(1);
    expect(successes).toEqual([]);
    expect(await keysOf()).toEqual(before);
  });

  it('retries a failed file: retry(id) uploads it again and succeeds', async () => {
    oss.setFaults([{ operation: 'PutObject', status: 503, first: 1 }]);
    const { result } = renderUpload(() => ({ ...base(), retry: { retries: 0 } }));
    await act(async () => {
      await result.current.upload(file(10 * KIB, 'retry.png'));
    });
    expect(result.current.status).toBe('error');
    const id = result.current.uploads[0]?.id as string;
    await act(async () => {
      await result.current.retry(id);
    });
    expect(result.current.status).toBe('success');
    expect(result.current.uploads.map((entry) => entry.id)).toEqual([id]);
    expect(await storedDigest(result.current.result?.key)).toBe(sha256(patternBytes(10 * KIB)));
  });

  it('abort(id) stops a multipart upload in flight: status aborted, no object and no multipart upload left', async () => {
    // OSS holds the second part, so the upload is surely in flight when it is aborted.
    oss.setFaults([{ operation: 'UploadPart', delayMs: 30_000, first: 2 }]);
    const errors: unknown[] = [];
    const { result } = renderUpload(() => ({ ...base(), onError: (error) => errors.push(error) }));
    const before = await keysOf();
    let pending: Promise<unknown> | undefined;
    act(() => {
      pending = result.current.upload(file(450 * KIB, 'big.png'));
    });
    await waitFor(() => expect(result.current.uploads[0]?.status).toBe('uploading'), { timeout: 10_000 });
    act(() => result.current.abort(result.current.uploads[0]?.id));
    const outcomes = (await act(() => pending)) as { status: string }[];
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['aborted']);
    expect(result.current.status).toBe('aborted');
    expect(errors).toEqual([]);
    expect(await keysOf()).toEqual(before);
    expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);
  });

  it('unmount aborts what is in flight and leaves nothing on OSS', async () => {
    oss.setFaults([{ operation: 'UploadPart', delayMs: 30_000, first: 2 }]);
    const { result, unmount } = renderUpload(base);
    const before = await keysOf();
    let pending: Promise<{ status: string }[]> | undefined;
    act(() => {
      pending = result.current.upload(file(450 * KIB, 'leaving.png'));
    });
    await waitFor(() => expect(result.current.uploads[0]?.status).toBe('uploading'), { timeout: 10_000 });
    unmount();
    expect((await pending)?.map((outcome) => outcome.status)).toEqual(['aborted']);
    expect(await keysOf()).toEqual(before);
    expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);
  });

  it('uploads two files at once, each with its own entry, progress and result', async () => {
    const successes: string[] = [];
    const { result } = renderUpload(() => ({ ...base(), onSuccess: (_, entry) => successes.push(entry.name) }));
    const a = file(300 * KIB, 'a.png', 'image/png', 2);
    const b = file(20 * KIB, 'b.png', 'image/png', 3);
    // OSS holds a's first part and b's PUT: both are in flight at once.
    oss.setFaults([
      { operation: 'UploadPart', delayMs: 1500, first: 1 },
      { operation: 'PutObject', delayMs: 1500, first: 1 },
    ]);
    let pending: ReturnType<UseOssUploadResult['upload']> | undefined;
    act(() => {
      pending = result.current.upload([a, b]);
    });
    await waitFor(() => expect(result.current.uploads.map((entry) => entry.status)).toEqual(['uploading', 'uploading']), { timeout: 10_000 });
    await act(() => pending);
    const [first, second] = result.current.uploads;
    expect([first?.name, first?.status, second?.name, second?.status]).toEqual(['a.png', 'success', 'b.png', 'success']);
    expect(first?.result?.mode).toBe('multipart');
    expect(second?.result?.mode).toBe('put');
    expect(await storedDigest(first?.result?.key)).toBe(sha256(patternBytes(300 * KIB, 2)));
    expect(await storedDigest(second?.result?.key)).toBe(sha256(patternBytes(20 * KIB, 3)));
    expect(successes.sort()).toEqual(['a.png', 'b.png']);
  });

  it('under StrictMode uploads once: one presign, one object, and the double effect aborts nothing', async () => {
    const successes: unknown[] = [];
    const { result } = renderUpload(() => ({ ...base(), onSuccess: (done) => successes.push(done.key) }), StrictMode);
    const before = await keysOf();
    await act(async () => {
      await result.current.upload(file(10 * KIB, 'strict.png'));
    });
    expect(result.current.status).toBe('success');
    expect(api.requests.map((request) => request.path)).toEqual(['/api/oss/config', '/api/oss/upload']);
    expect((await keysOf()).filter((key) => !before.includes(key))).toEqual([result.current.result?.key]);
    expect(successes).toEqual([result.current.result?.key]);
  });

  it('options may change between renders: the upload is not restarted, the latest callbacks, headers and validate apply', async () => {
    let options: UseOssUploadOptions = { ...base(), headers: { 'x-csrf-token': 'one' }, onSuccess: () => calls.push('old') };
    const calls: string[] = [];
    oss.setFaults([{ operation: 'UploadPart', delayMs: 300, first: 1 }]);
    const { result, rerender } = renderUpload(() => options);
    const { upload, abort, retry, reset } = result.current;
    let pending: Promise<unknown> | undefined;
    act(() => {
      pending = result.current.upload(file(450 * KIB, 'first.png'));
    });
    await waitFor(() => expect(result.current.uploads[0]?.status).toBe('uploading'), { timeout: 10_000 });
    options = { ...base(), headers: () => ({ 'x-csrf-token': 'two' }), onSuccess: (_, entry) => calls.push(`new:${entry.name}`), validate: (entry) => (entry.name.endsWith('.exe') ? 'No programs' : undefined) };
    rerender();
    await act(() => pending);
    // Same functions, same single upload, the new onSuccess.
    expect([result.current.upload, result.current.abort, result.current.retry, result.current.reset]).toEqual([upload, abort, retry, reset]);
    expect(result.current.upload).toBe(upload);
    expect(result.current.uploads).toHaveLength(1);
    expect(result.current.status).toBe('success');
    expect(api.requests.filter((request) => request.path.endsWith('/multipart/initiate'))).toHaveLength(1);
    expect(calls).toEqual(['new:first.png']);
    // Parts presigned after the change carry the new header.
    expect(api.requests.at(-1)?.headers['x-csrf-token']).toBe('two');
    expect(api.requests[0]?.headers['x-csrf-token']).toBe('one');
    // The new validate refuses before any presign.
    const count = api.requests.length;
    await act(async () => {
      await result.current.upload(new File(['MZ'], 'setup.exe', { type: 'application/octet-stream' }));
    });
    expect(result.current.uploads[1]?.error?.code).toBe('INVALID_BODY');
    expect(result.current.error?.message).toBe('No programs');
    expect(api.requests.length).toBe(count);
  });

  it('takes an input\'s FileList, and reset() returns to idle', async () => {
    const input = document.createElement('input');
    input.type = 'file';
    const { result } = renderUpload(base);
    const picked = file(5 * KIB, 'picked.png');
    Object.defineProperty(input, 'files', { value: Object.assign(Object.create(FileList.prototype), { 0: picked, length: 1, item: (i: number) => (i === 0 ? picked : null) }) });
    await act(async () => {
      await result.current.upload(input.files as FileList);
    });
    expect(result.current.uploads.map((entry) => [entry.name, entry.status])).toEqual([['picked.png', 'success']]);
    act(() => result.current.reset());
    expect(result.current.status).toBe('idle');
    expect(result.current.uploads).toEqual([]);
  });
});
