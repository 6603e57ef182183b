/**
 * The presign client's error class (errors/oss-presign-error.ts), as the upload entries export it.
 *
 * A new binding rather than a re-export, on purpose: a bundler that splits code (esbuild) loads a
 * module re-exported by an entry with the page even when the page never uses it, and this one (the
 * server's error class with its status table) belongs to the engine's lazily loaded chunk, where
 * the presign client's requests and the policy check throw it. It is the same class:
 * `instanceof OssPresignError` holds for errors from either entry.
 */

import { OssPresignError as PresignError } from '../errors/oss-presign-error.js';

/** The typed error the presign client throws with the server's code (see errors/oss-presign-error.ts). */
export const OssPresignError: typeof PresignError = PresignError;
export type OssPresignError = PresignError;
