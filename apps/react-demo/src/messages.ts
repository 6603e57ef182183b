import type { OssUploadError, UploadPolicy } from '@oss-presign/core/upload';
import { describeTypes, formatBytes } from './format';

/** The server's policy refused the file: before any presign (the store's check), or by the presign endpoint itself. */
function policyMessage(code: 'CONTENT_TYPE_NOT_ALLOWED' | 'FILE_TOO_LARGE' | 'FILE_TOO_SMALL', policy: UploadPolicy | undefined): { text: string; canRetry: boolean } {
  if (code === 'CONTENT_TYPE_NOT_ALLOWED') {
    return {
      text: policy ? `This kind of file can't be uploaded here. Allowed: ${describeTypes(policy.allowedContentTypes)}.` : "This kind of file can't be uploaded here.",
      canRetry: false,
    };
  }
  if (code === 'FILE_TOO_LARGE') return { text: policy ? `This file is too big. The limit is ${formatBytes(policy.maxSize)}.` : 'This file is too big.', canRetry: false };
  return { text: policy ? `This file is too small. It must be at least ${formatBytes(policy.minSize)}.` : 'This file is too small.', canRetry: false };
}

/**
 * What to tell a person about a failed upload: one sentence in their words, and whether trying
 * again may help. The uploader's code and message stay available as the technical detail.
 */
export function userMessage(error: OssUploadError, policy: UploadPolicy | undefined): { text: string; canRetry: boolean } {
  switch (error.code) {
    case 'CONTENT_TYPE_NOT_ALLOWED':
    case 'FILE_TOO_LARGE':
    case 'FILE_TOO_SMALL':
      return policyMessage(error.code, policy);
    case 'INVALID_BODY':
      return { text: "This file couldn't be read. Pick it again.", canRetry: false };
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
      return { text: 'The connection dropped. Check your network and try again.', canRetry: true };
    case 'URL_EXPIRED':
    case 'CLOCK_SKEW':
      return { text: "The upload link ran out of time. Try again: you'll get a fresh one.", canRetry: true };
    case 'THROTTLED':
    case 'SERVER_ERROR':
      return { text: 'The storage service is busy. Try again in a moment.', canRetry: true };
    case 'ACCESS_DENIED':
    case 'SIGNATURE_MISMATCH':
      return { text: 'The storage service refused this upload. The app may be misconfigured.', canRetry: true };
    case 'CHECKSUM_MISMATCH':
    case 'CHECKSUM_MISSING':
    case 'ETAG_MISSING':
      return { text: "The file arrived damaged, so it wasn't kept. Try again.", canRetry: true };
    case 'OSS_CALLBACK_FAILED':
      return { text: 'The file was stored, but the app was not told about it.', canRetry: false };
    case 'NO_SUCH_UPLOAD':
      return { text: 'This upload was cancelled elsewhere. Start it again.', canRetry: true };
    case 'PRESIGN_FAILED': {
      // The app's presign endpoint refused: its own code (the cause) says why.
      const code = (error.cause as { code?: unknown } | undefined)?.code;
      if (code === 'UNAUTHORIZED') return { text: 'Sign in to upload files, then try again.', canRetry: true };
      if (code === 'FORBIDDEN' || code === 'KEY_OUTSIDE_PREFIX') return { text: "You aren't allowed to upload here.", canRetry: false };
      if (code === 'CONTENT_TYPE_NOT_ALLOWED' || code === 'FILE_TOO_LARGE' || code === 'FILE_TOO_SMALL') return policyMessage(code, policy);
      if (error.retryable) return { text: "The app couldn't be reached. Try again in a moment.", canRetry: true };
      return { text: "The app didn't accept this upload. Try again, or contact support if it keeps happening.", canRetry: true };
    }
    case 'CALLBACK_ERROR':
      return { text: "The app didn't accept this upload. Try again, or contact support if it keeps happening.", canRetry: true };
    default:
      return { text: 'The upload failed. Try again.', canRetry: true };
  }
}

/** The detail behind the sentence: code, HTTP status and the uploader's own message (which never carries a signature). */
export function technicalDetail(error: OssUploadError): string {
  const lines = [`code: ${error.code}`];
  if (error.status !== undefined) lines.push(`HTTP status: ${error.status}`);
  lines.push(`message: ${error.message}`);
  return lines.join('\n');
}
