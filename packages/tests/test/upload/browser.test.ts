/**
 * The browser path for real: Chromium loads a bundle of `@oss-presign/core/upload` and uploads to
 * the emulator across origins (CORS) with XMLHttpRequest. Shows the Content-Type trap (a plain
 * fetch of a typed File fails with SignatureDoesNotMatch, diagnosed as a runtime-added type) and
 * that the uploader avoids it; byte-level XHR progress; multipart with a localStorage resume store.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Presigner } from '@oss-presign/core';
import type { Emulator } from '@oss-presign/emulator';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleUploadEntry } from './bundle.js';
import { BUCKET, KIB, MIB, digestBytes, digestObject, patternBytes, presignerFor, startOss, tempDir } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let oss: Emulator;
let presigner: Presigner;
let site: Server;
let origin: string;
let context: BrowserContext;
let page: Page;
let profile: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  oss = await startOss();
  presigner = presignerFor(oss);
  // The diagnosis helpers are engine internals (no longer exported by the entry): the page gets them from source.
  const bundle = await bundleUploadEntry(
    "export * from '@oss-presign/core/upload'; export { diagnoseSignatureMismatch } from '../../../core/src/upload/hint.ts'; export { parseOssErrorXml } from '../../../core/src/oss/error-xml.ts';",
    'iife',
  );
  // The app: a page, the uploader bundle, a presign endpoint and test data.
  site = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      response.setHeader('content-type', 'text/html');
      response.end('<!doctype html><meta charset="utf-8"><title>upload</title><script src="/upload.js"></script>');
    } else if (url.pathname === '/upload.js') {
      response.setHeader('content-type', 'text/javascript');
      response.end(bundle.code);
    } else if (url.pathname === '/presign') {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const presigned = await presigner.presign(input, { expires: 600 });
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(presigned));
    } else if (url.pathname.startsWith('/data/')) {
      const [size, seed] = url.pathname.slice(6).split('-').map(Number);
      response.end(Buffer.from(patternBytes(size as number, seed as number)));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  profile = await tempDir('oss-presign-chromium-');
  context = await chromium.launchPersistentContext(profile.path, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(origin);
  await page.waitForFunction(() => 'OssUpload' in window);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await profile?.remove();
  await new Promise((resolve) => site?.close(resolve));
  await oss?.close();
});

describe('in Chromium', () => {
  it('a fetch of a typed File to an unsigned-type URL fails, and the hint names the added Content-Type', async () => {
    const outcome = await page.evaluate(async () => {
      const { diagnoseSignatureMismatch, parseOssErrorXml } = (window as any).OssUpload;
      const target = await (await fetch('/presign', { method: 'POST', body: JSON.stringify({ operation: 'PutObject', key: 'browser/raw.png' }) })).json();
      const file = new File([new Uint8Array(1000)], 'photo.png', { type: 'image/png' });
      const response = await fetch(target.url, { method: 'PUT', body: file });
      const oss = parseOssErrorXml(await response.text());
      return { status: response.status, code: oss?.code, cause: diagnoseSignatureMismatch({ target, sent: { url: target.url, headers: {} }, oss, now: Date.now() }).cause };
    });
    expect(outcome).toEqual({ status: 403, code: 'SignatureDoesNotMatch', cause: 'content-type-added' });
  });

  it('uploadObject sends the same typed File without the trap, with XHR byte progress', async () => {
    const size = 24 * MIB;
    const outcome = await page.evaluate(async (size) => {
      const { uploadObject } = (window as any).OssUpload;
      const bytes = await (await fetch(`/data/${size}-5`)).blob();
      const file = new File([bytes], 'photo.png', { type: 'image/png' });
      const target = await (await fetch('/presign', { method: 'POST', body: JSON.stringify({ operation: 'PutObject', key: 'browser/photo.png' }) })).json();
      const events: { loaded: number; percent: number }[] = [];
      const result = await uploadObject({ target, body: file, onProgress: (p: any) => events.push({ loaded: p.loaded, percent: p.percent }) });
      return { result, events };
    }, size);
    // A File a browser sends by itself is not read a second time for CRC-64 unless asked (the
    // multipart test below asks); OSS's own CRC is still reported.
    expect(outcome.result).toMatchObject({ size, verified: false, crc64: undefined });
    expect(outcome.result.serverCrc64).toMatch(/^\d+$/);
    const loaded = outcome.events.map((event) => event.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    // XHR reported bytes in flight before the end, and 100 % came once, last.
    expect(outcome.events.some((event) => event.loaded > 0 && event.loaded < size)).toBe(true);
    expect(outcome.events.filter((event) => event.percent === 100)).toEqual([outcome.events.at(-1)]);
    expect(await digestObject(presigner, 'browser/photo.png')).toEqual(await digestBytes(patternBytes(size, 5)));
    // Stored with OSS's default type: the browser's image/png never reached OSS.
    expect((await oss.listObjects(BUCKET)).find((object) => object.key === 'browser/photo.png')?.contentType).toBe('application/octet-stream');
  });

  it('multipart with presigned callbacks and CRC-64 asked for: pause (abort kept for resume), reload, resume from localStorage, object verified', async () => {
    const size = 3 * MIB + 7;
    const first = await page.evaluate(async (size) => {
      const { uploadMultipart, presignedMultipart, createLocalStorageStore } = (window as any).OssUpload;
      const presign = async (request: unknown) =>
        (await fetch('/presign', { method: 'POST', body: JSON.stringify({ ...(request as object), key: 'browser/multi.bin' }) })).json();
      const body = new File([await (await fetch(`/data/${size}-6`)).blob()], 'multi.bin', { type: 'application/x-test', lastModified: 1_700_000_000_000 });
      const controller = new AbortController();
      try {
        await uploadMultipart({
          body, ...presignedMultipart({ presign }), partSize: 256 * 1024, concurrency: 2, signal: controller.signal, integrity: { crc64: 'verify' },
          resume: { store: createLocalStorageStore(), id: 'multi', keepOnAbort: true },
          onPartComplete: (part: { partNumber: number }) => part.partNumber >= 4 && controller.abort(),
        });
        return 'finished';
      } catch (error) {
        return (error as { code: string }).code;
      }
    }, size);
    expect(first).toBe('ABORTED');
    expect(await oss.listMultipartUploads(BUCKET)).toHaveLength(1);

    await page.reload();
    await page.waitForFunction(() => 'OssUpload' in window);
    const second = await page.evaluate(async (size) => {
      const { uploadMultipart, presignedMultipart, createLocalStorageStore } = (window as any).OssUpload;
      const presign = async (request: unknown) =>
        (await fetch('/presign', { method: 'POST', body: JSON.stringify({ ...(request as object), key: 'browser/multi.bin' }) })).json();
      const body = new File([await (await fetch(`/data/${size}-6`)).blob()], 'multi.bin', { type: 'application/x-test', lastModified: 1_700_000_000_000 });
      const result = await uploadMultipart({
        body, ...presignedMultipart({ presign }), partSize: 256 * 1024, resume: { store: createLocalStorageStore(), id: 'multi' }, integrity: { crc64: 'verify' },
      });
      return { ...result, left: localStorage.length };
    }, size);
    expect(second.resumedParts.length).toBeGreaterThanOrEqual(3);
    expect([...second.resumedParts, ...second.uploadedParts].sort((a: number, b: number) => a - b)).toEqual(
      Array.from({ length: Math.ceil(size / (256 * KIB)) }, (_, index) => index + 1),
    );
    expect(second).toMatchObject({ verified: true, left: 0 });
    expect(await digestObject(presigner, 'browser/multi.bin')).toEqual(await digestBytes(patternBytes(size, 6)));
    expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);
    // The type given at initiate is the object's type; the parts carried none.
    expect((await oss.listObjects(BUCKET)).find((object) => object.key === 'browser/multi.bin')?.contentType).toBe('application/x-test');
  });
});
