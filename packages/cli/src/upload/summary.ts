/** What `oss-presign upload` reports once every file has ended: one line (or JSON entry) per file. */

import type { FileUploadOutcome } from '@oss-presign/core/upload/node';
import { toCliError } from '../errors.js';
import { formatBytes } from '../parse.js';

/** One file in the `--json` summary. */
export interface FileSummary {
  readonly file: string;
  readonly status: 'success' | 'error' | 'aborted';
  /** Where it went: `oss://bucket/key`, or the key the presign endpoint chose. */
  readonly destination: string | undefined;
  readonly size: number | undefined;
  readonly mode: 'put' | 'multipart' | undefined;
  readonly etag: string | undefined;
  /** CRC-64/ECMA of the bytes sent, and whether OSS's matched. */
  readonly crc64: string | undefined;
  readonly verified: boolean | undefined;
  readonly parts: number | undefined;
  /** Multipart: parts sent by this run, and parts taken over from an interrupted run. */
  readonly uploadedParts: readonly number[] | undefined;
  readonly resumedParts: readonly number[] | undefined;
  readonly retries: number | undefined;
  readonly error:
    | {
        readonly code: string;
        readonly uploadCode: string | undefined;
        /** Which cause of SignatureDoesNotMatch the diagnosis found (core's `SignatureHintCause`). */
        readonly hintCause: string | undefined;
        readonly message: string;
        readonly exitCode: number;
      }
    | undefined;
}

/**
 * Summarises one outcome; `destinationOf` names where a successful file went.
 *
 * @example
 * ```ts
 * summarise(outcome, (key) => `oss://demo/${key}`);
 * ```
 */
export function summarise(outcome: FileUploadOutcome, destinationOf: (key: string | undefined) => string | undefined): FileSummary {
  if (outcome.status === 'success') {
    const result = outcome.result;
    const multipart = result.mode === 'multipart' ? result : undefined;
    return {
      file: outcome.name,
      status: 'success',
      destination: destinationOf(result.key),
      size: result.size,
      mode: result.mode,
      etag: result.etag,
      crc64: result.crc64,
      verified: result.verified,
      parts: multipart?.parts.length,
      uploadedParts: multipart?.uploadedParts,
      resumedParts: multipart?.resumedParts,
      retries: result.retries,
      error: undefined,
    };
  }
  const error = toCliError(outcome.error);
  return {
    file: outcome.name,
    status: outcome.status,
    destination: undefined,
    size: undefined,
    mode: undefined,
    etag: undefined,
    crc64: undefined,
    verified: undefined,
    parts: undefined,
    uploadedParts: undefined,
    resumedParts: undefined,
    retries: undefined,
    error: { code: error.code, uploadCode: outcome.error.code, hintCause: outcome.error.hintCause, message: error.message, exitCode: error.exitCode },
  };
}

/**
 * The text summary: one line per file, then a total.
 *
 * @example
 * ```ts
 * process.stdout.write(summaryText(files, 1520));
 * ```
 */
export function summaryText(files: readonly FileSummary[], elapsedMs: number): string {
  const lines = files.map((file) => {
    if (file.status !== 'success') return `FAILED  ${file.file}: ${file.error?.message ?? file.status}`;
    const how =
      file.mode === 'multipart'
        ? `multipart, ${file.parts} parts${file.resumedParts && file.resumedParts.length > 0 ? ` (${file.resumedParts.length} resumed)` : ''}`
        : 'single PUT';
    const crc = file.verified ? 'CRC-64 verified' : file.crc64 ? 'CRC-64 not reported by OSS' : 'CRC-64 off';
    return `ok      ${file.file} -> ${file.destination ?? '(key chosen by the server)'}  ${formatBytes(file.size ?? 0)}, ${how}, ${crc}`;
  });
  const ok = files.filter((file) => file.status === 'success');
  const bytes = ok.reduce((sum, file) => sum + (file.size ?? 0), 0);
  lines.push(`Uploaded ${ok.length} of ${files.length} file${files.length === 1 ? '' : 's'}, ${formatBytes(bytes)} in ${(elapsedMs / 1000).toFixed(1)} s.`);
  return `${lines.join('\n')}\n`;
}
