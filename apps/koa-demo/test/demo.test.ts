import { createPresignClient, uploadMultipart, uploadObject } from '@oss-presign/core/upload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../src/demo.js';

describe('koa demo, embedded emulator', () => {
  let demo: RunningDemo;
  const logs: string[] = [];

  beforeAll(async () => {
    demo = await startDemo({ port: 0, env: {}, log: (line) => logs.push(line) });
  });
  afterAll(() => demo.close());

  it('says in its log that it runs on the emulator', () => {
    expect(demo.mode).toBe('emulator');
    expect(logs.join('\n')).toMatch(/embedded OSS emulator at http:\/\/127\.0\.0\.1:\d+ \(no OSS_\* credentials set\)/);
  });

  it('takes single and multipart uploads, verifies their callbacks and lists them', async () => {
    const api = createPresignClient({ endpoint: `${demo.url}/api/oss` });
    const single = await uploadObject({ target: api.target({ fileName: 'a.txt', contentType: 'text/plain' }), body: new TextEncoder().encode('koa') });
    const { key } = JSON.parse(single.body) as { key: string };
    const multi = await uploadMultipart({ body: new Uint8Array(250 * 1024).fill(1), partSize: 100 * 1024, ...api });
    const files = (await (await fetch(`${demo.url}/api/files`)).json()) as { objects: { key: string; size: number }[]; verifiedCallbacks: { key: string }[] };
    expect(files.objects).toEqual(expect.arrayContaining([expect.objectContaining({ key, size: 3 }), expect.objectContaining({ key: multi.key, size: 250 * 1024 })]));
    expect(files.verifiedCallbacks.map((upload) => upload.key)).toEqual(expect.arrayContaining([key, multi.key]));
  });

  it('answers / with a small JSON index that says the demo is API-only', async () => {
    const response = await fetch(`${demo.url}/`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: 'koa-demo', apiOnly: true, routes: expect.arrayContaining(['POST /api/oss/upload', 'GET /api/files']) });
  });

  it('answers unknown paths with Koa 404', async () => {
    expect((await fetch(`${demo.url}/nothing`)).status).toBe(404);
  });
});
