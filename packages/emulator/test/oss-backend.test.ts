import { describe, expect, it } from 'vitest';
import { startOssBackend } from '../src/oss-backend.js';

describe('startOssBackend (the sample apps\' embedded default)', () => {
  it('starts an in-process emulator when no OSS_* variable is set, and uploads work against it', async () => {
    const backend = await startOssBackend({ env: {} });
    try {
      expect(backend.mode).toBe('emulator');
      expect(backend.description).toMatch(/embedded OSS emulator at http:\/\/127\.0\.0\.1:\d+/);
      const put = await backend.presigner.presign({ operation: 'PutObject', key: 'hello.txt' });
      const response = await fetch(put.url, { method: 'PUT', body: new TextEncoder().encode('hi') });
      expect(response.status).toBe(200);
      expect(backend.publicKeyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    } finally {
      await backend.close();
    }
  });

  it('uses real OSS when every OSS_* variable is set', async () => {
    const backend = await startOssBackend({
      env: { OSS_ACCESS_KEY_ID: 'id', OSS_ACCESS_KEY_SECRET: 'secret', OSS_REGION: 'cn-shanghai', OSS_BUCKET: 'my-bucket' },
    });
    expect(backend.mode).toBe('oss');
    expect(backend.publicKeyUrl).toBeUndefined();
    const put = await backend.presigner.presign({ operation: 'PutObject', key: 'a.txt' });
    expect(new URL(put.url).host).toBe('my-bucket.oss-cn-shanghai.aliyuncs.com');
    await backend.close();
  });

  it('refuses half a configuration and names what is missing', async () => {
    await expect(startOssBackend({ env: { OSS_ACCESS_KEY_ID: 'id', OSS_BUCKET: 'b' } })).rejects.toThrow(
      /missing: OSS_ACCESS_KEY_SECRET, OSS_REGION/,
    );
  });
});
