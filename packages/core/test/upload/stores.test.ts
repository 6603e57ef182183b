import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonFileStore } from '../../src/upload/node/json-file-store.js';
import { type ResumeState, type ResumeStore, createLocalStorageStore, createMemoryStore, isResumeState } from '../../src/upload/resume-store.js';

const state = (parts: number): ResumeState => ({
  version: 1,
  uploadId: 'U1',
  key: 'k',
  fingerprint: 'fp',
  size: 300,
  partSize: 100,
  parts: Array.from({ length: parts }, (_, index) => ({ partNumber: index + 1, etag: `"E${index}"`, size: 100, crc64: String(index) })),
  createdAt: 1,
  updatedAt: 2,
});

function fakeStorage() {
  const map = new Map<string, string>();
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oss-presign-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const stores: [string, () => ResumeStore][] = [
  ['memory', () => createMemoryStore()],
  ['localStorage', () => createLocalStorageStore({ storage: fakeStorage() })],
  ['JSON file', () => createJsonFileStore(join(dir, `${Math.random()}.json`))],
];

describe.each(stores)('%s store', (_name, make) => {
  it('saves, reads back a copy, and deletes', async () => {
    const store = make();
    expect(await store.get('a')).toBeUndefined();
    await store.set('a', state(2));
    expect(await store.get('a')).toEqual(state(2));
    await store.set('a', state(3));
    expect((await store.get('a'))?.parts).toHaveLength(3);
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
  });

  it('keeps entries apart', async () => {
    const store = make();
    await Promise.all([store.set('a', state(1)), store.set('b', state(2))]);
    expect((await store.get('a'))?.parts).toHaveLength(1);
    expect((await store.get('b'))?.parts).toHaveLength(2);
  });
});

describe('JSON file store', () => {
  it('survives a new instance (another process) and loses no concurrent write', async () => {
    const path = join(dir, 'shared.json');
    const writer = createJsonFileStore(path);
    await Promise.all(Array.from({ length: 20 }, (_, index) => writer.set(`id${index}`, state(index % 4))));
    const reader = createJsonFileStore(path);
    for (let index = 0; index < 20; index++) expect((await reader.get(`id${index}`))?.parts).toHaveLength(index % 4);
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(1);
  });

  it('reads a corrupt file as empty and replaces it on write', async () => {
    const path = join(dir, 'corrupt.json');
    await writeFile(path, '{not json');
    const store = createJsonFileStore(path);
    expect(await store.get('x')).toBeUndefined();
    await store.set('x', state(1));
    expect(await createJsonFileStore(path).get('x')).toEqual(state(1));
  });
});

describe('localStorage store', () => {
  it('uses the prefix and ignores entries that are not resume state', async () => {
    const storage = fakeStorage();
    const store = createLocalStorageStore({ storage, prefix: 'p:' });
    await store.set('a', state(1));
    expect([...storage.map.keys()]).toEqual(['p:a']);
    storage.setItem('p:b', '{"version":2}');
    storage.setItem('p:c', 'not json');
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('c')).toBeUndefined();
  });
});

describe('isResumeState', () => {
  it('accepts the saved shape and rejects broken ones', () => {
    expect(isResumeState(state(1))).toBe(true);
    expect(isResumeState({ ...state(1), version: 2 })).toBe(false);
    expect(isResumeState({ ...state(1), parts: [{ partNumber: 'x' }] })).toBe(false);
    expect(isResumeState(null)).toBe(false);
  });
});
