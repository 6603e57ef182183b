import { OssPresignError } from '../../src/errors/oss-presign-error.js';
import { createPresignHandler } from '../../src/handler/create-presign-handler.js';
import type { PresignHandlerOptions } from '../../src/handler/options.js';
import type { PlainRequest, PlainResponse } from '../../src/handler/plain-http.js';
import { createUploadTokenSigner } from '../../src/handler/upload-token.js';
import { createPresigner } from '../../src/presigner/create-presigner.js';

export const credentials = { accessKeyId: 'LTAI5tHandlerTest', accessKeySecret: 'handler-test-secret-0123456789' };
export const signTime = new Date('2024-06-01T08:30:15.000Z');
export const TOKEN_SECRET = 'a-test-secret-that-is-long-enough-0123456789';

/** Every call the handler makes to OSS lands here; the policy tests expect none. */
export const ossCalls: string[] = [];

export function testPresigner() {
  return createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials, now: () => signTime });
}

export function testHandler(overrides: Partial<PresignHandlerOptions<{ id: string }>> = {}) {
  return createPresignHandler<{ id: string }>({
    presigner: testPresigner(),
    authorize: (request) => (request.headers.authorization === 'Bearer alice' ? { id: 'alice' } : false),
    prefix: (user) => `users/${user.id}`,
    allowedContentTypes: ['image/*', 'application/pdf'],
    allowedMetadata: ['alt'],
    maxSize: 10 * 1024 * 1024,
    minSize: 1,
    uploadTokenSecret: TOKEN_SECRET,
    now: () => signTime,
    onError: () => {},
    fetch: async (url) => {
      ossCalls.push(url);
      throw new OssPresignError('INTERNAL_ERROR', 'the policy tests must not reach OSS');
    },
    ...overrides,
  });
}

export const tokens = createUploadTokenSigner(TOKEN_SECRET);

/** A token exactly as initiate would issue it for this upload. */
export function tokenFor(claims: { key: string; uploadId: string; size?: number; partSize?: number; expiresAt?: number; bucket?: string }) {
  return tokens.issue({
    bucket: claims.bucket ?? 'demo',
    key: claims.key,
    uploadId: claims.uploadId,
    size: claims.size ?? 1024 * 1024,
    partSize: claims.partSize ?? 256 * 1024,
    expiresAt: claims.expiresAt ?? Math.floor(signTime.getTime() / 1000) + 3600,
  });
}

export function post(path: string, body: unknown, headers: Record<string, string> = {}): PlainRequest {
  return {
    method: 'POST',
    path,
    headers: { authorization: 'Bearer alice', 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  };
}

export function json(response: PlainResponse): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}
