/**
 * Issue 4 proof 2: with 20 % of part requests failing (503 or a connection reset in the middle of
 * the body), uploads still complete byte-identical; every injected fault costs exactly one retry,
 * of that part alone, and the count is reported.
 */
import type { Presigner } from '@oss-presign/core';
import { OssUploadError, type RetryEvent, uploadMultipart, uploadObject } from '@oss-presign/core/upload/node';
import type { Emulator } from '@oss-presign/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUCKET, KIB, MIB, callbacksFor, countingTransport, digestBytes, digestObject, patternBytes, presignerFor, startOss } from './helpers.js';

let oss: Emulator;
let presigner: Presigner;

beforeAll(async () => {
  oss = await startOss();
  presigner = presignerFor(oss);
});
afterAll(async () => {
  await oss?.close();
});
beforeEach(() => {
  oss.setFaults([]);
});

// Short real backoff: the retry path is exercised for real, the suite stays fast.
const retry = { baseDelayMs: 2, maxDelayMs: 20 };

describe('fault injection', () => {
  it('multipart survives 20 % failed part requests (503 and resets), each part retried alone', async () => {
    // Two independent rules of ~10 % each: about one part request in five fails.
    oss.setFaults([
      { operation: 'UploadPart', status: 503, rate: 0.1, seed: 7 },
      { operation: 'UploadPart', reset: true, rate: 0.11, seed: 11 },
    ]);
    const before = oss.faultStats().total;
    const body = patternBytes(12 * MIB + 5, 42);
    const transport = countingTransport();
    const events: RetryEvent[] = [];
    let initiated = 0;
    const callbacks = callbacksFor(presigner, 'faults/multipart.bin');
    const result = await uploadMultipart({
      ...callbacks,
      initiate: (input, ctx) => {
        initiated++;
        return callbacks.initiate(input, ctx);
      },
      transport,
      body,
      partSize: 100 * KIB,
      concurrency: 4,
      retry,
      onRetry: (event) => events.push(event),
    });
    const faults = oss.faultStats().total - before;
    const parts = result.parts.length;

    expect(await digestObject(presigner, 'faults/multipart.bin')).toEqual(await digestBytes(body));
    expect(result.verified).toBe(true);
    // Faults really happened, at about the configured rate.
    expect(faults).toBeGreaterThan(parts * 0.1);
    expect(faults).toBeLessThan(parts * 0.4);
    // Reported: one retry per fault, each naming its part; both kinds were seen.
    expect(result.retries).toBe(faults);
    expect(events).toHaveLength(faults);
    expect(new Set(events.map((event) => event.error.code))).toEqual(new Set(['SERVER_ERROR', 'NETWORK_ERROR']));
    // Retried alone: a part was sent once plus once per retry of that part; the upload never restarted.
    const retriesByPart = new Map<number, number>();
    for (const event of events) retriesByPart.set(event.partNumber as number, (retriesByPart.get(event.partNumber as number) ?? 0) + 1);
    for (let part = 1; part <= parts; part++) expect(transport.counts.get(part)).toBe(1 + (retriesByPart.get(part) ?? 0));
    expect(initiated).toBe(1);
    // Bounded: no part needed more than the budget.
    expect(Math.max(...retriesByPart.values())).toBeLessThanOrEqual(5);
  });

  it('a single PUT retries 503s and a reset, then succeeds', async () => {
    oss.setFaults([
      { operation: 'PutObject', status: 503, first: 1 },
      { operation: 'PutObject', reset: true, first: 1 },
    ]);
    const body = patternBytes(3 * MIB, 3);
    const transport = countingTransport();
    const key = 'faults/single.bin';
    const result = await uploadObject({ target: await presigner.presign({ operation: 'PutObject', key }), body, transport, retry });
    expect(result.retries).toBe(2);
    expect(transport.counts.get(0)).toBe(3);
    expect(result.verified).toBe(true);
    expect(await digestObject(presigner, key)).toEqual(await digestBytes(body));
  });

  it('gives up after the retry budget, reports the attempts and leaves no upload behind', async () => {
    oss.setFaults([{ operation: 'UploadPart', status: 503 }]);
    const before = oss.faultStats().total;
    const transport = countingTransport();
    const error = await uploadMultipart({
      ...callbacksFor(presigner, 'faults/hopeless.bin'),
      transport,
      body: patternBytes(300 * KIB),
      partSize: 100 * KIB,
      concurrency: 1,
      retry: { ...retry, retries: 2 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OssUploadError);
    expect(error).toMatchObject({ code: 'SERVER_ERROR', status: 503, attempts: 3, partNumber: 1 });
    expect(transport.total()).toBe(3);
    expect(oss.faultStats().total - before).toBe(3);
    expect(await oss.listMultipartUploads(BUCKET)).toEqual([]);
  });
});
