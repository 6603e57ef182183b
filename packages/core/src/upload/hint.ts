/**
 * SignatureDoesNotMatch, diagnosed. OSS only says "the signature does not match"; this module
 * compares what was signed (the target's signedHeaders and URL) with what OSS says it received
 * (the CanonicalRequest / StringToSign in the error XML, doc "Error responses") and with the clocks,
 * and names the cause in plain language. The causes and their order follow OSS's troubleshooting
 * of "SignatureDoesNotMatch (403)":
 * 1 signed headers not sent, 2 Content-Type mismatch (often added by the runtime),
 * 3 URL modified, 4 URL expired, 5 clock skew, 6 wrong region; and, when nothing in the request
 * explains the mismatch, a secret that does not belong to the AccessKeyId.
 *
 * A bare URL (a target without `signedHeaders`) hides part of what was signed: OSS signs
 * Content-Type (and Content-MD5) whenever it is sent, without listing it in the URL, so nobody can
 * read from the URL whether, or with which type, it was signed. For a bare URL the diagnosis never
 * says that the signed headers were sent as signed, and never blames the secret: when nothing else
 * explains the mismatch, the likely cause is a Content-Type signed but not sent (`content-type-unknown`).
 *
 * Both URL forms are read as what they are: V4 (x-oss-credential, x-oss-date, x-oss-expires,
 * x-oss-signature; OSS answers with a CanonicalRequest) and V1 (OSSAccessKeyId, Expires as Unix
 * seconds, Signature; OSS answers with V1's StringToSign, doc "Include a V1 signature in a URL").
 * Every value put into a hint passes through the redaction rule (oss/redact.ts).
 */

import { parseDateTime } from '../oss/date-time.js';
import type { OssErrorDetails } from '../oss/error-xml.js';
import { redactHeaderValue, redactText } from '../oss/redact.js';
import { isDefaultSignedHeader } from '../oss/signed-headers.js';

export type SignatureHintCause =
  | 'signed-header-missing'
  | 'signed-header-changed'
  | 'unsigned-header-added'
  | 'content-type-added'
  | 'content-type-mismatch'
  | 'content-type-unknown'
  | 'url-expired'
  | 'clock-skew'
  | 'wrong-region'
  | 'url-altered'
  | 'wrong-secret';

