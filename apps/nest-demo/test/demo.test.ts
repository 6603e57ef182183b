import { createPresignClient, uploadMultipart, uploadObject } from '@oss-presign/core/upload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../src/demo.js';

describe('nest demo, embedded emulator', () => {
  let demo: RunningDemo;
  const logs: string[] = [];

  beforeAll(async () => {
    demo = await startDemo({ port: 0, env: {}, log: (line) => logs.push(line) });
  });
  afterAll(() => demo.close());

  it('says in its log that it runs on the emulator, and prints its URL', () => {
    expect(demo.mode).toBe('emulator');
    expect(logs.join('\n')).toMatch(/embedded OSS emulator at http:\/\/127\.0\.0\.1:\d+ \(no OSS_\* credentials set\)/);
    expect(logs).toContain(`Nest demo: open ${demo.url}/`);
  });

  it('serves the upload page and its bundled script', async () => {
    const page = await (await fetch(`${demo.url}/`)).text();
    expect(page).toContain('<input id="file" type="file" />');
    const script = await fetch(`${demo.url}/assets/upload.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('/api/oss');
  });

  it('takes an upload through the adapter, verifies its callback and lists it', async () => {
    const api = createPresignClient({ endpoint: `${demo.url}/api/oss` });
    const result = await uploadObject({ target: api.target({ fileName: 'hello.txt', contentType: 'text/plain' }), body: new TextEncoder().encode('hello, oss') });
    const { key } = JSON.parse(result.body) as { key: string };
    expect(key).toMatch(/^uploads\/\d{4}\/\d{2}\/[0-9a-f]{16}-hello\.txt$/);
    const files = (await (await fetch(`${demo.url}/api/files`)).json()) as { objects: { key: string; size: number }[]; verifiedCallbacks: { key: string }[] };
    expect(files.objects).toContainEqual(expect.objectContaining({ key, size: 10 }));
    expect(files.verifiedCallbacks.map((upload) => upload.key)).toContain(key);
  });

  it('takes a multipart upload', async () => {
    const api = createPresignClient({ endpoint: `${demo.url}/api/oss` });
    const body = new Uint8Array(300 * 1024).fill(7);
    const result = await uploadMultipart({ body, partSize: 100 * 1024, ...api });
    const files = (await (await fetch(`${demo.url}/api/files`)).json()) as { objects: { key: string; size: number }[] };
    expect(files.objects).toContainEqual(expect.objectContaining({ key: result.key, size: 300 * 1024 }));
  });

  it('answers a callback without a valid OSS signature with 403, and records nothing', async () => {
    const before = ((await (await fetch(`${demo.url}/api/files`)).json()) as { verifiedCallbacks: unknown[] }).verifiedCallbacks.length;
    const response = await fetch(`${demo.url}/oss/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"object":"uploads/forged.txt"}' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'CALLBACK_SIGNATURE_INVALID' } });
    const after = ((await (await fetch(`${demo.url}/api/files`)).json()) as { verifiedCallbacks: unknown[] }).verifiedCallbacks.length;
    expect(after).toBe(before);
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

describe('nest demo, configuration', () => {
  it('refuses a half-set OSS_* configuration instead of silently using the emulator', async () => {
    await expect(startDemo({ port: 0, env: { OSS_ACCESS_KEY_ID: 'x' }, log: () => {} })).rejects.toThrow(/missing: OSS_ACCESS_KEY_SECRET, OSS_REGION, OSS_BUCKET/);
  });
});
