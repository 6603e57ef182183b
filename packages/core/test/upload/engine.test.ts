import { describe, expect, it } from 'vitest';
import { requestHeaders } from '../../src/upload/send-once.js';
import { expirationOf, needsRefresh } from '../../src/upload/target-slot.js';

describe('expirationOf', () => {
  it('reads expiration as a Date, an ISO string or epoch ms, else from the URL', () => {
    const at = Date.UTC(2026, 0, 1);
    expect(expirationOf({ url: 'https://x/y', expiration: new Date(at) })).toBe(at);
    expect(expirationOf({ url: 'https://x/y', expiration: '2026-01-01T00:00:00.000Z' })).toBe(at);
    expect(expirationOf({ url: 'https://x/y', expiration: at })).toBe(at);
    expect(expirationOf({ url: 'https://x/y?x-oss-date=20251231T235000Z&x-oss-expires=600' })).toBe(at);
    expect(expirationOf({ url: 'https://x/y' })).toBeUndefined();
  });
});

describe('needsRefresh', () => {
  const now = Date.UTC(2026, 0, 1);
  const held = (lifetimeMs: number, ageMs: number) => ({ target: { url: 'https://x', expiration: now - ageMs + lifetimeMs }, fetchedAt: now - ageMs });

  it('refreshes within the margin before expiry', () => {
    expect(needsRefresh(held(600_000, 0), now, 30_000)).toBe(false);
    expect(needsRefresh(held(600_000, 575_000), now, 30_000)).toBe(true);
  });

  it('uses half the lifetime for URLs shorter than the margin', () => {
    expect(needsRefresh(held(20_000, 0), now, 30_000)).toBe(false);
    expect(needsRefresh(held(20_000, 11_000), now, 30_000)).toBe(true);
  });

  it('never refreshes a target without an expiry', () => {
    expect(needsRefresh({ target: { url: 'https://x' }, fetchedAt: now }, now, 30_000)).toBe(false);
  });
});

describe('requestHeaders', () => {
  it('sends the signed headers as given, minus Content-Length', () => {
    expect(requestHeaders({ url: 'https://x', signedHeaders: { 'Content-Type': 'a/b', 'content-length': '5', 'x-oss-meta-k': 'v' } })).toEqual({
      'Content-Type': 'a/b',
      'x-oss-meta-k': 'v',
    });
  });
});
