/**
 * Node body sources: a file on disk (read in ranges, never whole, so parts go in parallel and
 * retry alone) and a Node Readable (read once, with a declared length).
 */

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type BodySource, type RandomAccessSource, type SequentialSource, type WebUploadBody, sequentialSource, toWebBodySource } from '../body.js';
import { OssUploadError } from '../errors.js';
import { describeWebBody } from '../store/describe.js';

/** A file on disk, by path. (A bare string body is refused in this entry: it is too often a path.) */
export interface FilePathBody {
  readonly path: string;
  /** MIME type to report to initiate / the target function (never sent unless signed). */
  readonly type?: string | undefined;
}

/** What the Node entry accepts as a body: everything the browser entry does, plus files and Readables. */
export type NodeUploadBody = Exclude<WebUploadBody, string> | FilePathBody | URL | Readable;

const READ_CHUNK = 1024 * 1024;

/**
 * A source over a file. Each slice opens its own read stream over its byte range.
 *
 * @example
 * ```ts
 * const source = await fileSource('/data/big.bin');
 * source.size; // bytes on disk
 * ```
 */
export async function fileSource(path: string, options: { type?: string | undefined } = {}): Promise<RandomAccessSource> {
  const absolute = resolve(path);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(absolute);
  } catch (error) {
    throw new OssUploadError('INVALID_BODY', `Cannot read ${absolute}: ${(error as Error).message}`, { cause: error });
  }
  if (!info.isFile()) throw new OssUploadError('INVALID_BODY', `${absolute} is not a file`);
  const size = Number(info.size);
  return {
    kind: 'random',
    size,
    type: options.type,
    name: basename(absolute),
    slice(start, end) {
      return {
        size: end - start,
        replayable: true,
        file: { path: absolute, start, end },
        async *open() {
          if (end <= start) return;
          // highWaterMark 1 MiB: few syscalls and few progress events, bounded memory.
          const stream = createReadStream(absolute, { start, end: end - 1, highWaterMark: READ_CHUNK });
          let read = 0;
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            read += chunk.length;
            yield chunk;
          }
          if (read !== end - start) {
            throw new OssUploadError('INVALID_BODY', `${absolute} changed while uploading (read ${read} of ${end - start} bytes)`);
          }
        },
      };
    },
    // Path, size, mtime and inode: a rewritten file never resumes an old upload.
    fingerprint: async () => `file:${absolute}:${size}:${info.mtimeMs}:${info.ino}`,
  };
}

async function* bufferChunks(readable: Readable): AsyncIterable<Uint8Array> {
  for await (const chunk of readable as AsyncIterable<Buffer | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
}

/**
 * A source over a Node Readable of `size` bytes, read once and front to back.
 *
 * @example
 * ```ts
 * const source = readableSource(process.stdin, Number(process.env.SIZE));
 * ```
 */
export function readableSource(readable: Readable, size: number | undefined): SequentialSource {
  if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
    throw new OssUploadError('INVALID_BODY', 'A Readable body needs `size`: OSS needs a Content-Length');
  }
  return sequentialSource(bufferChunks(readable), size, {
    close: async () => {
      readable.destroy();
    },
  });
}

function isFilePathBody(body: unknown): body is FilePathBody {
  return (
    typeof body === 'object' && body !== null && typeof (body as FilePathBody).path === 'string' && !(body instanceof Readable) && !('kind' in body)
  );
}

/**
 * The error for a bare string body in the Node entry: `upload({ body: './photo.png' })` would
 * otherwise upload the path's text as the object and report success.
 *
 * @example
 * ```ts
 * throw stringBodyError();
 * ```
 */
export function stringBodyError(): OssUploadError {
  return new OssUploadError(
    'INVALID_BODY',
    'A string body is ambiguous here: pass { path: "./photo.png" } for a file, or bytes (Buffer.from(text) or new TextEncoder().encode(text)) for text',
    { retryable: false },
  );
}

/**
 * Name, size and type of a Node body without reading it (a file is stat'ed), for the store.
 *
 * @example
 * ```ts
 * await describeNodeBody({ path: './a.bin' }); // { name: 'a.bin', size: 1024, type: undefined }
 * ```
 */
export async function describeNodeBody(body: NodeUploadBody): Promise<{ name?: string | undefined; size?: number | undefined; type?: string | undefined }> {
  if (typeof body === 'string') throw stringBodyError();
  if (isFilePathBody(body) || body instanceof URL) {
    const source = await toNodeBodySource(body);
    return { name: source.name, size: source.size, type: source.type };
  }
  if (body instanceof Readable) return {};
  return describeWebBody(body as WebUploadBody);
}

/**
 * Turns anything the Node entry accepts into a {@link BodySource}.
 *
 * @example
 * ```ts
 * const source = await toNodeBodySource({ path: './a.bin' });
 * ```
 */
export async function toNodeBodySource(body: NodeUploadBody, size?: number): Promise<BodySource> {
  if (typeof body === 'string') throw stringBodyError();
  if (isFilePathBody(body)) return fileSource(body.path, { type: body.type });
  if (body instanceof URL) {
    if (body.protocol !== 'file:') throw new OssUploadError('INVALID_BODY', 'A URL body must be a file: URL');
    return fileSource(fileURLToPath(body));
  }
  if (body instanceof Readable) return readableSource(body, size);
  return toWebBodySource(body as WebUploadBody, size);
}
