import type { Socket } from 'node:net';
import { OssServiceError } from './errors.js';
import { newRequestId } from './ids.js';
import { buildXml } from './xml.js';

/**
 * Answers a request Node's HTTP parser refused (bad Content-Length, malformed request line, header
 * overflow) with the OSS XML envelope instead of Node's bare `400 Bad Request`, then closes the
 * connection: bad input is always an OSS XML 4xx.
 *
 * @example
 * ```ts
 * server.on('clientError', (error, socket) => answerClientError(socket as Socket, new Date()));
 * ```
 */
export function answerClientError(socket: Socket, now: Date): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const error = new OssServiceError('InvalidArgument', { message: 'The HTTP request could not be parsed.' });
  const requestId = newRequestId();
  const body = Buffer.from(
    buildXml({
      Error: {
        Code: error.code,
        Message: error.message,
        RequestId: requestId,
        HostId: '',
        EC: error.ec,
        RecommendDoc: `https://api.aliyun.com/troubleshoot?q=${error.ec}`,
      },
    }),
  );
  const head = [
    `HTTP/1.1 ${error.status} Bad Request`,
    'Server: AliyunOSS',
    `Date: ${now.toUTCString()}`,
    'Content-Type: application/xml',
    `Content-Length: ${body.length}`,
    `x-oss-request-id: ${requestId}`,
    `x-oss-ec: ${error.ec}`,
    'Connection: close',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]));
}
