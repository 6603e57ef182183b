/**
 * One attempt of one upload request to a presigned URL: exactly the signed headers, the CRC
 * computed while the bytes go out, OSS's answer read into a complete error (with the
 * SignatureDoesNotMatch diagnosis, loaded on demand, computed before the error is created).
 */

import { type Crc64, createCrc64 } from '../integrity/crc64.js';
import type { BodyPayload } from './body.js';
import type { EngineContext } from './engine-context.js';
import { diagnosedError } from './error-from-response.js';
import { OssUploadError } from './errors.js';
import { crcOfPayload } from './integrity.js';
import type { HeldTarget } from './target-slot.js';
import type { TransportResponse } from './transport.js';
import type { PresignedTarget } from './types.js';

/**
 * The headers to send: the signed headers, exactly, minus Content-Length (the transport sets it
 * from the body). Nothing else OSS would sign is added, or the signature breaks.
 *
 * @example
 * ```ts
 * requestHeaders({ url, signedHeaders: { 'Content-Type': 'image/png' } }); // { 'Content-Type': 'image/png' }
 * ```
 */
export function requestHeaders(target: PresignedTarget): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.signedHeaders ?? {})) {
    if (name.toLowerCase() !== 'content-length') headers[name] = value;
  }
  return headers;
}

export interface SendOnceInput {
  readonly held: HeldTarget;
  readonly payload: BodyPayload;
  readonly partNumber?: number | undefined;
  /** The payload's CRC when already known (a previous attempt, a buffered part). */
  readonly knownCrc?: bigint | undefined;
  /** The payload's CRC being computed already (multipart reads each part's CRC ahead of its request). */
  readonly pendingCrc?: Promise<bigint> | undefined;
  readonly onSent: (loaded: number) => void;
  /** The ETag must be present (multipart parts: Complete needs it). */
  readonly requireEtag: boolean;
}

export interface SendOnceResult {
  readonly response: TransportResponse;
  readonly etag: string;
  /** CRC of the bytes sent, when computed. */
  readonly crc64: bigint | undefined;
  readonly serverCrc64: string | undefined;
  readonly verified: boolean;
}

/** An attempt whose request OSS has answered with success; the CRC check may still be pending. */
export interface SentRequest {
  readonly response: TransportResponse;
  readonly etag: string;
  /** Waits for the CRC of the bytes sent (computed alongside) and checks it against OSS's. */
  verify(): Promise<SendOnceResult>;
}

/**
 * One attempt of one upload request: sends the payload with the signed headers, computes the
 * CRC while sending, classifies the answer and verifies the CRC against x-oss-hash-crc64ecma.
 *
 * @example
 * ```ts
 * const result = await sendOnce(context, { held, payload, onSent, requireEtag: false });
 * ```
 */
export async function sendOnce(context: EngineContext, input: SendOnceInput): Promise<SendOnceResult> {
  return (await sendRequest(context, input)).verify();
}

/**
 * {@link sendOnce} in two steps: resolves as soon as OSS answered the request (so a multipart
 * part frees its request slot while its CRC, read alongside in a browser, may still be running),
 * and `verify()` then checks the CRC. Throws like sendOnce; `verify()` throws CHECKSUM_MISMATCH
 * (retryable) or CHECKSUM_MISSING.
 *
 * @example
 * ```ts
 * const sent = await sendRequest(context, { held, payload, partNumber: 3, onSent, requireEtag: true });
 * const { etag, crc64 } = await sent.verify();
 * ```
 */
export async function sendRequest(context: EngineContext, input: SendOnceInput): Promise<SentRequest> {
  const { target } = input.held;
  const headers = requestHeaders(target);
  const signedLength = Object.entries(target.signedHeaders ?? {}).find(([name]) => name.toLowerCase() === 'content-length')?.[1];
  if (signedLength !== undefined && Number(signedLength) !== input.payload.size) {
    // The transport sets Content-Length from the body; a different signed value can only fail.
    throw new OssUploadError('INVALID_BODY', `The URL was signed for Content-Length ${signedLength}, but the body has ${input.payload.size} bytes`, {
      partNumber: input.partNumber,
      retryable: false,
    });
  }
  const wantCrc = context.crc64 !== 'off' && input.knownCrc === undefined;
  let streaming: Crc64 | undefined;
  let alongside: Promise<bigint> | undefined;
  if (wantCrc && context.transport.streamsBody) streaming = createCrc64();
  else if (wantCrc) {
    alongside = input.pendingCrc ?? crcOfPayload(input.payload);
    alongside.catch(() => undefined);
  }
  const url = target.url;
  const method = target.method ?? 'PUT';
  const response = await context.transport.send({
    method,
    url,
    headers,
    body: input.payload,
    signal: context.signal,
    onUploadProgress: input.onSent,
    onBodyChunk: streaming ? (chunk) => streaming?.update(chunk) : undefined,
  });
  if (response.status < 200 || response.status >= 300 || response.status === 203) {
    throw await diagnosedError(response, { target, sent: { url, headers }, now: context.now(), targetFetchedAt: input.held.fetchedAt }, input.partNumber);
  }
  const etag = response.headers.etag ?? '';
  if (!etag && input.requireEtag) {
    throw new OssUploadError('ETAG_MISSING', `Part ${input.partNumber} was stored but its ETag is not readable`, {
      status: response.status,
      requestId: response.headers['x-oss-request-id'],
      partNumber: input.partNumber,
      retryable: false,
      hint: 'In a browser, the bucket CORS rule must list ETag (and x-oss-hash-crc64ecma) in ExposeHeaders, or CompleteMultipartUpload cannot be called.',
    });
  }
  const known = input.knownCrc ?? streaming?.digest();
  return { response, etag, verify: async () => checkCrc(context, input, response, etag, known ?? (alongside ? await alongside : undefined)) };
}

function checkCrc(context: EngineContext, input: SendOnceInput, response: TransportResponse, etag: string, crc64: bigint | undefined): SendOnceResult {
  const serverCrc64 = response.headers['x-oss-hash-crc64ecma'];
  let verified = false;
  if (context.crc64 !== 'off') {
    if (serverCrc64 === undefined) {
      if (context.crc64 === 'require') {
        throw new OssUploadError('CHECKSUM_MISSING', 'OSS did not report x-oss-hash-crc64ecma, and integrity.crc64 is "require"', {
          status: response.status,
          partNumber: input.partNumber,
          retryable: false,
          hint: 'In a browser, add x-oss-hash-crc64ecma to the bucket CORS rule\'s ExposeHeaders.',
        });
      }
    } else if (crc64 !== undefined) {
      if (BigInt(serverCrc64) !== crc64) {
        throw new OssUploadError(
          'CHECKSUM_MISMATCH',
          `CRC-64 mismatch${input.partNumber ? ` on part ${input.partNumber}` : ''}: sent ${crc64}, OSS stored ${serverCrc64}`,
          {
            status: response.status,
            partNumber: input.partNumber,
            requestId: response.headers['x-oss-request-id'],
            retryable: true,
            // A part's upload is aborted on failure; a single PUT's object stays, as OSS stored it.
            hint: input.partNumber ? undefined : 'OSS stored the object with bytes that differ from the body: upload it again (that replaces it) or delete it.',
          },
        );
      }
      verified = true;
    }
  }
  return { response, etag, crc64, serverCrc64, verified };
}
