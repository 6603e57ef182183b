import type { ServerResponse } from 'node:http';
import { epochSeconds } from '../http/dates.js';
import { OssServiceError } from '../http/errors.js';
import { normalizeETag } from '../multipart/etag.js';
import type { StoredObject } from '../store/types.js';

/** The precondition headers of a read (GetObject.md, HeadObject.md), lower-case names. */
export interface ReadConditions {
  readonly ifMatch?: string | undefined;
  readonly ifNoneMatch?: string | undefined;
  readonly ifModifiedSince?: string | undefined;
  readonly ifUnmodifiedSince?: string | undefined;
}

/** `proceed`, `not-modified` (304), or the header whose condition failed (412). */
export type ConditionOutcome =
  | { readonly kind: 'proceed' }
  | { readonly kind: 'not-modified' }
  | { readonly kind: 'failed'; readonly condition: string };

const PROCEED: ConditionOutcome = { kind: 'proceed' };

function etagListed(list: string, etag: string): boolean {
  const wanted = normalizeETag(etag);
  return list.split(',').some((item) => {
    const candidate = item.trim();
    return candidate === '*' || normalizeETag(candidate.startsWith('W/') ? candidate.slice(2) : candidate) === wanted;
  });
}

// An unparsable date is ignored, as HTTP requires of If-Modified-Since and If-Unmodified-Since
// (RFC 9110 13.1.3, 13.1.4).
function secondsOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

/**
 * Evaluates the conditions of a GET or HEAD against an object, in HTTP's order (RFC 9110 13.2.2):
 * If-Match, else If-Unmodified-Since, fail with 412 PreconditionFailed; then If-None-Match, else
 * If-Modified-Since, answer 304 Not Modified. ETags compare without quotes and case; times compare
 * in whole seconds, the precision of Last-Modified (GetObject.md: If-Modified-Since "earlier than
 * the modification time" returns the object, If-Unmodified-Since "equal to or later" does).
 *
 * @example
 * ```ts
 * evaluateConditions({ ifNoneMatch: object.etag }, object); // { kind: 'not-modified' }
 * ```
 */
export function evaluateConditions(conditions: ReadConditions, object: StoredObject): ConditionOutcome {
  const modified = epochSeconds(object.lastModified);
  if (conditions.ifMatch !== undefined) {
    if (!etagListed(conditions.ifMatch, object.etag)) return { kind: 'failed', condition: 'If-Match' };
  } else {
    const since = secondsOf(conditions.ifUnmodifiedSince);
    if (since !== undefined && modified > since) return { kind: 'failed', condition: 'If-Unmodified-Since' };
  }
  if (conditions.ifNoneMatch !== undefined) {
    if (etagListed(conditions.ifNoneMatch, object.etag)) return { kind: 'not-modified' };
  } else {
    const since = secondsOf(conditions.ifModifiedSince);
    if (since !== undefined && modified <= since) return { kind: 'not-modified' };
  }
  return PROCEED;
}

/**
 * Applies the read preconditions of a request: throws 412 PreconditionFailed naming the failed
 * header in `<Condition>` (as OSS does), and tells the caller whether to answer 304 instead.
 *
 * @example
 * ```ts
 * if (checkReadConditions(request.headers, object)) return sendNotModified(res, object);
 * ```
 */
export function checkReadConditions(headers: Readonly<Record<string, string>>, object: StoredObject): boolean {
  const outcome = evaluateConditions(
    {
      ifMatch: headers['if-match'],
      ifNoneMatch: headers['if-none-match'],
      ifModifiedSince: headers['if-modified-since'],
      ifUnmodifiedSince: headers['if-unmodified-since'],
    },
    object,
  );
  if (outcome.kind === 'failed') throw new OssServiceError('PreconditionFailed', { details: { Condition: outcome.condition } });
  return outcome.kind === 'not-modified';
}

/**
 * The 304 Not Modified answer: no body, with the validators the client compares (RFC 9110 15.4.5).
 *
 * @example
 * ```ts
 * sendNotModified(context.res, object);
 * ```
 */
export function sendNotModified(res: ServerResponse, object: StoredObject): void {
  res.setHeader('ETag', object.etag);
  res.setHeader('Last-Modified', object.lastModified.toUTCString());
  res.writeHead(304);
  res.end();
}
