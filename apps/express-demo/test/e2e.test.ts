// Browser end to end: Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) drives the demo page,
// which uploads through the browser uploader straight to the embedded emulator.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../src/demo.js';

describe('upload page in Chromium', () => {
  let demo: RunningDemo;
  let profile: string;
  let context: BrowserContext;

  beforeAll(async () => {
    demo = await startDemo({ port: 0, env: {}, log: () => {} });
    profile = await mkdtemp(join(tmpdir(), 'oss-presign-e2e-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await context?.close();
    await demo?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('uploads a picked file and the object lands in the emulator', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${demo.url}/`);
    const content = Buffer.from('hello from chromium\n'.repeat(100));
    await page.setInputFiles('#file', { name: 'from browser.txt', mimeType: 'text/plain', buffer: content });
    await page.click('#upload');
    await page.getByText(/^Uploaded uploads\//).waitFor({ timeout: 30_000 });
    expect(await page.textContent('#status')).toMatch(/^Uploaded uploads\/\d{4}\/\d{2}\/[0-9a-f]{16}-from-browser\.txt \(put, CRC-64 verified\)\.$/);
    const files = (await (await fetch(`${demo.url}/api/files`)).json()) as { objects: { key: string; size: number }[]; verifiedCallbacks: { key: string }[] };
    const landed = files.objects.find((object) => object.key.endsWith('-from-browser.txt'));
    expect(landed?.size).toBe(content.length);
    expect(files.verifiedCallbacks.map((upload) => upload.key)).toContain(landed?.key);
    await page.getByText(`${landed?.key} (${content.length} bytes)`).waitFor();
    expect(errors).toEqual([]);
  });
});
