/** Option and result shapes shared by the single-PUT and multipart uploaders. */

import type { Md5Factory } from './md5.js';
import type { UploadProgress } from './progress.js';
import type { RetryEvent, RetryOptions, Sleep } from './retry.js';
import type { Transport } from './transport.js';

/**
 * A presigned request, as the presigner returns it (`presigner.presign(...)`) or as an app server
 * forwards it as JSON (then `expiration` is an ISO string).
 */
export interface PresignedTarget {
  /** Default `PUT`. */
  readonly method?: string | undefined;
  readonly url: string;
  /**
   * Headers that were signed: sent exactly, and nothing else that OSS would sign. Leave it out for a
   * bare URL whose signed headers are unknown (a pasted URL): `{}` says "signed without any", and a
   * SignatureDoesNotMatch is then diagnosed accordingly (`content-type-unknown` for a bare URL).
   */
  readonly signedHeaders?: Readonly<Record<string, string>> | undefined;
  readonly expiration?: Date | string | number | undefined;
}

/** What a target function is told when asked for a (fresh) URL. */
export interface TargetRequest {
  readonly size: number;
  /** The body's type (File.type), if any: presign with it to store it as the object's Content-Type. */
  readonly contentType?: string | undefined;
  /** Base64 MD5 of the body when `integrity.contentMd5` is on: it must be signed. */
  readonly contentMd5?: string | undefined;
  /** `initial`, or why a new URL is needed. */
  readonly reason: 'initial' | 'expiring' | 'expired';
}

/** Passed to every caller callback, so it can abort its own requests. */
export interface CallbackContext {
  readonly signal: AbortSignal;
}

/** A fixed target, or a function returning a fresh one (called again when it expires). */
export type TargetProvider = PresignedTarget | ((request: TargetRequest, context: CallbackContext) => Promise<PresignedTarget>);

export interface IntegrityOptions {
  /**
   * `verify`: compare the CRC-64 of the bytes sent with x-oss-hash-crc64ecma when OSS reports it;
   * `require`: a missing header is an error too (in browsers, CORS must expose it); `off`: no CRC.
   * Default: `verify` wherever the bytes pass through JavaScript (Node, streams, bytes in memory);
   * `off` for a Blob or File a browser sends by itself, where the check would read the file a
   * second time and roughly halve the throughput.
   */
  readonly crc64?: 'verify' | 'require' | 'off' | undefined;
  /**
   * Send Content-MD5: `true` for the built-in MD5 (loaded on demand), or a digest factory
   * (`createMd5` or `createNodeMd5` from the Node entry). Its value is passed to the target
   * function / presignParts, because OSS signs Content-MD5.
   */
  readonly contentMd5?: Md5Factory | true | undefined;
}

/** Options every uploader function takes. */
export interface CommonUploadOptions {
  readonly signal?: AbortSignal | undefined;
  readonly retry?: RetryOptions | undefined;
  readonly onProgress?: ((progress: UploadProgress) => void) | undefined;
  /** Called before every retry (requests and callbacks). */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  readonly integrity?: IntegrityOptions | undefined;
  /** Ask a target function for a new URL when the current one expires within this many ms. Default 30 s. */
  readonly refreshBeforeMs?: number | undefined;
  /** Default: XHR in browsers, fetch elsewhere; node:http in the Node entry. */
  readonly transport?: Transport | undefined;
  /** Clock (ms since epoch). Default `Date.now`. */
  readonly now?: (() => number) | undefined;
  /** Random source in [0, 1) for jitter. Default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Default: setTimeout-based and abortable. */
  readonly sleep?: Sleep | undefined;
}

/** What every successful upload reports. */
export interface UploadResult {
  /** The object's ETag as OSS returned it (quoted). */
  readonly etag: string;
  readonly size: number;
  /** CRC-64/ECMA of the bytes sent (unsigned decimal); undefined when the check is off (asked, or by default for a Blob sent by XHR/fetch). */
  readonly crc64: string | undefined;
  /** x-oss-hash-crc64ecma as OSS reported it, when it did. */
  readonly serverCrc64: string | undefined;
  /** True when `crc64` was compared with OSS's value and matched. */
  readonly verified: boolean;
  /** Retries made (requests and callbacks), summed over the whole upload. */
  readonly retries: number;
  readonly requestId: string | undefined;
  /** OSS's response body (the app's JSON when an upload callback ran). */
  readonly body: string;
}
