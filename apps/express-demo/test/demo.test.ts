import { createPresignClient, uploadMultipart, uploadObject } from '@oss-presign/core/upload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../src/demo.js';

describe('express demo, embedded emulator', () => {
  let demo: RunningDemo;
  const logs: string[] = [];

  beforeAll(async () => {
    demo = await startDemo({ port: 0, env: {}, log: (line) => logs.push(line) });
  });
  afterAll(() => demo.close());

  it('says in its log that it runs on the emulator, and prints its URL', () => {
    expect(demo.mode).toBe('emulator');
    expect(logs.join('\n')).toMatch(/embedded OSS emulator at http:\/\/127\.0\.0\.1:\d+ \(no OSS_\* credentials set\)/);
    expect(logs).toContain(`Express demo: open ${demo.url}/`);
  });

  it('serves the built React demo and its assets', async () => {
    const page = await (await fetch(`${demo.url}/`)).text();
    expect(page).toContain('<div id="root"></div>');
    const src = /<script type="module" crossorigin src="([^"]+)"/.exec(page)?.[1];
    expect(src).toMatch(/^\/assets\/[\w-]+\.js$/);
    const script = await fetch(`${demo.url}${src}`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('Drop files here');
  });

  it('serves the upload policy the page shows', async () => {
    const policy = (await (await fetch(`${demo.url}/api/oss/config`)).json()) as Record<string, unknown>;
    expect(policy).toMatchObject({ allowedContentTypes: ['image/*', 'text/*', 'application/pdf', 'application/octet-stream'], maxSize: 200 * 1024 * 1024 });
  });

  it('takes an upload through the adapter, verifies its callback and lists it', async () => {
    const api = createPresignClient({ endpoint: `${demo.url}/api/oss` });
    const result = await uploadObject({ target: api.target({ fileName: 'hello.txt', contentType: 'text/plain' }), body: new TextEncoder().encode('hello, oss') });
    const { key } = JSON.parse(result.body) as { key: string };
    expect(key).toMatch(/^uploads\/\d{4}\/\d{2}\/[0-9a-f]{16}-hello\.txt$/);
    const files = (await (await fetch(`${demo.url}/api/files`)).json()) as {
      objects: { key: string; size: number; url: string; callback: boolean }[];
      verifiedCallbacks: { key: string }[];
    };
    const listed = files.objects.find((object) => object.key === key);
    expect(listed).toMatchObject({ size: 10, callback: true });
    expect(files.verifiedCallbacks.map((upload) => upload.key)).toContain(key);
    // Its link is a presigned GetObject URL that answers with the bytes.
    const download = await fetch(listed?.url as string);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('hello, oss');
  });

  it('takes a multipart upload', async () => {
    const api = createPresignClient({ endpoint: `${demo.url}/api/oss` });
    const body = new Uint8Array(300 * 1024).fill(7);
    const result = await uploadMultipart({ body, partSize: 100 * 1024, ...api });
    const files = (await (await fetch(`${demo.url}/api/files`)).json()) as { objects: { key: string; size: number }[] };
    expect(files.objects).toContainEqual(expect.objectContaining({ key: result.key, size: 300 * 1024 }));
  });

  it('refuses a content type outside the demo policy with the JSON error shape', async () => {
    const response = await fetch(`${demo.url}/api/oss/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileName: 'x.exe', contentType: 'application/x-msdownload', size: 10 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'CONTENT_TYPE_NOT_ALLOWED' } });
  });
});

describe('express demo, configuration', () => {
  it('refuses a half-set OSS_* configuration instead of silently using the emulator', async () => {
    await expect(startDemo({ port: 0, env: { OSS_ACCESS_KEY_ID: 'x' }, log: () => {} })).rejects.toThrow(/missing: OSS_ACCESS_KEY_SECRET, OSS_REGION, OSS_BUCKET/);
  });
});
