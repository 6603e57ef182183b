/**
 * Body sources: what the uploader can read, in any runtime. A random-access source (Blob, bytes, a
 * file on disk) hands out independent slices, so parts go in parallel and retry alone. A sequential
 * source (a stream) is read once, in order; the multipart engine buffers one part at a time from it.
 * Node sources (file paths, Readable) live in ./node/ so browser bundles never see them.
 */

import { createCrc64 } from '../integrity/crc64.js';
import { OssUploadError } from './errors.js';
import { streamChunks } from '../shared/stream-chunks.js';
import { sliceInWorker } from './blob-worker.js';

/** Bytes to send in one request. */
export interface BodyPayload {
  readonly size: number;
  /** Data a browser transport can hand to XHR/fetch as-is: a Blob with an empty type, or bytes. */
  readonly data?: Blob | Uint8Array | undefined;
  /** A fresh pass over the bytes. Replayable payloads can be opened once per attempt. */
  open(): AsyncIterable<Uint8Array>;
  /** False for a one-shot stream: its request cannot be retried once bytes have been read. */
  readonly replayable: boolean;
  /**
   * Bytes [start, end) of a file on disk (Node sources): the Node transport reads them itself into
   * a small pool of reused buffers, instead of allocating a fresh buffer per chunk through `open()`.
   */
  readonly file?: { readonly path: string; readonly start: number; readonly end: number } | undefined;
}

interface SourceCommon {
  readonly size: number;
  /** The MIME type the body came with (File.type). Only sent when it was signed. */
  readonly type?: string | undefined;
  readonly name?: string | undefined;
  /** Identifies the content across processes, for resume. Undefined when it cannot be known. */
  fingerprint(): Promise<string | undefined>;
  /** Releases file handles or stream readers. */
  close?(): Promise<void>;
}

/** A body that can be sliced anywhere, any number of times. */
export interface RandomAccessSource extends SourceCommon {
  readonly kind: 'random';
  /**
   * The Blob behind the source (blobSource): a browser transport hands it to XHR or fetch, so its
   * bytes reach JavaScript only if something reads the Blob a second time.
   */
  readonly blob?: Blob | undefined;
  slice(start: number, end: number): BodyPayload;
  /**
   * Makes the next `slice(start, end)` cheap, ahead of it: a browser Blob is sliced in a worker,
   * where Chromium's synchronous slice registration blocks no page. Optional; never fails.
   */
  prepare?(start: number, end: number): Promise<void>;
}

/** A body readable only once, front to back (web ReadableStream, Node Readable). */
export interface SequentialSource extends SourceCommon {
  readonly kind: 'sequential';
  /** The next `length` bytes (fewer only at the very end), copied into one buffer. */
  read(length: number): Promise<Uint8Array>;
  /** Everything not read yet, as a one-shot payload. */
  rest(): BodyPayload;
}

export type BodySource = RandomAccessSource | SequentialSource;

/** What the browser-safe entry accepts as a body. */
export type WebUploadBody = Blob | ArrayBuffer | ArrayBufferView | string | ReadableStream<Uint8Array> | BodySource;

const CHUNK = 1024 * 1024;

async function* chunksOf(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += CHUNK) yield bytes.subarray(offset, offset + CHUNK);
}

async function* blobChunks(blob: Blob): AsyncIterable<Uint8Array> {
  if (blob.size === 0) return;
  yield* streamChunks(blob.stream() as ReadableStream<Uint8Array>);
}

/**
 * A payload over bytes already in memory. `open()` yields 1 MiB views, without copying.
 *
 * @example
 * ```ts
 * const payload = bytesPayload(new Uint8Array([1, 2, 3]));
 * ```
 */
export function bytesPayload(bytes: Uint8Array): BodyPayload {
  return { size: bytes.length, data: bytes, replayable: true, open: () => chunksOf(bytes) };
}

/**
 * A source over bytes in memory.
 *
 * @example
 * ```ts
 * const source = bytesSource(new TextEncoder().encode('hello'));
 * ```
 */
export function bytesSource(bytes: Uint8Array): RandomAccessSource {
  return {
    kind: 'random',
    size: bytes.length,
    slice: (start, end) => bytesPayload(bytes.subarray(start, end)),
    // Content-based, so two tabs holding the same bytes resume the same upload.
    fingerprint: async () => `bytes:${bytes.length}:${createCrc64().update(bytes).digestDecimal()}`,
  };
}

async function sampleCrc(blob: Blob): Promise<string> {
  // Head and tail 64 KiB: enough to tell files of equal size apart without reading gigabytes.
  const sample = 64 * 1024;
  const crc = createCrc64();
  crc.update(new Uint8Array(await blob.slice(0, sample).arrayBuffer()));
  if (blob.size > sample) crc.update(new Uint8Array(await blob.slice(Math.max(sample, blob.size - sample)).arrayBuffer()));
  return crc.digestDecimal();
}

/**
 * A source over a Blob or File. Slices are taken with an empty type, so XHR and fetch add no
 * Content-Type header of their own (the browser trap OSS's "Browser.js" SDK notes warn about).
 *
 * @example
 * ```ts
 * const source = blobSource(input.files[0]);
 * ```
 */
