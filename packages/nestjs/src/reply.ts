import type { PlainResponse } from './core.js';

interface ExpressResponse {
  writeHead(status: number, headers: Record<string, string>): { end(body: string): void };
}
interface FastifyReply {
  code(status: number): FastifyReply;
  headers(headers: Record<string, string>): FastifyReply;
  send(body: string): unknown;
}

/**
 * Copies core's answer to the platform's response as final bytes: on Express, writeHead/end rather
 * than res.send (no ETag or freshness check on a presigned URL, which must never be cached).
 */
export function sendPlain(platform: string, response: unknown, answer: PlainResponse): void {
  if (platform === 'fastify') (response as FastifyReply).code(answer.status).headers(answer.headers).send(answer.body);
  else (response as ExpressResponse).writeHead(answer.status, answer.headers).end(answer.body);
}

/** The answer headers an error still carries when it goes out through Nest's exception filters. */
export function errorHeaders(answer: PlainResponse): [string, string][] {
  // Content-Type and Content-Length are the filter's to set: it writes the body.
  return Object.entries(answer.headers).filter(([name]) => name !== 'content-type' && name !== 'content-length');
}
