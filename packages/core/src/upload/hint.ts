/**
 * SignatureDoesNotMatch, diagnosed. OSS only says "the signature does not match"; this module
 * compares what was signed (the target's signedHeaders and URL) with what OSS says it received
 * (the CanonicalRequest / StringToSign in the error XML, doc "Error responses") and with the clocks,
 * and names the cause in plain language. The causes and their order follow OSS's troubleshooting
 * of "SignatureDoesNotMatch (403)":
 * 1 signed headers not sent, 2 Content-Type mismatch (often added by the runtime),
 * 3 URL modified, 4 URL expired, 5 clock skew, 6 wrong region.
 */

import { parseDateTime } from '../oss/date-time.js';
import type { OssErrorDetails } from '../oss/error-xml.js';
import { isDefaultSignedHeader } from '../oss/signed-headers.js';

export type SignatureHintCause =
  | 'signed-header-missing'
  | 'signed-header-changed'
  | 'unsigned-header-added'
  | 'content-type-added'
  | 'content-type-mismatch'
  | 'url-expired'
  | 'clock-skew'
  | 'wrong-region'
  | 'url-altered';

export interface SignatureDiagnosisInput {
  /** The presigned target as the uploader received it. */
  readonly target: {
    readonly url: string;
    readonly signedHeaders?: Readonly<Record<string, string>> | undefined;
    readonly expiration?: Date | string | number | undefined;
  };
  /** The request as the uploader handed it to the transport. */
  readonly sent: { readonly url: string; readonly headers: Readonly<Record<string, string>> };
  /** OSS's error fields (CanonicalRequest tells what OSS received). */
  readonly oss?: OssErrorDetails | undefined;
  /** Response headers (lower-case); `date` gives OSS's clock when the runtime exposes it. */
  readonly responseHeaders?: Readonly<Record<string, string>> | undefined;
  /** The local clock when the answer arrived (ms since epoch). */
  readonly now: number;
  /** When the target was obtained from a target function (local ms); absent for a static target. */
  readonly targetFetchedAt?: number | undefined;
}

export interface SignatureDiagnosis {
  readonly cause: SignatureHintCause;
  readonly hint: string;
}

/** The parts of a V4 canonical request, as OSS printed it. */
export interface ParsedCanonicalRequest {
  readonly method: string;
  readonly uri: string;
  readonly query: string;
  /** Lower-case name → value, for every header OSS signed from the request it received. */
  readonly headers: Readonly<Record<string, string>>;
  readonly additionalHeaders: readonly string[];
}

/**
 * Parses the `<CanonicalRequest>` of a SignatureDoesNotMatch answer: method, URI, query, the
 * header lines, the additional-headers line and the payload hash (doc "Include a V4 signature in the Authorization header").
 *
 * @example
 * ```ts
 * parseCanonicalRequest('PUT\n/b/k\n\ncontent-type:text/plain\n\n\nUNSIGNED-PAYLOAD').headers; // { 'content-type': 'text/plain' }
 * ```
 */
export function parseCanonicalRequest(text: string | undefined): ParsedCanonicalRequest | undefined {
  if (!text) return undefined;
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length < 6) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(3, lines.length - 2)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1);
  }
  const additional = lines[lines.length - 2] ?? '';
  return {
    method: lines[0] ?? '',
    uri: lines[1] ?? '',
    query: lines[2] ?? '',
    headers,
    additionalHeaders: additional ? additional.split(';') : [],
  };
}

function lowerRecord(record: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(record ?? {})) out[name.toLowerCase()] = String(value).trim();
  return out;
}

