// The React demo (apps/react-demo, served by this Express demo) in a real Chromium, uploading
// straight to the OSS emulator. Every wait is on page state or on the emulator, never on time.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BUCKET,
  type Stack,
  gradientPng,
  openDemo,
  recordPartRequests,
  recordStoredParts,
  recordPresignCalls,
  rowOf,
  screenshot,
  startStack,
  waitForRow,
  writeRandomFile,
} from './stack.js';

const MiB = 1024 * 1024;
/** expect.poll on the emulator: the shared machine can be slow, so a generous bound (polling every 50 ms, not sleeping). */
const POLL = { timeout: 30_000, interval: 50 };

describe('React demo in Chromium', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterEach(() => stack.emulator.setFaults([]));
  afterAll(() => stack?.close());

  const objectNamed = async (name: string) => (await stack.emulator.listObjects(BUCKET)).find((object) => object.key.endsWith(`-${name}`));

  it('uploads a small image and shows its thumbnail, size, link and callback', async () => {
    const { page, errors } = await openDemo(stack);
    const png = gradientPng(96, 64);
    await page.getByTestId('file-input').setInputFiles({ name: 'sunset.png', mimeType: 'image/png', buffer: png });
    await waitForRow(page, 'sunset.png', 'success');

    const item = page.locator('[data-testid="object"]').filter({ hasText: 'sunset.png' });
    await item.locator('[data-testid="thumbnail"]').waitFor();
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('[data-testid="object"] img[data-testid="thumbnail"]');
      return image?.complete === true && image.naturalWidth === 96;
    });
    // 16966 bytes, shown in KB as file managers do.
    expect(await item.textContent()).toContain(`${(png.length / 1024).toFixed(1)} KB`);
    expect(await item.getByTestId('callback').textContent()).toBe('Callback ✓');
    // The link is a presigned GET that answers with the very bytes.
    const href = await item.locator('a').getAttribute('href');
    expect(href).toMatch(/x-oss-signature=/i);
    expect(Buffer.from(await (await fetch(href as string)).arrayBuffer()).equals(png)).toBe(true);
    expect((await objectNamed('sunset.png'))?.size).toBe(png.length);
    expect(errors).toEqual([]);
    await screenshot(page, 'small-image');
    await page.close();
  });

  it('sends a 20 MiB file in parts, with progress rising', async () => {
    const { page, errors } = await openDemo(stack);
    const parts = recordPartRequests(page);
    const file = await writeRandomFile(stack, 'video-raw.bin', 20 * MiB);
    // Every percent the bar shows, in order.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { seenPercents: number[] }).seenPercents = seen;
      new MutationObserver(() => {
        const value = document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow');
        if (value != null && Number(value) !== seen.at(-1)) seen.push(Number(value));
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    await page.getByTestId('file-input').setInputFiles(file.path);
    await waitForRow(page, 'video-raw.bin', 'success');

    const seen = await page.evaluate(() => (window as unknown as { seenPercents: number[] }).seenPercents);
    const between = seen.filter((percent) => percent > 0 && percent < 100);
    expect(between.length).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(100);
    expect(await rowOf(page, 'video-raw.bin').getByTestId('row-status').textContent()).toBe('Uploaded in 3 parts');
    expect([...parts].sort()).toEqual([1, 2, 3]);
    const stored = await objectNamed('video-raw.bin');
    expect(stored).toMatchObject({ size: 20 * MiB, objectType: 'Multipart' });
    expect((await stack.emulator.getObjectBytes(BUCKET, stored?.key as string))?.equals(file.bytes)).toBe(true);
    expect(errors).toEqual([]);
    await screenshot(page, 'multipart-20mib');
    await page.close();
  });

  it('uploads three files at once, and lays them out at 390 px', async () => {
    const { page, errors } = await openDemo(stack);
    const [notes, logo, data] = await Promise.all([
      writeRandomFile(stack, 'meeting-notes.txt', 3 * 1024),
      Promise.resolve({ name: 'logo.png', mimeType: 'image/png', buffer: gradientPng(48, 48) }),
      writeRandomFile(stack, 'dataset.bin', 5 * MiB),
    ]);
    await page.getByTestId('file-input').setInputFiles([notes.path, data.path]);
    await page.getByTestId('file-input').setInputFiles(logo);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="upload-row"]').length === 3);
    await Promise.all(['meeting-notes.txt', 'logo.png', 'dataset.bin'].map((name) => waitForRow(page, name, 'success')));
    for (const name of ['meeting-notes.txt', 'logo.png', 'dataset.bin']) {
      await page.locator('[data-testid="object"]').filter({ hasText: name }).waitFor();
    }
    expect(await page.locator('[data-testid="object"]').filter({ hasText: 'dataset.bin' }).textContent()).toContain('5 MB');
    expect(await page.locator('.queue-summary').textContent()).toBe('3 of 3 uploaded');
    expect(errors).toEqual([]);
    await screenshot(page, 'three-files-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    // At 390 px nothing may stick out sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'three-files-390px');
    await page.close();
  });

  it('cancels a multipart upload in the middle: the page says so and nothing is left on OSS', async () => {
    // One part goes through; the others are held by the emulator until the cancel.
    stack.emulator.setFaults([
      { operation: 'UploadPart', first: 1, delayMs: 1 },
      { operation: 'UploadPart', delayMs: 30_000 },
    ]);
    const { page, errors } = await openDemo(stack);
    const file = await writeRandomFile(stack, 'to-cancel.bin', 20 * MiB);
    await page.getByTestId('file-input').setInputFiles(file.path);
    await expect.poll(async () => (await stack.emulator.listMultipartUploads(BUCKET)).find((upload) => upload.key.endsWith('-to-cancel.bin'))?.parts, POLL).toBe(1);
    // Mid-upload the row shows percent, speed and time left.
    await rowOf(page, 'to-cancel.bin').getByTestId('row-status').getByText(/^\d+% · [\d.]+ (KB|MB|GB)\/s · .+ left$/).waitFor();
    await screenshot(page, 'uploading');
    await rowOf(page, 'to-cancel.bin').getByRole('button', { name: 'Cancel to-cancel.bin' }).click();

    await waitForRow(page, 'to-cancel.bin', 'aborted');
    expect(await rowOf(page, 'to-cancel.bin').getByTestId('row-status').textContent()).toBe('Cancelled. Nothing was kept.');
    // AbortMultipartUpload runs after the page says so: wait for it on the emulator itself.
    await expect.poll(() => stack.emulator.listMultipartUploads(BUCKET), POLL).toEqual([]);
    expect(await objectNamed('to-cancel.bin')).toBeUndefined();
    expect(errors).toEqual([]);
    await screenshot(page, 'cancelled');
    await page.close();
  });

  it('refuses a type the policy forbids before any presign, with a clear message', async () => {
    const { page, errors } = await openDemo(stack);
    const presignCalls = recordPresignCalls(page);
    await page.getByTestId('file-input').setInputFiles({ name: 'holiday.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(2048, 1) });
    await waitForRow(page, 'holiday.mp4', 'error');

    const row = rowOf(page, 'holiday.mp4');
    expect(await row.getByRole('alert').locator('p').textContent()).toBe(
      "This kind of file can't be uploaded here. Allowed: images, text files, PDF and binary files.",
    );
    // The technical detail is one click away.
    expect(await row.locator('details pre').isVisible()).toBe(false);
    await row.getByText('Technical details').click();
    expect(await row.locator('details pre').textContent()).toContain('code: CONTENT_TYPE_NOT_ALLOWED');
    expect(await row.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    expect(presignCalls).toEqual([]);
    expect(await objectNamed('holiday.mp4')).toBeUndefined();
    expect(errors).toEqual([]);
    await screenshot(page, 'forbidden-type');
    await page.close();
  });

  it('says "sign in" when the presign endpoint refuses with 401, and shows PRESIGN_FAILED as the detail', async () => {
    const { page, errors } = await openDemo(stack);
    // The demo server signs for everyone; here it plays an app whose session has expired.
    await page.route('**/api/oss/upload', (route) =>
      route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'Sign in to upload' } }) }),
    );
    await page.getByTestId('file-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await waitForRow(page, 'notes.txt', 'error');

    const row = rowOf(page, 'notes.txt');
    expect(await row.getByRole('alert').locator('p').textContent()).toBe('Sign in to upload files, then try again.');
    await row.getByText('Technical details').click();
    const detail = await row.locator('details pre').textContent();
    expect(detail).toContain('code: PRESIGN_FAILED');
    expect(detail).toContain('HTTP status: 401');
    expect(detail).toContain('The presign endpoint answered 401 UNAUTHORIZED: Sign in to upload');
    expect(detail).not.toMatch(/callback/i);
    // Signed in again (the route lifted), Retry uploads it.
    await page.unroute('**/api/oss/upload');
    await row.getByRole('button', { name: /Retry/ }).click();
    await waitForRow(page, 'notes.txt', 'success');
    expect(await objectNamed('notes.txt')).toBeDefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('completes the upload when the emulator drops connections in the middle of parts', async () => {
    // Two resets: Chromium itself silently retries a request whose reused connection drops, so a
    // single reset may never reach the uploader; the second one does.
    stack.emulator.setFaults([{ operation: 'UploadPart', reset: true, first: 2 }]);
    const before = stack.emulator.faultStats().total;
    const { page, errors } = await openDemo(stack);
    const parts = recordPartRequests(page);
    const file = await writeRandomFile(stack, 'flaky-network.bin', 20 * MiB);
    await page.getByTestId('file-input').setInputFiles(file.path);
    await waitForRow(page, 'flaky-network.bin', 'success');

    expect(stack.emulator.faultStats().total - before).toBe(2);
    expect(new Set(parts)).toEqual(new Set([1, 2, 3]));
    const stored = await objectNamed('flaky-network.bin');
    expect((await stack.emulator.getObjectBytes(BUCKET, stored?.key as string))?.equals(file.bytes)).toBe(true);
    expect(errors).toEqual([]);
    await screenshot(page, 'network-failure-recovered');
    await page.close();
  });

  it('resumes after a reload: picking the same file again sends only the part OSS lacks', async () => {
    // Two parts go through; the third is held until the page goes away.
    stack.emulator.setFaults([
      { operation: 'UploadPart', first: 2, delayMs: 1 },
      { operation: 'UploadPart', delayMs: 30_000 },
    ]);
    const { page, errors } = await openDemo(stack);
    const file = await writeRandomFile(stack, 'resume-me.bin', 20 * MiB);
    // Which two parts get through is a race between the parallel part requests: record them.
    const storedParts = recordStoredParts(page);
    await page.getByTestId('file-input').setInputFiles(file.path);
    const inProgress = async () => (await stack.emulator.listMultipartUploads(BUCKET)).find((upload) => upload.key.endsWith('-resume-me.bin'));
    await expect.poll(async () => (await inProgress())?.parts, POLL).toBe(2);
    await expect.poll(() => storedParts.length, POLL).toBe(2);
    const missing = [1, 2, 3].filter((partNumber) => !storedParts.includes(partNumber));

    await page.reload();
    stack.emulator.setFaults([]);
    await page.getByTestId('policy').getByText(/up to/).waitFor();
    const parts = recordPartRequests(page);
    await page.getByTestId('file-input').setInputFiles(file.path);
    await waitForRow(page, 'resume-me.bin', 'success');

    expect(parts).toEqual(missing);
    expect(await rowOf(page, 'resume-me.bin').getByTestId('row-status').textContent()).toBe('Uploaded in 3 parts (2 resumed)');
    const stored = await objectNamed('resume-me.bin');
    expect((await stack.emulator.getObjectBytes(BUCKET, stored?.key as string))?.equals(file.bytes)).toBe(true);
    expect(await stack.emulator.listMultipartUploads(BUCKET)).toEqual([]);
    expect(errors).toEqual([]);
    await screenshot(page, 'resumed-after-reload');
    await page.close();
  });

  it('shows a failure in a person\'s words once the retries run out, and Retry completes it', async () => {
    // OSS answers every PutObject with 503 (SlowDown-like): the uploader retries, then gives up.
    stack.emulator.setFaults([{ operation: 'PutObject', status: 503 }]);
    const refusedBefore = stack.emulator.faultStats().byOperation.PutObject ?? 0;
    const { page, errors } = await openDemo(stack);
    const file = await writeRandomFile(stack, 'quarterly-report.pdf', 200 * 1024);
    await page.getByTestId('file-input').setInputFiles({ name: 'quarterly-report.pdf', mimeType: 'application/pdf', buffer: file.bytes });
    await waitForRow(page, 'quarterly-report.pdf', 'error');

    const row = rowOf(page, 'quarterly-report.pdf');
    expect(await row.getByRole('alert').locator('p').textContent()).toBe('The storage service is busy. Try again in a moment.');
    // The uploader's code stays one click away, not in the sentence.
    expect(await row.locator('details pre').isVisible()).toBe(false);
    await row.getByText('Technical details').click();
    expect(await row.locator('details pre').textContent()).toContain('HTTP status: 503');
    // The first attempt and the uploader's five retries (its default), each refused.
    expect((stack.emulator.faultStats().byOperation.PutObject ?? 0) - refusedBefore).toBe(6);
    expect(await objectNamed('quarterly-report.pdf')).toBeUndefined();

    stack.emulator.setFaults([]);
    await row.getByRole('button', { name: 'Retry quarterly-report.pdf' }).click();
    await waitForRow(page, 'quarterly-report.pdf', 'success');
    const stored = await objectNamed('quarterly-report.pdf');
    expect((await stack.emulator.getObjectBytes(BUCKET, stored?.key as string))?.equals(file.bytes)).toBe(true);
    await page.locator('[data-testid="object"]').filter({ hasText: 'quarterly-report.pdf' }).waitFor();
    expect(errors).toEqual([]);
    await screenshot(page, 'failed-then-retried');
    await page.close();
  });

  it('uploads files dropped on the drop zone, laid out at 390 px', async () => {
    const { page, errors } = await openDemo(stack);
    await page.setViewportSize({ width: 390, height: 844 });
    const png = gradientPng(64, 40);
    // What a drag from the desktop delivers: a drop event whose DataTransfer holds the files.
    await page.evaluate(
      ({ image, text }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(image)], 'dropped-photo.png', { type: 'image/png' }));
        transfer.items.add(new File([text], 'dropped-notes.txt', { type: 'text/plain' }));
        const zone = document.querySelector('.dropzone') as HTMLElement;
        for (const type of ['dragenter', 'dragover', 'drop']) {
          zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }
      },
      { image: [...png], text: 'dropped, not picked\n' },
    );
    await Promise.all(['dropped-photo.png', 'dropped-notes.txt'].map((name) => waitForRow(page, name, 'success')));
    expect((await objectNamed('dropped-photo.png'))?.size).toBe(png.length);
    expect((await objectNamed('dropped-notes.txt'))?.size).toBe('dropped, not picked\n'.length);
    await page.locator('[data-testid="object"]').filter({ hasText: 'dropped-photo.png' }).locator('[data-testid="thumbnail"]').waitFor();
    // The drop zone is no longer highlighted once the files are dropped.
    expect(await page.locator('.dropzone.dragging').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await screenshot(page, 'dropped-files-390px');
    await page.close();
  });
});
