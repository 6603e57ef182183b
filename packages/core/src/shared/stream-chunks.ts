/**
 * The chunks of a web ReadableStream as an async iterable, releasing the reader however the loop
 * ends (Node 20's ReadableStream is async-iterable, but Safari's is not).
 *
 * @example
 * ```ts
 * for await (const chunk of streamChunks(blob.stream())) crc.update(chunk);
 * ```
 */
export async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
