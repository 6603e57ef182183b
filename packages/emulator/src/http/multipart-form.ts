import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { OssServiceError } from './errors.js';

/** The `file` part of a PostObject form: its bytes are still on the wire. */
export interface FormFile {
  readonly stream: Readable;
  /** The part's `filename` (base name only), `''` when it has none. */
  readonly filename: string;
  /** The part's own Content-Type, `''` when it has none. */
  readonly contentType: string;
}

/** A PostObject form read up to its `file` part (OSS doc "PostObject": the file must be the last field). */
export interface PostForm {
  /** The text fields before the file, by lower-case name; a repeated name keeps its first value. */
  readonly fields: ReadonlyMap<string, string>;
  readonly file: FormFile;
  /**
   * Settles once the whole body has been parsed, after the file stream has been read: rejects with
   * MalformedPOSTRequest when any part follows the file or the multipart framing is broken.
   */
  readonly end: Promise<void>;
  /** Stops using the form: the rest of the file and body is read and thrown away. */
  discard(): void;
}

/** Limits of the text fields, so that a form cannot make the emulator buffer without bound. */
export interface FormLimits {
  /** Bytes of all text fields together. */
  readonly maxFieldBytes: number;
  readonly maxFields: number;
}

const FILE_FIELD = 'file';

function malformed(message: string, ec?: string): OssServiceError {
  return new OssServiceError('MalformedPOSTRequest', { message, ec });
}

/**
 * Parses a multipart/form-data body with busboy up to the `file` part and hands the file over as a
 * stream, so the upload is never buffered. Field names are case-insensitive (lower-cased here).
 * Rejects with MalformedPOSTRequest when the body is not multipart/form-data, has no file, or
 * breaks the limits; a part after the file is reported through {@link PostForm.end}.
 *
 * @example
 * ```ts
 * const form = await readPostForm(req, request.headers['content-type'] ?? '', { maxFieldBytes: 64 * 1024, maxFields: 100 });
 * const key = form.fields.get('key');
 * ```
 */
export function readPostForm(req: IncomingMessage, contentType: string, limits: FormLimits): Promise<PostForm> {
  let parser: BusboyInstance;
  try {
    parser = new Busboy({
      headers: { 'content-type': contentType },
      defCharset: 'utf8',
      limits: { fields: limits.maxFields, fieldSize: limits.maxFieldBytes, fieldNameSize: 1024, headerPairs: 64 },
      // The file is the part named "file" (any case), with or without a filename.
      isPartAFile: (name) => name?.toLowerCase() === FILE_FIELD,
    });
  } catch {
    return Promise.reject(malformed('The body of your POST request is not well-formed multipart/form-data.'));
  }
  const fields = new Map<string, string>();
  let fieldBytes = 0;
  let file: FormFile | undefined;
  let failure: OssServiceError | undefined;

  const stop = (): void => {
    req.unpipe(parser);
    file?.stream.resume();
    req.resume();
  };

  return new Promise<PostForm>((resolve, reject) => {
    let settleEnd: (error?: OssServiceError) => void = () => {};
    const end = new Promise<void>((resolveEnd, rejectEnd) => {
      settleEnd = (error) => (error ? rejectEnd(error) : resolveEnd());
    });
    end.catch(() => {}); // observed by the caller after the file; never an unhandled rejection
    const fail = (error: OssServiceError): void => {
      failure ??= error;
      if (file) settleEnd(failure);
      else {
        stop();
        reject(failure);
      }
    };

    parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (file) return fail(malformed('The file form field must be the last form field.', '0006-00000104'));
      fieldBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
      if (valueTruncated || fieldBytes > limits.maxFieldBytes) {
        return fail(malformed(`The form fields other than file are larger than ${limits.maxFieldBytes} bytes.`));
      }
      const lower = name.toLowerCase();
      if (!fields.has(lower)) fields.set(lower, value);
    });
    parser.on('file', (_name, stream, filename, _encoding, mimeType) => {
      if (file) {
        stream.resume();
        return fail(malformed('The file form field must be the last form field.', '0006-00000104'));
      }
      file = { stream, filename: filename ?? '', contentType: mimeType ?? '' };
      resolve({ fields, file, end, discard: stop });
    });
    parser.on('fieldsLimit', () => fail(malformed(`The form has more than ${limits.maxFields} fields.`)));
    parser.on('partsLimit', () => fail(malformed('The form has too many parts.')));
    parser.on('error', () => fail(malformed('The body of your POST request is not well-formed multipart/form-data.')));
    parser.on('finish', () => {
      if (!file) return fail(malformed('The file form field is missing.', '0006-00000107'));
      settleEnd(failure);
    });
    req.on('error', () => fail(malformed('The request body ended before the form was complete.')));
    req.pipe(parser);
  });
}
