/**
 * Issue 4 proof 3: an abort in the middle leaves no object and no open multipart upload; resuming
 * (after a pause kept for resume, or after the uploading process was killed) sends only the parts
 * OSS does not hold yet.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Presigner } from '@oss-presign/core';
import { createJsonFileStore, createMemoryStore, uploadMultipart, uploadObject } from '@oss-presign/core/upload/node';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUCKET, KIB, MIB, callbacksFor, countingTransport, digestFile, digestObject, presignerFor, startOss, tempDir, writePatternFile } from './helpers.js';

let oss: Emulator;
let presigner: Presigner;
let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
const PART = 256 * KIB;
const SIZE = 40 * PART + 1000; // 41 parts

beforeAll(async () => {
  dir = await tempDir('oss-presign-abort-');
  oss = await startOss();
  presigner = presignerFor(oss);
  file = join(dir.path, 'body.bin');
  await writePatternFile(file, SIZE, 9);
});
afterAll(async () => {
  await oss?.close();
  await dir?.remove();
});
beforeEach(() => {
  oss.setFaults([]);
});

const keys = async () => (await oss.listObjects(BUCKET)).map((object) => object.key);
const allParts = Array.from({ length: 41 }, (_, index) => index + 1);

describe('abort', () => {
  it('multipart: stops every request, aborts the upload, leaves nothing', async () => {
    oss.setFaults([{ operation: 'UploadPart', delayMs: 20 }]);
    const controller = new AbortController();
    const transport = countingTransport();
    const error = await uploadMultipart({
      ...callbacksFor(presigner, 'abort/multipart.bin'),
      transport,
      body: { path: file },
      partSize: PART,
      concurrency: 4,
      signal: controller.signal,
      onPartComplete: (part) => part.partNumber >= 5 && controller.abort(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(transport.total()).toBeLessThan(41);
    expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);
    expect(await keys()).not.toContain('abort/multipart.bin');
  });

  it('single PUT: cut off mid-body, no object is stored', async () => {
    const controller = new AbortController();
    const error = await uploadObject({
      target: await presigner.presign({ operation: 'PutObject', key: 'abort/single.bin' }),
      body: { path: file },
      signal: controller.signal,
      onProgress: (progress) => progress.loaded > 2 * PART && controller.abort(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(await keys()).not.toContain('abort/single.bin');
  });
});

describe('resume', () => {
  it('after a pause (abort kept for resume): only the missing parts are sent', async () => {
    const key = 'resume/paused.bin';
    const store = createMemoryStore();
    const controller = new AbortController();
    const first = await uploadMultipart({
      ...callbacksFor(presigner, key),
      body: { path: file },
      partSize: PART,
      concurrency: 2,
      signal: controller.signal,
      resume: { store, id: key, keepOnAbort: true },
      onPartComplete: (part) => part.partNumber >= 3 && controller.abort(),
    }).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'ABORTED' });
    const saved = (await store.get(key))?.parts.map((part) => part.partNumber) ?? [];
    expect(saved.length).toBeGreaterThanOrEqual(2);
    expect(await oss.listMultipartUploads(BUCKET)).toHaveLength(1);

    const transport = countingTransport();
    const result = await uploadMultipart({ ...callbacksFor(presigner, key), transport, body: { path: file }, partSize: PART, resume: { store, id: key } });
    // Saved parts are kept; so is a part OSS finished storing as the abort went out (adopted by ETag).
    expect(result.resumedParts).toEqual(expect.arrayContaining(saved));
    expect(result.uploadedParts).toEqual(allParts.filter((part) => !result.resumedParts.includes(part)));
    expect([...transport.counts.keys()].sort((a, b) => a - b)).toEqual(result.uploadedParts);
    expect([...transport.counts.values()].every((count) => count === 1)).toBe(true);
    expect(result.verified).toBe(true);
    expect(await digestObject(presigner, key)).toEqual(await digestFile(file));
    expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);
    expect(await store.get(key)).toBeUndefined();
  });

  it('after the uploading process was killed: only the missing parts are sent', async () => {
    const key = 'resume/killed.bin';
    const storePath = join(dir.path, 'resume.json');
    // Slow parts down so the child is surely mid-upload when it is killed.
    oss.setFaults([{ operation: 'UploadPart', delayMs: 40 }]);
    // Run node itself with tsx's loader (the tsx CLI would put the script in a grandchild that SIGKILL misses).
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
    const child = spawn(process.execPath, ['--conditions=@oss-presign/source', `--import=${tsx}`, fileURLToPath(new URL('./fixtures/multipart-child.ts', import.meta.url))], {
      env: { ...process.env, ENDPOINT: oss.endpoint, FILE: file, STORE: storePath, KEY: key, PART_SIZE: String(PART) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const printed: string[] = [];
    const exit = await new Promise<NodeJS.Signals | number | null>((resolve) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (text: string) => {
        printed.push(...text.split('\n').filter(Boolean));
        if (printed.filter((line) => line.startsWith('part ')).length >= 3) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => resolve(signal ?? code));
    });
    expect(exit).toBe('SIGKILL');
    expect(printed).not.toContain('done');
    oss.setFaults([]);

    const saved = (await createJsonFileStore(storePath).get(key))?.parts.map((part) => part.partNumber) ?? [];
    expect(saved.length).toBeGreaterThanOrEqual(3);
    expect(saved.length).toBeLessThan(41);
    const open = await oss.listMultipartUploads(BUCKET);
    expect(open).toHaveLength(1);
    expect(JSON.parse(await readFile(storePath, 'utf8')).uploads[key].uploadId).toBe(open[0]?.uploadId);
    const callbacks = callbacksFor(presigner, key);
    const onServer = (await callbacks.listParts({ uploadId: open[0]?.uploadId as string }, { signal: new AbortController().signal })).map((part) => part.partNumber);
    expect(onServer).toEqual(expect.arrayContaining(saved));

    const transport = countingTransport();
    const result = await uploadMultipart({
      ...callbacksFor(presigner, key),
      transport,
      body: { path: file },
      partSize: PART,
      resume: { store: createJsonFileStore(storePath), id: key },
    });
    expect(result.uploadId).toBe(open[0]?.uploadId);
    // Every part OSS held is kept, also one the killed process never got to record.
    expect(result.resumedParts).toEqual(expect.arrayContaining(onServer));
    expect(result.uploadedParts).toEqual(allParts.filter((part) => !result.resumedParts.includes(part)));
    expect([...transport.counts.keys()].sort((a, b) => a - b)).toEqual(result.uploadedParts);
    expect(result.verified).toBe(true);
    expect(await digestObject(presigner, key)).toEqual(await digestFile(file));
    expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);
  });
});

// A sanity bound on the fixture: a whole upload must take well over the kill point.
it('the fixture body has 41 parts', () => {
  expect(Math.ceil(SIZE / PART)).toBe(41);
  expect(SIZE).toBeLessThan(11 * MIB);
});
