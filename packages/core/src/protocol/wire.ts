/**
 * The presign handler's JSON protocol: routes, request bodies and answers. Types only (plus the
 * route table), so browser code can import it without pulling in the signer.
 *
 * Every route but `GET {mount}/config` is `POST {mount}{route}` with a JSON body (`Content-Type: application/json`), and
 * every rejection is a 4xx or 5xx with {@link PresignErrorBody}. Names ending in `Body` are JSON
 * shapes of this protocol; the uploader's own shapes (`PresignedTarget`, `PresignedPart`) are
 * looser (optional method, a Date expiration) so a presigner's result fits them too.
 */

import type { ListedPart } from '../oss/list-parts.js';

/** The routes of the protocol, relative to where the handler is mounted. */
export const PRESIGN_ROUTES = {
  upload: '/upload',
  initiate: '/multipart/initiate',
  presignParts: '/multipart/parts',
  complete: '/multipart/complete',
  abort: '/multipart/abort',
  listParts: '/multipart/list-parts',
  /** `GET`: the upload policy ({@link UploadPolicyBody}), so clients refuse early what the server would refuse. */
  config: '/config',
} as const;

/** The HTTP method of an action: `GET` for `config`, `POST` for every other. */
export function presignMethodOf(action: PresignAction): 'GET' | 'POST' {
  return action === 'config' ? 'GET' : 'POST';
}

/**
 * Answer to `GET /config`: the rules the handler enforces, for client-side checks before any
 * presign (the server still checks every request). Nothing in it is secret.
 */
export interface UploadPolicyBody {
  /** Patterns: exact (`application/pdf`), a whole type (`image/*`) or `*\/*`. */
  readonly allowedContentTypes: readonly string[];
  /** Bytes. */
  readonly minSize: number;
  /** Bytes. */
  readonly maxSize: number;
  /** Files larger than this should go multipart, in bytes. */
  readonly multipartThreshold: number;
  /** The part size the server picks when a client names none, in bytes. */
  readonly partSize: number;
}

/** One of the protocol's actions; the keys of {@link PRESIGN_ROUTES}. */
export type PresignAction = keyof typeof PRESIGN_ROUTES;

/** What a client says about the file it wants to upload. */
export interface FileDescription {
  /** The file's name as the user picked it (`File.name`); only a sanitised copy ends up in the key. */
  readonly fileName: string;
  /** The MIME type to store; it is signed, so the upload must send exactly this Content-Type. */
  readonly contentType: string;
  /** Size in bytes; signed as Content-Length (single PUT) or bounding the parts (multipart). */
  readonly size: number;
  /** x-oss-meta-* values; names must be on the server's allowlist. */
  readonly metadata?: Readonly<Record<string, string>> | undefined;
}

/** `POST /upload`: presign one PUT. */
export interface PresignUploadRequest extends FileDescription {
  /** Wished lifetime of the URL in seconds; the server clamps it to its maximum. */
  readonly expires?: number | undefined;
  /** Base64 MD5 of the body, to be signed as Content-MD5 (optional). */
  readonly contentMd5?: string | undefined;
}

/** A presigned request as JSON: send `method` to `url` with exactly `signedHeaders`. */
export interface PresignedTargetBody {
  readonly method: string;
  readonly url: string;
  /** Lower-case header names and the exact values to send. */
  readonly signedHeaders: Readonly<Record<string, string>>;
  /** ISO 8601 time after which OSS refuses the URL. */
  readonly expiration: string;
}

/** Answer to `POST /upload`. */
export interface PresignUploadResponse extends PresignedTargetBody {
  readonly bucket: string;
  /** The object key the server chose. */
  readonly key: string;
}

/** `POST /multipart/initiate`: start a multipart upload (the server calls OSS itself). */
export interface InitiateRequest extends FileDescription {
  /** Wished part size in bytes; the server rejects one outside its limits, and picks one when absent. */
  readonly partSize?: number | undefined;
}

/** Identifies a multipart upload in every later call. */
export interface MultipartHandle {
  readonly key: string;
  /** OSS's upload id. */
  readonly uploadId: string;
  /**
   * The server's signed statement of key, upload id, size and part size, so later calls cannot
   * presign parts for another upload or beyond the declared size. Keep it with the upload id.
   */
  readonly uploadToken: string;
}

/** Answer to `POST /multipart/initiate`. */
export interface InitiateResponse extends MultipartHandle {
  readonly bucket: string;
  /** Every part but the last has exactly this size; the last has the rest. */
  readonly partSize: number;
  readonly partCount: number;
}

/** A part to presign. */
export interface PartToPresign {
  /** 1-based. */
  readonly partNumber: number;
  /** Base64 MD5 of the part, to be signed as Content-MD5 (optional). */
  readonly contentMd5?: string | undefined;
}

/** `POST /multipart/parts`: presign some parts. */
export interface PresignPartsRequest extends MultipartHandle {
  /** At most the server's per-request limit (100 by default). */
  readonly parts: readonly PartToPresign[];
}

/** One presigned part. */
export interface PresignedPartBody extends PresignedTargetBody {
  readonly partNumber: number;
  /** Bytes this part must have (signed as Content-Length). */
  readonly size: number;
}

/** Answer to `POST /multipart/parts`. */
export interface PresignPartsResponse {
  readonly parts: readonly PresignedPartBody[];
}

/** A finished part, as OSS answered it. */
export interface CompletedPart {
  readonly partNumber: number;
  readonly etag: string;
}

/** `POST /multipart/complete`. */
export interface CompleteRequest extends MultipartHandle {
  readonly parts: readonly CompletedPart[];
}

/** Answer to `POST /multipart/complete`. */
export interface CompleteResponse {
  readonly bucket: string;
  readonly key: string;
  /** The object's ETag, quotes included, as OSS sends it. Absent when a callback answered instead. */
  readonly etag?: string | undefined;
  /** x-oss-hash-crc64ecma of the whole object, when OSS sent it. */
  readonly crc64?: string | undefined;
  /** What the app's upload callback answered, when callbacks are on (OSS relays it). */
  readonly callback?: unknown;
}

/** `POST /multipart/abort` and `POST /multipart/list-parts`. */
export type AbortRequest = MultipartHandle;
export type ListPartsRequestBody = MultipartHandle;

/** Answer to `POST /multipart/abort`. */
export interface AbortResponse {
  readonly aborted: true;
}

/** Answer to `POST /multipart/list-parts`: every uploaded part, ascending. */
export interface ListPartsResponse {
  readonly parts: readonly ListedPart[];
}

/** Every rejection. `requestId` matches the server log line and the x-request-id header. */
export interface PresignErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly requestId?: string | undefined;
  };
}
