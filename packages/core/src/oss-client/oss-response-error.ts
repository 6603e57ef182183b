import { OssPresignError, type OssPresignErrorCode } from '../errors/oss-presign-error.js';
import { parseOssXml } from './oss-xml.js';

// OSS error codes the app's client caused (oss-server.md 3.2); every other OSS failure is the server's.
const CODE_BY_OSS_CODE: Readonly<Record<string, OssPresignErrorCode>> = {
  NoSuchUpload: 'NO_SUCH_UPLOAD',
  InvalidPart: 'INVALID_PART',
  InvalidPartOrder: 'INVALID_PART',
  EntityTooSmall: 'INVALID_PART',
  MalformedXML: 'INVALID_PART',
  FileAlreadyExists: 'OBJECT_EXISTS',
  CallbackFailed: 'CALLBACK_FAILED',
};

/**
 * Turns a failed OSS answer into an OssPresignError, keeping OSS's Code, Message, RequestId and EC
 * in `details` for the logs. Errors the end user caused (a missing part, an existing object) keep
 * a 4xx code; anything else becomes UPSTREAM_ERROR (502).
 *
 * @example
 * ```ts
 * throw ossResponseError(404, '<Error><Code>NoSuchUpload</Code>…</Error>', 'CompleteMultipartUpload');
 * ```
 */
export function ossResponseError(status: number, text: string, operation: string): OssPresignError {
  const error = (parseOssXml(text)?.Error ?? {}) as Record<string, unknown>;
  const ossCode = typeof error.Code === 'string' ? error.Code : undefined;
  const code = (ossCode && CODE_BY_OSS_CODE[ossCode]) || 'UPSTREAM_ERROR';
  const ossMessage = typeof error.Message === 'string' ? error.Message : `HTTP ${status}`;
  return new OssPresignError(code, `${operation} failed: ${ossCode ?? 'Error'}: ${ossMessage}`, {
    details: { operation, status, ossCode, requestId: error.RequestId, ec: error.EC },
  });
}
