import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SigningKeyCache } from '@oss-presign/core/signer';
import type { CredentialLookup } from '../auth/credentials.js';
import type { CallbackTransport } from '../callback/send-callback.js';
import type { RequestContext } from '../http/context.js';
import type { UploadRegistry } from '../multipart/registry.js';
import type { LazyHashOffload } from '../store/hash-offload.js';
import type { ObjectStore } from '../store/object-store.js';

/** Everything an operation handler gets: the request, where to answer, and the emulator's state. */
export interface OperationContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly request: RequestContext;
  readonly bucket: string;
  /** Decoded object key; absent for bucket-level operations. */
  readonly key: string | undefined;
  readonly store: ObjectStore;
  readonly uploads: UploadRegistry;
  readonly callbacks: CallbackTransport;
  readonly now: () => Date;
  /** PutObject / UploadPart size limit: 5 GB (PutObject.md). */
  readonly maxObjectSize: number;
  /** The worker threads large bodies are hashed on. */
  readonly hashOffload: LazyHashOffload;
  /** For operations that authenticate themselves (PostObject signs its form, not the request). */
  readonly region: string;
  readonly lookup: CredentialLookup;
  readonly signingKeyCache: SigningKeyCache;
}

/** Answers one OSS operation; throws OssServiceError for OSS error answers. */
export type OperationHandler = (context: OperationContext) => Promise<void>;

/**
 * The key of an object operation (the router only sends object operations here with a key).
 *
 * @example
 * ```ts
 * const key = requireKey(context);
 * ```
 */
export function requireKey(context: OperationContext): string {
  if (context.key === undefined) throw new Error('object operation routed without a key');
  return context.key;
}
