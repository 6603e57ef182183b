import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/upload.js';
import { createUploader as createNodeUploader } from '../../src/upload-node.js';

describe('createUploader: server rendering', () => {
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'window');
    Reflect.deleteProperty(globalThis, 'document');
  });

  it('creates the store and answers getServerSnapshot without touching window or document', async () => {
    const touched: string[] = [];
    for (const name of ['window', 'document']) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          touched.push(name);
          throw new Error(`${name} touched`);
        },
      });
    }
    // Loaded only now, so module evaluation is covered too.
    const fresh = '../../src/upload.js?ssr';
    const { createUploader } = (await import(/* @vite-ignore */ fresh)) as typeof import('../../src/upload.js');
    const uploader = createUploader({ endpoint: '/api/oss' });
    const server = uploader.getServerSnapshot();
    expect(server).toEqual({ status: 'idle', progress: { loaded: 0, total: 0, percent: 0 }, uploads: [], isUploading: false });
    expect(uploader.getServerSnapshot()).toBe(server);
    expect(uploader.getSnapshot()).toBe(server);
    const unsubscribe = uploader.subscribe(() => undefined);
    uploader.abort();
    uploader.reset();
    unsubscribe();
    expect(touched).toEqual([]);
  });
});

describe('createUploader: options', () => {
  const bad: readonly [string, Record<string, unknown>, RegExp][] = [
    ['neither endpoint nor client', {}, /exactly one of `endpoint`/],
    ['both', { endpoint: '/api/oss', client: {} }, /exactly one of `endpoint`/],
    ['an empty endpoint', { endpoint: ' ' }, /non-empty string/],
    ['a client without methods', { client: { target: () => undefined } }, /lacks initiate, presignParts, complete, abort/],
    ['fetch with a client', { client: createClientLike(), fetch }, /configure that client/],
    ['a part size under 100 KiB', { endpoint: '/x', partSize: 1000 }, /partSize must be a whole number within 102400/],
    ['concurrency 0', { endpoint: '/x', concurrency: 0 }, /concurrency must be/],
    ['fileConcurrency 1.5', { endpoint: '/x', fileConcurrency: 1.5 }, /fileConcurrency must be/],
    ['a negative threshold', { endpoint: '/x', multipartThreshold: -1 }, /multipartThreshold must be/],
    ['negative retries', { endpoint: '/x', retry: { retries: -1 } }, /retry.retries/],
    ['a resume store without delete', { endpoint: '/x', resume: { get() {}, set() {} } }, /resume store/],
    ['an unknown crc64 mode', { endpoint: '/x', crc64: 'maybe' }, /crc64/],
    ['a transport without send', { endpoint: '/x', transport: {} }, /send function/],
    ['credentials "all"', { endpoint: '/x', credentials: 'all' }, /credentials/],
  ];
  it.each(bad)('refuses %s with INVALID_OPTIONS', (_, options, message) => {
    let thrown: unknown;
    try {
      createNodeUploader(options as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'OssUploadError', code: 'INVALID_OPTIONS' });
    expect((thrown as Error).message).toMatch(message);
  });

  it('takes a complete set of options', () => {
    const uploader = createNodeUploader({
      endpoint: 'http://127.0.0.1:1/api/oss',
      headers: () => ({ 'x-csrf': 't' }),
      credentials: 'include',
      multipartThreshold: 0,
      partSize: 100 * 1024,
      concurrency: 2,
      fileConcurrency: 2,
      retry: { retries: 1 },
      resume: createMemoryStore(),
      crc64: 'require',
      validate: () => undefined,
      now: () => 0,
    });
    expect(uploader.getSnapshot().status).toBe('idle');
  });
});

describe('createUploader: bodies', () => {
  it('refuses a bare string in the Node store, before anything is added', async () => {
    const uploader = createNodeUploader({ endpoint: 'http://127.0.0.1:1/api/oss' });
    const before = uploader.getSnapshot();
    const error = await uploader.upload('./photo.png' as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_BODY' });
    expect((error as Error).message).toMatch(/\{ path: "\.\/photo\.png" \} for a file, or bytes/);
    expect(uploader.getSnapshot()).toBe(before);
  });

  it('refuses a bare string in the browser store too', async () => {
    const { createUploader } = await import('../../src/upload.js');
    const error = await createUploader({ endpoint: '/api/oss' }).upload('hello' as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_BODY' });
    expect((error as Error).message).toMatch(/pass a File, a Blob, or bytes/);
  });

  it('retry of an unknown id is a typed error', async () => {
    const uploader = createNodeUploader({ endpoint: 'http://127.0.0.1:1/api/oss' });
    await expect(uploader.retry('upload-1')).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});

function createClientLike() {
  const fail = async () => {
    throw new Error('not called');
  };
  return { target: () => fail, initiate: fail, presignParts: fail, complete: fail, abort: fail };
}

describe('the Node entry refuses a bare string body', () => {
  it('upload({ body: "./photo.png" }) is INVALID_BODY, not the path uploaded as text', async () => {
    const { upload, uploadObject } = await import('../../src/upload-node.js');
    const target = { url: 'http://127.0.0.1:1/bucket/photo.png', signedHeaders: { 'Content-Type': 'image/png' } };
    for (const attempt of [upload({ body: './photo.png' as never, target }), uploadObject({ body: './photo.png' as never, target })]) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'OssUploadError', code: 'INVALID_BODY', retryable: false });
      expect((error as Error).message).toMatch(/pass \{ path: "\.\/photo\.png" \} for a file, or bytes/);
    }
  });
});
