// The browser tests' stack: the OSS emulator (started here, so tests can inspect and fault it),
// the Express demo serving the built React demo, and Debian's Chromium driven by playwright-core.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { createPresigner } from '@oss-presign/core';
import { type Emulator, startEmulator } from '@oss-presign/emulator';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { type RunningDemo, startDemo } from '../../src/demo.js';

export const BUCKET = 'demo';

/** Kept by CI (gitignored): one PNG of the finished page per test. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

export interface Stack {
  readonly demo: RunningDemo;
  readonly emulator: Emulator;
  readonly context: BrowserContext;
  /** Scratch folder for the files the tests pick. */
  readonly files: string;
  /** Deletes an object through a presigned DeleteObject (the bench keeps the emulator's memory flat). */
  deleteObject(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Flags from the toolchain notes: no sandbox (containers), no GPU, no background traffic. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts the emulator, the demo on port 0 and a Chromium with a fresh profile. */
export async function startStack(): Promise<Stack> {
  const credentials = { accessKeyId: 'LTAI5tBrowserTests', accessKeySecret: randomBytes(24).toString('base64url') };
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', region: 'cn-hangzhou', buckets: [BUCKET], credentials: [credentials] });
  const backend = {
    mode: 'emulator' as const,
    presigner: createPresigner({ region: 'cn-hangzhou', bucket: BUCKET, credentials, endpoint: emulator.endpoint }),
    publicKeyUrl: emulator.publicKeyUrl,
    description: `the test emulator at ${emulator.endpoint}`,
    close: () => emulator.close(),
  };
  const demo = await startDemo({ port: 0, env: {}, backend, log: () => {} });
  const profile = await mkdtemp(join(tmpdir(), 'oss-presign-chromium-'));
  const files = await mkdtemp(join(tmpdir(), 'oss-presign-files-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 860 },
  });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return {
    demo,
    emulator,
    context,
    files,
    async deleteObject(key) {
      const { url, method } = await backend.presigner.presign({ operation: 'DeleteObject', key });
      const response = await fetch(url, { method });
      if (response.status !== 204) throw new Error(`DeleteObject ${key} answered ${response.status}`);
    },
    async close() {
      await context.close();
      await demo.close();
      await Promise.all([rm(profile, { recursive: true, force: true }), rm(files, { recursive: true, force: true })]);
    },
  };
}

/** Opens the demo page and waits until it shows the server's policy; collects page errors. */
export async function openDemo(stack: Stack): Promise<{ page: Page; errors: string[] }> {
  const page = await stack.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${stack.demo.url}/`);
  await page.getByTestId('policy').getByText(/up to/).waitFor();
  return { page, errors };
}

/** Writes a file of `size` pseudo-random bytes (a real file on disk: stable name, size and mtime, as a resumed pick needs). */
export async function writeRandomFile(stack: Stack, name: string, size: number): Promise<{ path: string; bytes: Buffer }> {
  const bytes = randomBytes(size);
  const path = join(stack.files, name);
  await writeFile(path, bytes);
  return { path, bytes };
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A real PNG (an orange-to-blue gradient), so the thumbnail has something to show. */
export function gradientPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(255 - Math.round((x * 200) / width), 106 + Math.round((y * 80) / height), Math.round((x * 230) / width));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The row of the upload list for file `name`. */
export const rowOf = (page: Page, name: string) => page.locator(`[data-testid="upload-row"][data-name="${name}"]`);

/** Waits until the row of `name` reaches `status` (success, error, aborted). */
export async function waitForRow(page: Page, name: string, status: string, timeout = 60_000): Promise<void> {
  await page.locator(`[data-testid="upload-row"][data-name="${name}"][data-status="${status}"]`).waitFor({ timeout });
}

/** Saves the whole page as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** UploadPart requests the page sends (PUT …?partNumber=N&uploadId=…), as part numbers. */
export function recordPartRequests(page: Page): number[] {
  const parts: number[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() === 'PUT' && url.searchParams.has('uploadId') && url.searchParams.has('partNumber')) parts.push(Number(url.searchParams.get('partNumber')));
  });
  return parts;
}

/** The part numbers OSS accepted (UploadPart answered 200), as the page saw them. */
export function recordStoredParts(page: Page): number[] {
  const parts: number[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (response.request().method() === 'PUT' && url.searchParams.has('uploadId') && response.status() === 200) parts.push(Number(url.searchParams.get('partNumber')));
  });
  return parts;
}

/** Requests from the page to the presign handler other than GET /config. */
export function recordPresignCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/oss/') && pathname !== '/api/oss/config') calls.push(`${request.method()} ${pathname}`);
  });
  return calls;
}
