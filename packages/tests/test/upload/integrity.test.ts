/**
 * Integrity end to end: bytes corrupted on the way (a faulty proxy, played by a transport wrapper)
 * are caught by the CRC-64 comparison with what OSS stored, retried, and never reported as a
 * success; Content-MD5, when asked for, is signed and checked by OSS.
 */
import type { Presigner } from '@oss-presign/core';
import { type BodyPayload, type Transport, createNodeHttpTransport, createNodeMd5, uploadMultipart, uploadObject } from '@oss-presign/core/upload/node';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIB, callbacksFor, digestBytes, digestObject, patternBytes, presignerFor, startOss } from './helpers.js';

let oss: Emulator;
let presigner: Presigner;

beforeAll(async () => {
  oss = await startOss();
  presigner = presignerFor(oss);
});
afterAll(async () => {
  await oss?.close();
});

/** Flips one byte of the first `times` bodies it forwards (after the uploader saw the true bytes). */
function corruptingTransport(times: number): Transport & { corrupted: () => number } {
  const inner = createNodeHttpTransport();
  let corrupted = 0;
  return {
    ...inner,
    corrupted: () => corrupted,
    send(request) {
      if (!request.body || request.body.size === 0 || corrupted >= times) return inner.send(request);
      corrupted++;
      const original = request.body;
      const body: BodyPayload = {
        size: original.size,
        replayable: true,
        async *open() {
          let first = true;
          for await (const chunk of original.open()) {
            // The uploader computes its CRC from what the transport reports: report the true bytes.
            request.onBodyChunk?.(chunk);
            if (first) {
              const copy = Uint8Array.from(chunk);
              copy[0] = (copy[0] as number) ^ 0xff;
              first = false;
              yield copy;
            } else {
              yield chunk;
            }
          }
        },
      };
      return inner.send({ ...request, body, onBodyChunk: undefined });
    },
  };
}

describe('integrity', () => {
  it('a single PUT corrupted in transit fails the CRC check and is sent again', async () => {
    const bytes = patternBytes(300 * KIB, 21);
    const transport = corruptingTransport(1);
    const events: string[] = [];
    const result = await uploadObject({
      target: await presigner.presign({ operation: 'PutObject', key: 'integrity/single.bin' }),
      body: bytes,
      transport,
      retry: { baseDelayMs: 1 },
      onRetry: (event) => events.push(event.error.code),
    });
    expect(transport.corrupted()).toBe(1);
    expect(events).toEqual(['CHECKSUM_MISMATCH']);
    expect(result).toMatchObject({ verified: true, retries: 1 });
    expect(await digestObject(presigner, 'integrity/single.bin')).toEqual(await digestBytes(bytes));
  });

  it('a corrupted part is caught and retried alone; persistent corruption is an error, never a success', async () => {
    const bytes = patternBytes(500 * KIB, 22);
    const callbacks = callbacksFor(presigner, 'integrity/multipart.bin');
    const healed = await uploadMultipart({ ...callbacks, transport: corruptingTransport(2), body: bytes, partSize: 100 * KIB, retry: { baseDelayMs: 1 } });
    expect(healed).toMatchObject({ verified: true, retries: 2 });
    expect(await digestObject(presigner, 'integrity/multipart.bin')).toEqual(await digestBytes(bytes));

    const error = await uploadObject({
      target: await presigner.presign({ operation: 'PutObject', key: 'integrity/broken.bin' }),
      body: bytes,
      transport: corruptingTransport(100),
      retry: { baseDelayMs: 1, retries: 2 },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHECKSUM_MISMATCH', attempts: 3 });
  });

  it('Content-MD5: computed, signed by the presigner, checked by OSS', async () => {
    const bytes = patternBytes(250 * KIB, 23);
    const key = 'integrity/md5.bin';
    let signedMd5: string | undefined;
    const result = await uploadObject({
      body: bytes,
      integrity: { contentMd5: createNodeMd5 },
      target: async (request) => {
        signedMd5 = request.contentMd5;
        return presigner.presign({ operation: 'PutObject', key, contentMd5: request.contentMd5 });
      },
    });
    expect(signedMd5).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(result.verified).toBe(true);

    // Multipart: each part's MD5 goes to presignParts (presigned one by one).
    const multipart = await uploadMultipart({ ...callbacksFor(presigner, 'integrity/md5-parts.bin'), body: bytes, partSize: 100 * KIB, integrity: { contentMd5: createNodeMd5 } });
    expect(multipart.verified).toBe(true);

    // OSS rejects a body whose MD5 differs from the signed one.
    const wrong = await uploadObject({
      body: bytes,
      target: await presigner.presign({ operation: 'PutObject', key, contentMd5: '1B2M2Y8AsgTpgAmY7PhCfg==' }),
    }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'CHECKSUM_MISMATCH', status: 400 });
  });
});