function toMillis(value: Date | string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

function minutes(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

// Query parameters OSS itself defines: anything else in a presigned URL was probably added later.
const KNOWN_QUERY = new Set([
  'uploads', 'uploadid', 'partnumber', 'max-parts', 'part-number-marker', 'encoding-type', 'acl', 'append',
  'position', 'tagging', 'versionid', 'symlink', 'restore', 'callback', 'callback-var', 'continuation-token',
  'sequential', 'response-content-type', 'response-content-language', 'response-expires', 'response-cache-control',
  'response-content-disposition', 'response-content-encoding', 'security-token', 'objectmeta', 'delete',
]);

const SKEW_LIMIT_MS = 15 * 60_000;
const AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i;

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function headerFindings(input: SignatureDiagnosisInput, received: Record<string, string>, crKnown: boolean): SignatureDiagnosis | undefined {
  const signed = lowerRecord(input.target.signedHeaders);
  const where = crKnown ? 'OSS received' : 'the request carried';
  for (const [name, value] of Object.entries(signed)) {
    if ((name === 'content-length' || name === 'host') && !crKnown) continue;
    const got = received[name];
    if (name === 'content-type' && got !== value) {
      return {
        cause: 'content-type-mismatch',
        hint:
          got === undefined
            ? `The URL was signed with Content-Type "${value}", but ${where} no Content-Type. Send the signed Content-Type exactly.`
            : `The URL was signed with Content-Type "${value}", but ${where} "${got}". Send exactly the signed Content-Type, or presign with the type the client really sends.`,
      };
    }
    if (got === undefined) {
      return {
        cause: 'signed-header-missing',
        hint: `The URL was signed with the header "${name}: ${value}", but ${where} no "${name}". Every header in signedHeaders must be sent with the same value (a proxy or HTTP client may have dropped it).`,
      };
    }
    if (got !== value) {
      return {
        cause: 'signed-header-changed',
        hint: `The URL was signed with "${name}: ${value}", but ${where} "${name}: ${got}". Send signedHeaders unchanged.`,
      };
    }
  }
  const url = safeUrl(input.target.url);
  const listed = (url?.searchParams.get('x-oss-additional-headers') ?? '').split(';').filter(Boolean);
  for (const name of listed) {
    if (signed[name] === undefined && received[name] === undefined) {
      return {
        cause: 'signed-header-missing',
        hint: `The URL lists "${name}" in x-oss-additional-headers, so its value was signed, but the request did not carry it. Forward the presigner's signedHeaders to the uploader.`,
      };
    }
  }
  for (const [name, value] of Object.entries(received)) {
    if (!isDefaultSignedHeader(name) || signed[name] !== undefined) continue;
    if (name === 'content-type') {
      return {
        cause: 'content-type-added',
        hint: `OSS received "Content-Type: ${value}", but the URL was signed without a content type. OSS signs Content-Type whenever it is sent, and browsers and HTTP clients add one by themselves (a typed Blob/File, a string body, axios's default). Send the body without a type, or presign with contentType "${value}".`,
      };
    }
    return {
      cause: 'unsigned-header-added',
      hint: `OSS received "${name}: ${value}", which was not signed. OSS signs every ${name === 'content-md5' ? 'Content-MD5' : 'x-oss-*'} header that is sent; presign with it or do not send it.`,
    };
  }
  return undefined;
}

function timeFindings(input: SignatureDiagnosisInput, url: URL | undefined): SignatureDiagnosis | undefined {
  const signTime = parseDateTime(url?.searchParams.get('x-oss-date') ?? '')?.getTime();
  const expiresSeconds = Number(url?.searchParams.get('x-oss-expires') ?? Number.NaN);
  const dateHeader = toMillis(input.responseHeaders?.date);
  const serverNow = dateHeader ?? toMillis(input.oss?.serverTime) ?? input.now;
  if (signTime === undefined) return undefined;
  if (signTime > serverNow + SKEW_LIMIT_MS) {
    return {
      cause: 'clock-skew',
      hint: `The URL says it was signed at ${new Date(signTime).toISOString()}, ${minutes(signTime - serverNow)} ahead of OSS's clock (${new Date(serverNow).toISOString()}); OSS rejects URLs signed more than 15 minutes in the future. Synchronise the presigning server's clock (NTP).`,
    };
  }
  const expiresAt =
    Number.isFinite(expiresSeconds) && expiresSeconds > 0 ? signTime + expiresSeconds * 1000 : toMillis(input.target.expiration);
  if (expiresAt === undefined || expiresAt > serverNow) return undefined;
  if (input.targetFetchedAt !== undefined) {
    // The moment the uploader got the URL, on OSS's timeline.
    const fetchedAt = input.targetFetchedAt + (serverNow - input.now);
    if (expiresAt <= fetchedAt && fetchedAt - signTime > 5 * 60_000) {
      return {
        cause: 'clock-skew',
        hint: `The URL was handed over already expired: it says it was signed at ${new Date(signTime).toISOString()}, ${minutes(fetchedAt - signTime)} before the uploader asked for it (by OSS's clock), and it was valid for ${expiresSeconds} s. The presigning server's clock is behind; synchronise it (NTP).`,
      };
    }
  }
  return {
    cause: 'url-expired',
    hint: `The URL expired at ${new Date(expiresAt).toISOString()} (x-oss-date + x-oss-expires); OSS's clock says ${new Date(serverNow).toISOString()}. Request a fresh presigned URL (pass a target function to refresh automatically), or presign with a longer expiry.`,
  };
}

function regionFindings(input: SignatureDiagnosisInput, url: URL | undefined): SignatureDiagnosis | undefined {
  const credential = url?.searchParams.get('x-oss-credential') ?? '';
  const region = credential.split('/')[2];
  const hostRegion = url ? /(?:^|\.)oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/i.exec(url.hostname)?.[1] : undefined;
  const scopeRegion = input.oss?.stringToSign?.split('\n')[2]?.split('/')[1];
  const ec = input.oss?.ec;
  const serverSaysRegion = ec === '0002-00000226' || ec === '0002-00000228' || /region/i.test(input.oss?.message ?? '');
  const other = hostRegion && region && hostRegion !== region ? hostRegion : scopeRegion && region && scopeRegion !== region ? scopeRegion : undefined;
  if (other || serverSaysRegion) {
    return {
      cause: 'wrong-region',
      hint: `The URL was signed for region "${region ?? '?'}"${other ? `, but the bucket is in "${other}"` : ', which OSS says is not the bucket\'s region'}. Configure the presigner with the bucket's region (the bare id, such as cn-hangzhou).`,
    };
  }
  return undefined;
}

function alteredFindings(input: SignatureDiagnosisInput, url: URL | undefined): SignatureDiagnosis {
  const facts: string[] = [];
  if (input.sent.url !== input.target.url) facts.push('the URL sent is not the URL that was presigned');
  if (url) {
    const signature = url.searchParams.get('x-oss-signature') ?? '';
    if (!/^[0-9a-f]{64}$/.test(signature)) facts.push('x-oss-signature is not 64 lower-case hex digits');
    const credentialDate = (url.searchParams.get('x-oss-credential') ?? '').split('/')[1];
    const date = url.searchParams.get('x-oss-date')?.slice(0, 8);
    if (credentialDate && date && credentialDate !== date) facts.push('the date in x-oss-credential differs from x-oss-date');
    const unknown = [...url.searchParams.keys()].filter((name) => !name.toLowerCase().startsWith('x-oss-') && !KNOWN_QUERY.has(name.toLowerCase()));
    if (unknown.length > 0) facts.push(`it carries query parameters OSS does not define (${unknown.join(', ')}), which were probably added after signing`);
    const path = input.target.url.replace(AUTHORITY, '').split(/[?#]/)[0] ?? '';
    if (path.includes('+')) facts.push('the path contains "+", which OSS reads as a literal plus, not a space');
    if (/%25[0-9a-f]{2}/i.test(path)) facts.push('the path looks double-encoded (%25..)');
  }
  const cr = parseCanonicalRequest(input.oss?.canonicalRequest);
  const received = cr ? ` OSS saw the resource as "${cr.uri}"${cr.query ? ` with query "${cr.query.replace(/x-oss-signature=[^&]*/, '')}"` : ''}.` : '';
  return {
    cause: 'url-altered',
    hint: `The headers, the expiry, the clocks and the region check out, so the URL was most likely changed after it was signed${facts.length > 0 ? `: ${facts.join('; ')}` : ' (re-encoded, decoded, a parameter added or removed, or the object key edited)'}. Use the URL exactly as returned.${received} If it is unchanged, the presigner signed with an AccessKeySecret that does not belong to its AccessKeyId.`,
  };
}

/**
 * Names the cause of a SignatureDoesNotMatch (or an expired / not-yet-valid / wrong-region answer)
 * in plain language. Checks, in order: signed headers missing or changed, a Content-Type the
 * runtime added or changed, clock skew, expiry, the region; anything else is an altered URL.
 *
 * @example
 * ```ts
 * const { cause, hint } = diagnoseSignatureMismatch({
 *   target, sent: { url: target.url, headers: sentHeaders }, oss: error.oss, now: Date.now(),
 * });
 * // cause 'content-type-added': OSS received "Content-Type: image/png", but the URL was signed without a content type…
 * ```
 */
export function diagnoseSignatureMismatch(input: SignatureDiagnosisInput): SignatureDiagnosis {
  const url = safeUrl(input.target.url);
  const cr = parseCanonicalRequest(input.oss?.canonicalRequest);
  let received: Record<string, string>;
  if (cr) {
    received = { ...cr.headers };
  } else {
    // Without OSS's view, fall back to what was handed to the transport.
    received = {};
    const listed = new Set((url?.searchParams.get('x-oss-additional-headers') ?? '').split(';'));
    for (const [name, value] of Object.entries(lowerRecord(input.sent.headers))) {
      if (isDefaultSignedHeader(name) || listed.has(name)) received[name] = value;
    }
  }
  return (
    headerFindings(input, received, cr !== undefined) ??
    timeFindings(input, url) ??
    regionFindings(input, url) ??
    alteredFindings(input, url)
  );
}
