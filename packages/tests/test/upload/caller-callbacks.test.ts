/**
 * A caller's notification callback that throws (onProgress, onPartComplete, onRetry) runs inside
 * transport events, where the throw used to escape as an uncaught exception and leave the upload
 * waiting forever. Against the emulator: the upload ends with CALLBACK_ERROR naming the callback,
 * and a multipart upload it stopped is aborted on OSS (nothing left behind).
 */
import type { Presigner } from '@oss-presign/core';
import { uploadMultipart, uploadObject } from '@oss-presign/core/upload/node';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, KIB, callbacksFor, patternBytes, presignerFor, startOss } from './helpers.js';

let oss: Emulator;
let presigner: Presigner;
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  oss = await startOss();
  presigner = presignerFor(oss);
  process.on('uncaughtException', onUncaught);
});
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  await oss?.close();
});

const boom = (name: string) => () => {
  throw new Error(`${name} broke`);
};

describe('a caller callback that throws', () => {
  it('onProgress during a single PUT: CALLBACK_ERROR, no uncaught exception', async () => {
    const target = () => presigner.presign({ operation: 'PutObject', key: 'callbacks/put.bin' });
    const error = await uploadObject({ target, body: patternBytes(512 * KIB), onProgress: boom('onProgress') }).catch((e) => e);
    expect(error).toMatchObject({ code: 'CALLBACK_ERROR', message: 'The onProgress callback failed: onProgress broke' });
    expect(uncaught).toEqual([]);
  });

  it('onProgress or onPartComplete during multipart: CALLBACK_ERROR, and the upload is aborted on OSS', async () => {
    for (const [name, extra] of [
      ['onProgress', { onProgress: boom('onProgress') }],
      ['onPartComplete', { onPartComplete: boom('onPartComplete') }],
    ] as const) {
      const key = `callbacks/${name}.bin`;
      const error = await uploadMultipart({ body: patternBytes(1024 * KIB), partSize: 256 * KIB, ...callbacksFor(presigner, key), ...extra }).catch((e) => e);
      expect(error).toMatchObject({ code: 'CALLBACK_ERROR', message: `The ${name} callback failed: ${name} broke` });
      expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);
      expect((await oss.listObjects(BUCKET)).some((object) => object.key === key)).toBe(false);
    }
    expect(uncaught).toEqual([]);
  });

  it('an async callback that rejects, and a thrown value with no string form: CALLBACK_ERROR, not retryable', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['async onProgress', { onProgress: async () => Promise.reject(new Error('async broke')) }, 'The onProgress callback failed: async broke'],
      ['null-prototype throw', { onProgress: () => { throw Object.create(null); } }, 'The onProgress callback failed: a value that cannot be shown'],
    ];
    for (const [name, extra, message] of cases) {
      const target = () => presigner.presign({ operation: 'PutObject', key: `callbacks/${name.replace(/ /g, '-')}.bin` });
      const error = await uploadObject({ target, body: patternBytes(4 * 1024 * KIB), ...extra }).catch((e) => e);
      expect(error).toMatchObject({ code: 'CALLBACK_ERROR', message, retryable: false });
    }
    expect(uncaught).toEqual([]);
  });

  it('a throw on the last progress event, after OSS stored the object: CALLBACK_ERROR that says so', async () => {
    const onProgress = (progress: { phase: string }) => {
      if (progress.phase === 'done') throw new Error('ui gone');
    };
    const put = await uploadObject({ target: () => presigner.presign({ operation: 'PutObject', key: 'callbacks/done-put.bin' }), body: patternBytes(KIB), onProgress }).catch((e) => e);
    const multipart = await uploadMultipart({ body: patternBytes(512 * KIB), partSize: 256 * KIB, ...callbacksFor(presigner, 'callbacks/done-multipart.bin'), onProgress }).catch((e) => e);
    for (const error of [put, multipart]) {
      expect(error).toMatchObject({ code: 'CALLBACK_ERROR', retryable: false, message: 'The onProgress callback failed: ui gone (after OSS stored the object: the upload itself succeeded)' });
    }
    const keys = (await oss.listObjects(BUCKET)).map((object) => object.key);
    expect(keys).toEqual(expect.arrayContaining(['callbacks/done-put.bin', 'callbacks/done-multipart.bin']));
    expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);
  });

  it('onRetry: CALLBACK_ERROR instead of the retry', async () => {
    oss.setFaults([{ operation: 'PutObject', status: 503, first: 1 }]);
    const target = () => presigner.presign({ operation: 'PutObject', key: 'callbacks/retry.bin' });
    const error = await uploadObject({ target, body: patternBytes(KIB), onRetry: boom('onRetry'), retry: { baseDelayMs: 1 } }).catch((e) => e);
    oss.setFaults([]);
    expect(error).toMatchObject({ code: 'CALLBACK_ERROR', message: 'The onRetry callback failed: onRetry broke' });
    expect(uncaught).toEqual([]);
  });
});
