import { describe, expect, it } from 'vitest';
import { blobSource, bytesSource, sequentialSource, toWebBodySource } from '../../src/upload/body.js';
import { patternBytes } from './fake-transport.js';

async function drain(iterable: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncIterable<Uint8Array> {
  let offset = 0;
  for (const size of sizes) {
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
  if (offset < bytes.length) yield bytes.subarray(offset);
}

describe('sequentialSource', () => {
  it('reads exact-length parts across chunk boundaries', async () => {
    const bytes = patternBytes(1000);
    const source = sequentialSource(chunked(bytes, [7, 300, 1, 0, 450]), 1000);
    const first = await source.read(400);
    const second = await source.read(400);
    const third = await source.read(400);
    expect([first.length, second.length, third.length]).toEqual([400, 400, 200]);
    expect(Buffer.concat([first, second, third]).equals(Buffer.from(bytes))).toBe(true);
  });

  it('fails on a stream shorter or longer than declared', async () => {
    await expect(sequentialSource(chunked(patternBytes(10), []), 11).read(11)).rejects.toMatchObject({ code: 'INVALID_BODY' });
    await expect(sequentialSource(chunked(patternBytes(12), []), 11).read(11)).rejects.toThrow(/longer/);
    await expect(drain(sequentialSource(chunked(patternBytes(12), [5]), 11).rest().open())).rejects.toThrow(/longer/);
    await expect(drain(sequentialSource(chunked(patternBytes(5), []), 11).rest().open())).rejects.toThrow(/ended after 5/);
  });

  it('hands out the rest once, unbuffered', async () => {
    const bytes = patternBytes(100);
    const source = sequentialSource(chunked(bytes, [10, 10]), 100);
    await source.read(30);
    const rest = source.rest();
    expect(rest).toMatchObject({ size: 70, replayable: false });
    expect(Buffer.from(await drain(rest.open())).equals(Buffer.from(bytes.subarray(30)))).toBe(true);
    expect(() => source.rest()).toThrow(/only once/);
  });
});

describe('web sources', () => {
  it('slices a typed File into type-less Blobs (no browser-added Content-Type)', async () => {
    const file = new File([patternBytes(500)], 'photo.png', { type: 'image/png', lastModified: 5 });
    const source = blobSource(file);
    expect(source).toMatchObject({ size: 500, type: 'image/png', name: 'photo.png' });
    const payload = source.slice(100, 300);
    expect((payload.data as Blob).type).toBe('');
    expect((payload.data as Blob).size).toBe(200);
    expect(Buffer.from(await drain(payload.open())).equals(Buffer.from(patternBytes(500).subarray(100, 300)))).toBe(true);
    expect(await source.fingerprint()).toMatch(/^blob:photo\.png:500:5:image\/png:\d+$/);
  });

  it('sends strings as UTF-8 bytes and views without copying', async () => {
    const text = toWebBodySource('héllo');
    expect(text.size).toBe(6);
    const backing = patternBytes(100);
    const view = toWebBodySource(new DataView(backing.buffer, 10, 20));
    expect(view.kind === 'random' && Buffer.from(await drain(view.slice(0, 20).open())).equals(Buffer.from(backing.subarray(10, 30)))).toBe(true);
  });

  it('fingerprints bytes by content', async () => {
    expect(await bytesSource(patternBytes(64, 1)).fingerprint()).not.toBe(await bytesSource(patternBytes(64, 2)).fingerprint());
    expect(await bytesSource(patternBytes(64, 1)).fingerprint()).toBe(await bytesSource(patternBytes(64, 1)).fingerprint());
  });

  it('needs a size for a ReadableStream and rejects unknown bodies', () => {
    const stream = new ReadableStream<Uint8Array>();
    expect(() => toWebBodySource(stream)).toThrow(/size/);
    expect(toWebBodySource(stream, 0).kind).toBe('sequential');
    expect(() => toWebBodySource(42 as never)).toThrow(/Unsupported body/);
  });
});