export interface SignatureDiagnosisInput {
  /** The presigned target as the uploader received it. */
  readonly target: {
    readonly url: string;
    /** Absent for a bare URL: then which default-signed headers (Content-Type) were signed is unknown. */
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

/** The parts of a V1 StringToSign, as OSS printed it. */
export interface ParsedV1StringToSign {
  readonly method: string;
  /** Lower-case name → value: Content-MD5 and Content-Type when sent, and every x-oss-* header. */
  readonly headers: Readonly<Record<string, string>>;
  /** The Expires (URL) or Date (header) line. */
  readonly expires: string;
  /** The CanonicalizedResource: `/bucket/key` and signed sub-resources. */
  readonly resource: string;
}

/**
 * Parses the V1 `<StringToSign>` of a SignatureDoesNotMatch answer: VERB, Content-MD5,
 * Content-Type, Expires, the CanonicalizedOSSHeaders lines and the CanonicalizedResource (doc
 * "Include a V1 signature in the Authorization header"). A V4 string to sign gives undefined.
 *
 * @example
 * ```ts
 * parseV1StringToSign('PUT\n\ntext/plain\n1700000000\nx-oss-meta-a:1\n/b/k').headers;
 * // { 'content-type': 'text/plain', 'x-oss-meta-a': '1' }
 * ```
 */
export function parseV1StringToSign(text: string | undefined): ParsedV1StringToSign | undefined {
  if (!text || text.startsWith('OSS4-')) return undefined;
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length < 5) return undefined;
  const headers: Record<string, string> = {};
  if (lines[1]) headers['content-md5'] = lines[1];
  if (lines[2]) headers['content-type'] = lines[2];
  for (const line of lines.slice(4, lines.length - 1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1);
  }
  return { method: lines[0] ?? '', headers, expires: lines[3] ?? '', resource: lines[lines.length - 1] ?? '' };
}

type UrlForm = 'v1' | 'v4' | undefined;

// V1's query authentication parameters (doc "Include a V1 signature in a URL").
const V1_AUTH_QUERY = new Set(['OSSAccessKeyId', 'Expires', 'Signature']);

/** V4 when the URL carries V4's parameters, V1 when it carries V1's, else unknown. */
function urlForm(url: URL | undefined): UrlForm {
  if (!url) return undefined;
  const query = url.searchParams;
  if (query.has('x-oss-signature') || query.has('x-oss-credential')) return 'v4';
  if (query.has('Signature') || query.has('OSSAccessKeyId')) return 'v1';
  return undefined;
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

/**
 * content-type-unknown: a bare URL (no signedHeaders) sent with no Content-Type, or with one the
 * runtime `added`. The URL does not show the type it was signed with, so nothing here can say the
 * headers were sent as signed, nor blame the keys before the type is ruled out.
 */
function bareUrlFinding(added: string | undefined, tail = ''): SignatureDiagnosis {
  return {
    cause: 'content-type-unknown',
    hint: `${added === undefined ? 'The request carried no Content-Type' : `OSS received "Content-Type: ${added}", which the runtime added (a typed Blob/File, a string body, an HTTP client's default)`}, and the uploader was given a bare URL, which does not show the Content-Type it was signed with (OSS signs it without listing it): send exactly that type (contentType or signedHeaders; --content-type in the CLI)${added === undefined ? ', as it was most likely signed with one; if not, check the AccessKeyId and AccessKeySecret, and use the URL exactly as returned' : ', or none if it was signed without one'}.${tail}`,
  };
}
const AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i;

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function headerFindings(
  input: SignatureDiagnosisInput,
  heard: Readonly<Record<string, string>>,
  crKnown: boolean,
  form: UrlForm,
): SignatureDiagnosis | undefined {
  const signed = lowerRecord(input.target.signedHeaders);
  const received = heard;
  // Values are compared as they are and shown masked (an STS token header is a secret).
  const show = redactHeaderValue;
  const where = crKnown ? 'OSS received' : 'the request carried';
  for (const [name, value] of Object.entries(signed)) {
    if ((name === 'content-length' || name === 'host') && !crKnown) continue;
    // V1 signs only Content-MD5, Content-Type and x-oss-*: OSS's view shows nothing else.
    if (form === 'v1' && !isDefaultSignedHeader(name)) continue;
    const got = received[name];
    if (name === 'content-type' && got !== value) {
      return {
        cause: 'content-type-mismatch',
        hint:
          got === undefined
            ? `The URL was signed with Content-Type "${show(name, value)}", but ${where} no Content-Type. Send the signed Content-Type exactly.`
            : `The URL was signed with Content-Type "${show(name, value)}", but ${where} "${show(name, got)}". Send exactly the signed Content-Type, or presign with the type the client really sends.`,
      };
    }
    if (got === undefined) {
      return {
        cause: 'signed-header-missing',
        hint: `The URL was signed with the header "${name}: ${show(name, value)}", but ${where} no "${name}". Every header in signedHeaders must be sent with the same value (a proxy or HTTP client may have dropped it).`,
      };
    }
    if (got !== value) {
      return {
        cause: 'signed-header-changed',
        hint: `The URL was signed with "${name}: ${show(name, value)}", but ${where} "${name}: ${show(name, got)}". Send signedHeaders unchanged.`,
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
    // A bare URL sends no header of its own: this type came from the runtime.
    if (name === 'content-type' && input.target.signedHeaders === undefined) return bareUrlFinding(show(name, value));
    if (name === 'content-type') {
      return {
        cause: 'content-type-added',
        hint: `OSS received "Content-Type: ${show(name, value)}", but the URL was signed without a content type. OSS signs Content-Type whenever it is sent, and browsers and HTTP clients add one by themselves (a typed Blob/File, a string body, axios's default). Send the body without a type, or presign with contentType "${show(name, value)}".`,
      };
    }
    return {
      cause: 'unsigned-header-added',
      hint: `OSS received "${name}: ${show(name, value)}", which was not signed. OSS signs every ${name === 'content-md5' ? 'Content-MD5' : 'x-oss-*'} header that is sent; presign with it or do not send it.`,
    };
  }
  return undefined;
}

function timeFindings(input: SignatureDiagnosisInput, url: URL | undefined, form: UrlForm): SignatureDiagnosis | undefined {
  const dateHeader = toMillis(input.responseHeaders?.date);
  const serverNow = dateHeader ?? toMillis(input.oss?.serverTime) ?? input.now;
  // The moment the uploader got the URL, on OSS's timeline.
  const fetchedAt = input.targetFetchedAt === undefined ? undefined : input.targetFetchedAt + (serverNow - input.now);
  if (form === 'v1') return v1TimeFindings(url, serverNow, fetchedAt);
  const signTime = parseDateTime(url?.searchParams.get('x-oss-date') ?? '')?.getTime();
  const expiresSeconds = Number(url?.searchParams.get('x-oss-expires') ?? Number.NaN);
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
  if (fetchedAt !== undefined && expiresAt <= fetchedAt && fetchedAt - signTime > 5 * 60_000) {
    return {
      cause: 'clock-skew',
      hint: `The URL was handed over already expired: it says it was signed at ${new Date(signTime).toISOString()}, ${minutes(fetchedAt - signTime)} before the uploader asked for it (by OSS's clock), and it was valid for ${expiresSeconds} s. The presigning server's clock is behind; synchronise it (NTP).`,
    };
  }
  return {
    cause: 'url-expired',
    hint: `The URL expired at ${new Date(expiresAt).toISOString()} (x-oss-date + x-oss-expires); OSS's clock says ${new Date(serverNow).toISOString()}. Request a fresh presigned URL (pass a target function to refresh automatically), or presign with a longer expiry.`,
  };
}

/**
 * A V1 URL carries only its end (Expires, Unix seconds), not when it was signed: OSS accepts it
 * until then, so a signer clock ahead only lengthens its life, and a signer clock behind shows as a
 * URL that was already over when the uploader got it.
 */
function v1TimeFindings(url: URL | undefined, serverNow: number, fetchedAt: number | undefined): SignatureDiagnosis | undefined {
  const expiresText = url?.searchParams.get('Expires') ?? '';
  if (!/^\d+$/.test(expiresText)) return undefined;
  const expiresAt = Number(expiresText) * 1000;
  if (expiresAt > serverNow) return undefined;
  if (fetchedAt !== undefined && expiresAt <= fetchedAt) {
    return {
      cause: 'clock-skew',
      hint: `The URL was handed over already expired: its Expires (${new Date(expiresAt).toISOString()}) was ${minutes(fetchedAt - expiresAt)} before the uploader asked for it (by OSS's clock). A V1 URL ends at Expires, computed from the presigning server's clock, so that clock is behind; synchronise it (NTP).`,
    };
  }
  return {
    cause: 'url-expired',
    hint: `The URL expired at ${new Date(expiresAt).toISOString()} (its Expires parameter); OSS's clock says ${new Date(serverNow).toISOString()}. Request a fresh presigned URL (pass a target function to refresh automatically), or presign with a longer expiry.`,
  };
}

function regionFindings(input: SignatureDiagnosisInput, url: URL | undefined, form: UrlForm): SignatureDiagnosis | undefined {
  const hostRegion = url ? /(?:^|\.)oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/i.exec(url.hostname)?.[1] : undefined;
  const ec = input.oss?.ec;
  const serverSaysRegion = ec === '0002-00000226' || ec === '0002-00000228' || /region/i.test(input.oss?.message ?? '');
  if (form === 'v1') {
    // A V1 signature carries no region: only the endpoint the URL was sent to can be wrong.
    if (!serverSaysRegion) return undefined;
    return {
      cause: 'wrong-region',
      hint: `OSS says the region is wrong. A V1 URL carries no region, only its endpoint${hostRegion ? ` (here the one of "${hostRegion}")` : ''}: configure the presigner with the bucket's region (the bare id, such as cn-hangzhou) or its endpoint.`,
    };
  }
  const credential = url?.searchParams.get('x-oss-credential') ?? '';
  const region = credential.split('/')[2];
  const scopeRegion = input.oss?.stringToSign?.split('\n')[2]?.split('/')[1];
  const other = hostRegion && region && hostRegion !== region ? hostRegion : scopeRegion && region && scopeRegion !== region ? scopeRegion : undefined;
  if (other || serverSaysRegion) {
    return {
      cause: 'wrong-region',
      hint: `The URL was signed for region "${region ?? '?'}"${other ? `, but the bucket is in "${other}"` : ', which OSS says is not the bucket\'s region'}. Configure the presigner with the bucket's region (the bare id, such as cn-hangzhou).`,
    };
  }
  return undefined;
}

/** Signs of editing the URL shows by itself, in the terms of its form. */
function alterationFacts(input: SignatureDiagnosisInput, url: URL | undefined, form: UrlForm): string[] {
  const facts: string[] = [];
  if (input.sent.url !== input.target.url) facts.push('the URL sent is not the URL that was presigned');
  if (!url) return facts;
  const query = url.searchParams;
  if (form === 'v1') {
    // HMAC-SHA1 in base64: 27 characters and one "=". A "+" decoded to a space breaks it.
    const signature = query.get('Signature') ?? '';
    if (!/^[A-Za-z0-9+/]{27}=$/.test(signature)) facts.push(`Signature is not a base64 HMAC-SHA1${signature.includes(' ') ? ' (a "+" in it was decoded to a space: re-encode it as %2B)' : ''}`);
    if (!/^\d+$/.test(query.get('Expires') ?? '')) facts.push('Expires is not Unix seconds');
    if (!query.get('OSSAccessKeyId')) facts.push('OSSAccessKeyId is missing');
  } else {
    const signature = query.get('x-oss-signature') ?? '';
    if (!/^[0-9a-f]{64}$/.test(signature)) facts.push('x-oss-signature is not 64 lower-case hex digits');
    const credentialDate = (query.get('x-oss-credential') ?? '').split('/')[1];
    const date = query.get('x-oss-date')?.slice(0, 8);
    if (credentialDate && date && credentialDate !== date) facts.push('the date in x-oss-credential differs from x-oss-date');
  }
  const unknown = [...query.keys()].filter(
    (name) => !name.toLowerCase().startsWith('x-oss-') && !KNOWN_QUERY.has(name.toLowerCase()) && !(form === 'v1' && V1_AUTH_QUERY.has(name)),
  );
  if (unknown.length > 0) facts.push(`it carries query parameters OSS does not define (${unknown.join(', ')}), which were probably added after signing`);
  const path = input.target.url.replace(AUTHORITY, '').split(/[?#]/)[0] ?? '';
  if (path.includes('+')) facts.push('the path contains "+", which OSS reads as a literal plus, not a space');
  if (/%25[0-9a-f]{2}/i.test(path)) facts.push('the path looks double-encoded (%25..)');
  return facts;
}

/** What OSS says it received, from its CanonicalRequest (V4) or V1 StringToSign, masked. */
function receivedResource(input: SignatureDiagnosisInput): string {
  const cr = parseCanonicalRequest(input.oss?.canonicalRequest);
  if (cr) return ` OSS saw the resource as "${cr.uri}"${cr.query ? ` with query "${redactText(cr.query)}"` : ''}.`;
  const v1 = parseV1StringToSign(input.oss?.stringToSign);
  return v1 ? ` OSS saw the resource as "${redactText(v1.resource)}".` : '';
}

function accessKeyIdOf(url: URL | undefined, form: UrlForm): string | undefined {
  if (!url) return undefined;
  if (form === 'v1') return url.searchParams.get('OSSAccessKeyId') || undefined;
  return (url.searchParams.get('x-oss-credential') ?? '').split('/')[0] || undefined;
}

function alteredFindings(input: SignatureDiagnosisInput, url: URL | undefined, form: UrlForm): SignatureDiagnosis {
  const facts = alterationFacts(input, url, form);
  const received = receivedResource(input);
  if (facts.length > 0) {
    return {
      cause: 'url-altered',
      hint: `The headers, the expiry, the clocks and the region check out, and the URL was changed after it was signed: ${facts.join('; ')}. Use the URL exactly as returned.${received}`,
    };
  }
  // A bare URL: the usual fault (the guide's bare curl -T) comes before the keys.
  if (input.target.signedHeaders === undefined) return bareUrlFinding(undefined, received);
  // Without the secret nobody can tell a wrong secret from an edited key or value; a secret that
  // does not belong to its AccessKeyId is the common one (a copied or rotated key, a stray newline).
  const accessKeyId = accessKeyIdOf(url, form);
  return {
    cause: 'wrong-secret',
    hint: `Nothing in the request explains the mismatch: the signed headers were sent as signed, the URL is within its validity, the clocks and the region agree, and the URL shows no sign of editing. The presigner most likely signed with an AccessKeySecret that does not belong to its AccessKeyId${accessKeyId ? ` "${accessKeyId}"` : ''} (a secret of another key, a rotated key, a stray space or newline from the environment): check the pair. If the pair is right, the object key or a parameter value was edited after signing; use the URL exactly as returned.${received}`,
  };
}

/**
 * Names the cause of a SignatureDoesNotMatch (or an expired / not-yet-valid / wrong-region answer)
 * in plain language, for V4 and V1 URLs alike. Checks, in order: signed headers missing or changed,
 * a Content-Type the runtime added or changed, clock skew, expiry, the region; then an altered URL
 * when the URL shows signs of editing, else a secret that does not belong to the AccessKeyId. For a
 * bare URL (no `signedHeaders`) a missing or runtime-added Content-Type is `content-type-unknown`,
 * never a wrong secret: the URL does not show the type it was signed with.
 * The hint quotes no signature, security token or secret.
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
  const form = urlForm(url);
  // OSS's view of the request: V4's CanonicalRequest, or V1's StringToSign.
  const view = parseCanonicalRequest(input.oss?.canonicalRequest) ?? (form === 'v1' ? parseV1StringToSign(input.oss?.stringToSign) : undefined);
  let received: Record<string, string>;
  if (view) {
    received = { ...view.headers };
  } else {
    // Without OSS's view, fall back to what was handed to the transport.
    received = {};
    const listed = new Set((url?.searchParams.get('x-oss-additional-headers') ?? '').split(';'));
    for (const [name, value] of Object.entries(lowerRecord(input.sent.headers))) {
      if (isDefaultSignedHeader(name) || listed.has(name)) received[name] = value;
    }
  }
  const diagnosis =
    headerFindings(input, received, view !== undefined, form) ??
    timeFindings(input, url, form) ??
    regionFindings(input, url, form) ??
    alteredFindings(input, url, form);
  // A hint is shown and logged: no signature, token or secret in it, whatever it quotes.
  return { cause: diagnosis.cause, hint: redactText(diagnosis.hint) };
}
