/**
 * The correction added to the host clock when signing, shared by the presigner (URLs and the
 * server's Authorization headers) and the server's OSS client, which learns it from OSS's answer
 * to a request signed with a skewed clock, as the OSS Go SDK v2 does. Browser-safe.
 */

import { xmlElementText } from './xml.js';

/** A mutable clock correction in milliseconds (server time minus host time). */
export interface ClockOffset {
  /** The current correction, ms. */
  get(): number;
  /** Replaces the correction, ms. */
  set(offsetMs: number): void;
}

/**
 * Creates a clock correction holder (a non-finite value counts as 0).
 *
 * @example
 * ```ts
 * const clockOffset = createClockOffset();
 * const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials, clockOffset });
 * ```
 */
export function createClockOffset(initialMs = 0): ClockOffset {
  let offsetMs = Number.isFinite(initialMs) ? initialMs : 0;
  return {
    get: () => offsetMs,
    set(next) {
      if (Number.isFinite(next)) offsetMs = next;
    },
  };
}

/**
 * OSS's clock as its answer states it: `<ServerTime>` of a RequestTimeTooSkewed error (doc "Error
 * responses": ISO 8601), else the `Date` header (RFC 9110, whole seconds). `undefined` when neither
 * can be read.
 *
 * @example
 * ```ts
 * serverTimeOf('<Error><Code>RequestTimeTooSkewed</Code><ServerTime>2024-06-01T08:30:15.000Z</ServerTime></Error>', null);
 * // 2024-06-01T08:30:15.000Z
 * ```
 */
export function serverTimeOf(body: string, dateHeader: string | null | undefined): Date | undefined {
  for (const text of [xmlElementText(body, 'ServerTime'), dateHeader ?? undefined]) {
    if (!text) continue;
    const time = Date.parse(text);
    if (Number.isFinite(time)) return new Date(time);
  }
  return undefined;
}