export function blobSource(blob: Blob): RandomAccessSource {
  const file = blob as Partial<File>;
  // Slices taken ahead in a worker, each used once (a retry slices again).
  const ready = new Map<string, Blob>();
  return {
    kind: 'random',
    blob,
    size: blob.size,
    type: blob.type || undefined,
    name: typeof file.name === 'string' ? file.name : undefined,
    slice: (start, end) => {
      const key = `${start}:${end}`;
      // slice() without a content type yields type "" whatever the File's type was.
      const part = ready.get(key) ?? blob.slice(start, end);
      ready.delete(key);
      return { size: end - start, data: part, replayable: true, open: () => blobChunks(part) };
    },
    prepare: async (start, end) => {
      if (!('Worker' in globalThis)) return;
      const part = await sliceInWorker(blob, start, end).catch(() => undefined);
      if (part) ready.set(`${start}:${end}`, part);
    },
    fingerprint: async () =>
      `blob:${file.name ?? ''}:${blob.size}:${file.lastModified ?? ''}:${blob.type}:${await sampleCrc(blob)}`,
  };
}

/**
 * Reads exact-length buffers from an async iterator of chunks, checking that the stream has exactly
 * the declared size: a short or long stream is an error, never a truncated object.
 *
 * @example
 * ```ts
 * const source = sequentialSource(nodeReadable, size, { fingerprint: async () => undefined });
 * ```
 */
export function sequentialSource(
  chunks: AsyncIterable<Uint8Array>,
  size: number,
  extra: { type?: string | undefined; name?: string | undefined; fingerprint?: () => Promise<string | undefined>; close?: () => Promise<void> } = {},
): SequentialSource {
  const iterator = chunks[Symbol.asyncIterator]();
  let pending: Uint8Array | undefined;
  let position = 0;
  let restTaken = false;

  const next = async (): Promise<Uint8Array | undefined> => {
    if (pending) {
      const chunk = pending;
      pending = undefined;
      return chunk;
    }
    for (;;) {
      const { done, value } = await iterator.next();
      if (done) return undefined;
      if (value.length > 0) return value;
    }
  };
  const tooShort = (got: number): OssUploadError =>
    new OssUploadError('INVALID_BODY', `The stream ended after ${got} bytes; the declared size was ${size}`);
  const tooLong = (): OssUploadError =>
    new OssUploadError('INVALID_BODY', `The stream is longer than the declared size of ${size} bytes`);

  return {
    kind: 'sequential',
    size,
    type: extra.type,
    name: extra.name,
    fingerprint: extra.fingerprint ?? (async () => undefined),
    close: extra.close ?? (async () => { await iterator.return?.(); }),
    async read(length) {
      const want = Math.min(length, size - position);
      const buffer = new Uint8Array(want);
      let filled = 0;
      while (filled < want) {
        const chunk = await next();
        if (!chunk) throw tooShort(position + filled);
        const take = Math.min(chunk.length, want - filled);
        buffer.set(take === chunk.length ? chunk : chunk.subarray(0, take), filled);
        filled += take;
        if (take < chunk.length) pending = chunk.subarray(take);
      }
      position += want;
      if (position === size) {
        const extraChunk = await next();
        if (extraChunk) throw tooLong();
      }
      return buffer;
    },
    rest() {
      if (restTaken) throw new OssUploadError('INVALID_BODY', 'A stream body can be sent only once');
      restTaken = true;
      const remaining = size - position;
      return {
        size: remaining,
        replayable: false,
        async *open() {
          let sent = 0;
          for (;;) {
            const chunk = await next();
            if (!chunk) break;
            sent += chunk.length;
            if (sent > remaining) throw tooLong();
            yield chunk;
          }
          if (sent < remaining) throw tooShort(position + sent);
          position = size;
        },
      };
    },
  };
}


function isBodySource(value: unknown): value is BodySource {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return (kind === 'random' || kind === 'sequential') && typeof (value as { size?: unknown }).size === 'number';
}

/**
 * Turns anything the browser-safe entry accepts into a {@link BodySource}. A string is sent as
 * UTF-8 bytes (never as text/plain). A ReadableStream needs `size`: OSS needs a Content-Length,
 * and the stream is never read whole into memory.
 *
 * @example
 * ```ts
 * const source = toWebBodySource('hello'); // 5 bytes
 * const streamed = toWebBodySource(response.body!, Number(response.headers.get('content-length')));
 * ```
 */
export function toWebBodySource(body: WebUploadBody, size?: number): BodySource {
  if (isBodySource(body)) return body;
  if (typeof body === 'string') return bytesSource(new TextEncoder().encode(body));
  if (typeof Blob !== 'undefined' && body instanceof Blob) return blobSource(body);
  if (body instanceof ArrayBuffer) return bytesSource(new Uint8Array(body));
  if (ArrayBuffer.isView(body)) return bytesSource(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) {
    if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
      throw new OssUploadError('INVALID_BODY', 'A ReadableStream body needs `size`: OSS needs a Content-Length');
    }
    return sequentialSource(streamChunks(body), size);
  }
  throw new OssUploadError('INVALID_BODY', 'Unsupported body: pass a Blob/File, ArrayBuffer, typed array, string or ReadableStream');
}
