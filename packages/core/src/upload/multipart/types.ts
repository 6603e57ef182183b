/** The multipart uploader's public shapes: the five callbacks, their inputs and results, the options. */

import type { ListedPart } from '../../oss/list-parts.js';
import type { ResumePart, ResumeStore } from '../resume-store.js';
import type { CallbackContext, CommonUploadOptions, PresignedTarget, UploadResult } from '../types.js';

/** Identifies a multipart upload in every callback after initiate (what initiate returned). */
export interface UploadRef {
  readonly uploadId: string;
  /** The object key, when initiate returned one. */
  readonly key?: string | undefined;
  /** An app server's signed handle for this upload (the presign handler's uploadToken), passed back verbatim. */
  readonly uploadToken?: string | undefined;
}

export interface InitiateInput {
  readonly size: number;
  readonly partSize: number;
  readonly partCount: number;
  /** The body's type (File.type) or the `contentType` option: set it at initiate (parts carry none). */
  readonly contentType?: string | undefined;
  /** File name, when the body has one (File.name, a file path's base name). */
  readonly fileName?: string | undefined;
}

export interface InitiateResult extends UploadRef {
  /** The part size the server settled on, when it decides (overrides the uploader's choice). */
  readonly partSize?: number | undefined;
}

export interface PartToSign {
  readonly partNumber: number;
  readonly size: number;
  /** Base64 MD5, when integrity.contentMd5 is on: sign it as Content-MD5. */
  readonly contentMd5?: string | undefined;
}

export interface PresignPartsInput extends UploadRef {
  readonly parts: readonly PartToSign[];
  /** The same part numbers, for protocols that only take numbers. */
  readonly partNumbers: readonly number[];
}

/** A presigned UploadPart request (method PUT, URL with partNumber and uploadId). */
export interface PresignedPart extends PresignedTarget {
  readonly partNumber: number;
}

export interface CompletedPartRef {
  readonly partNumber: number;
  readonly etag: string;
}

export interface CompleteInput extends UploadRef {
  /** Ascending by part number, as CompleteMultipartUpload requires (else InvalidPartOrder). */
  readonly parts: readonly CompletedPartRef[];
}

export interface CompleteResult {
  /** The object's ETag ("…-N"). */
  readonly etag?: string | undefined;
  /** x-oss-hash-crc64ecma of the whole object: compared with the combined part CRCs. */
  readonly crc64?: string | undefined;
  readonly location?: string | undefined;
  readonly requestId?: string | undefined;
  /** The response body (the app's JSON when an upload callback ran). */
  readonly body?: string | undefined;
}

/** A part OSS already holds (ListParts): one type for the server's OSS client and the uploader. */
export type { ListedPart };

/** The five OSS calls, supplied by the app. Throw an OssUploadError (or any error) to fail. */
export interface MultipartCallbacks {
  initiate(input: InitiateInput, context: CallbackContext): Promise<InitiateResult>;
  /** Presign UploadPart for each part listed (a batch, to save round trips). */
  presignParts(input: PresignPartsInput, context: CallbackContext): Promise<readonly PresignedPart[]>;
  complete(input: CompleteInput, context: CallbackContext): Promise<CompleteResult>;
  abort(input: UploadRef, context: CallbackContext): Promise<void>;
  /** Needed to resume: which parts OSS really holds. */
  listParts?: ((input: UploadRef, context: CallbackContext) => Promise<readonly ListedPart[]>) | undefined;
}

export interface ResumeOptions {
  readonly store: ResumeStore;
  /** The store key. Default: derived from the body's fingerprint (required for streams). */
  readonly id?: string | undefined;
  /** On abort, keep the upload on OSS and the state in the store, to resume later (a "pause"). */
  readonly keepOnAbort?: boolean | undefined;
}

export interface UploadMultipartOptions<Body> extends CommonUploadOptions, MultipartCallbacks {
  readonly body: Body;
  /** Required for streams. */
  readonly size?: number | undefined;
  /** Default 8 MiB, grown as needed to stay within 10,000 parts; at least 100 KiB. */
  readonly partSize?: number | undefined;
  /** Parts in flight. Default 4. */
  readonly concurrency?: number | undefined;
  /** Passed to initiate (default: the File's type). */
  readonly contentType?: string | undefined;
  /** Save progress and continue an earlier upload of the same body. */
  readonly resume?: ResumeOptions | undefined;
  /** Called when OSS has accepted a part (after the resume state was saved). */
  readonly onPartComplete?: ((part: ResumePart) => void) | undefined;
}

export interface MultipartUploadResult extends UploadResult {
  readonly uploadId: string;
  readonly key: string | undefined;
  readonly partSize: number;
  readonly parts: readonly ResumePart[];
  /** Part numbers sent by this call. */
  readonly uploadedParts: readonly number[];
  /** Part numbers taken over from a resumed upload. */
  readonly resumedParts: readonly number[];
}

