import { describe, expect, it } from 'vitest';
import { OssUploadError } from '../../src/upload/errors.js';
import { abortableSleep, backoffDelay, shouldRetry } from '../../src/upload/retry.js';
import { resolveRetryOptions } from '../../src/upload/retry-options.js';

describe('backoffDelay', () => {
  it('doubles from the base up to the cap without jitter', () => {
    const options = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000, jitter: 'none' });
    expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, options, () => 0.5))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('full jitter spreads over [0, cap] with the random source', () => {
    const options = resolveRetryOptions({ baseDelayMs: 100, jitter: 'full' });
    expect(backoffDelay(2, options, () => 0)).toBe(0);
    expect(backoffDelay(2, options, () => 0.25)).toBe(100);
    expect(backoffDelay(2, options, () => 0.999999)).toBe(400);
  });

  it('equal jitter keeps at least half the cap', () => {
    const options = resolveRetryOptions({ baseDelayMs: 100, jitter: 'equal' });
    expect(backoffDelay(3, options, () => 0)).toBe(400);
    expect(backoffDelay(3, options, () => 1)).toBe(800);
  });

  it('defaults to 5 retries, 200 ms base, 20 s cap, full jitter', () => {
    expect(resolveRetryOptions()).toEqual({ retries: 5, baseDelayMs: 200, maxDelayMs: 20_000, jitter: 'full', retryOn: undefined });
    expect(backoffDelay(20, resolveRetryOptions(), () => 1)).toBe(20_000);
  });

  it('rejects nonsense options', () => {
    expect(() => resolveRetryOptions({ retries: -1 })).toThrow(/retries/);
    expect(() => resolveRetryOptions({ retries: 1.5 })).toThrow(/retries/);
    expect(() => resolveRetryOptions({ baseDelayMs: -5 })).toThrow(/baseDelayMs/);
  });
});

describe('shouldRetry', () => {
  const options = resolveRetryOptions({ retries: 2 });
  it('retries retryable errors within the budget only', () => {
    const error = new OssUploadError('SERVER_ERROR', '503');
    expect(shouldRetry(error, 1, options)).toBe(true);
    expect(shouldRetry(error, 2, options)).toBe(true);
    expect(shouldRetry(error, 3, options)).toBe(false);
  });

  it('never retries 4xx-class codes or an abort', () => {
    expect(shouldRetry(new OssUploadError('ACCESS_DENIED', '403'), 1, options)).toBe(false);
    expect(shouldRetry(new OssUploadError('SIGNATURE_MISMATCH', '403'), 1, options)).toBe(false);
    expect(shouldRetry(new OssUploadError('ABORTED', 'x', { retryable: true }), 1, options)).toBe(false);
  });

  it('lets retryOn override the decision', () => {
    const custom = resolveRetryOptions({ retryOn: (error) => error.status === 409 });
    expect(shouldRetry(new OssUploadError('HTTP_ERROR', '409', { status: 409 }), 1, custom)).toBe(true);
    expect(shouldRetry(new OssUploadError('SERVER_ERROR', '500', { status: 500 }), 1, custom)).toBe(false);
  });
});

describe('abortableSleep', () => {
  it('rejects with ABORTED as soon as the signal fires', async () => {
    const controller = new AbortController();
    const pending = abortableSleep(60_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('rejects at once for an already aborted signal', async () => {
    await expect(abortableSleep(60_000, AbortSignal.abort())).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('resolves after a zero delay', async () => {
    await expect(abortableSleep(0)).resolves.toBeUndefined();
  });
});
