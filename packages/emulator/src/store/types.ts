import type { Readable } from 'node:stream';

/** An opaque handle to stored bytes. */
export interface BlobRef {
  readonly id: string;
  readonly size: number;
}

/** A blob being written: bytes become a {@link BlobRef} only at `finish()`. */
export interface BlobSink {
  /** Appends a chunk; the promise (if any) is back-pressure: wait for it before the next write. */
  write(chunk: Buffer): Promise<void> | undefined;
  finish(): Promise<BlobRef>;
  /** Throws the partial bytes away. Safe to call more than once. */
  abort(): Promise<void>;
}

/** Where object and part bytes live: memory or files under dataDir. */
export interface BlobStorage {
  begin(): BlobSink;
  /** Streams bytes `start..end` (inclusive) of one blob. */
  read(ref: BlobRef, start: number, end: number): Readable;
  remove(ref: BlobRef): Promise<void>;
  /** Forgets temporary files; called on close. */
  close(): Promise<void>;
}

/** Headers kept with an object and given back on GET/HEAD (OSS docs "PutObject" and "GetObject"). */
export interface ObjectMeta {
  readonly contentType: string;
  readonly cacheControl?: string | undefined;
  readonly contentDisposition?: string | undefined;
  readonly contentEncoding?: string | undefined;
  readonly contentLanguage?: string | undefined;
  readonly expires?: string | undefined;
  readonly storageClass: string;
  readonly acl?: string | undefined;
  /** `x-oss-meta-*` headers, lower-case full names. */
  readonly userMeta: Readonly<Record<string, string>>;
  /** Object tags (x-oss-tagging, PutObjectTagging), in the order given. */
  readonly tags?: Readonly<Record<string, string>> | undefined;
  /** Server-side encryption headers as sent: stored and echoed, the bytes are not encrypted. */
  readonly encryption?: ObjectEncryption | undefined;
}

/** x-oss-server-side-encryption, -key-id and -data-encryption (PutObject.md). */
export interface ObjectEncryption {
  readonly algorithm: string;
  readonly keyId?: string | undefined;
  readonly dataEncryption?: string | undefined;
}

/** A committed object. */
export interface StoredObject {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  /** Quoted, as sent in the ETag header: `"<MD5 upper hex>"` or `"<hex>-<N>"`. */
  readonly etag: string;
  /** Base64 MD5 of the body; single-request uploads only. */
  readonly contentMd5?: string | undefined;
  /** x-oss-hash-crc64ecma, unsigned decimal. */
  readonly crc64: string;
  readonly lastModified: Date;
  readonly objectType: 'Normal' | 'Multipart' | 'Appendable' | 'Symlink';
  /** A symlink's target key, in the same bucket (PutSymlink.md). */
  readonly symlinkTarget?: string | undefined;
  readonly meta: ObjectMeta;
  /**
   * The bytes, in order: one blob for PutObject, one per part for a completed multipart upload,
   * one per append for AppendObject, none for a symlink.
   */
  readonly segments: readonly BlobRef[];
}
