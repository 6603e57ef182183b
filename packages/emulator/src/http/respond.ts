import type { ServerResponse } from 'node:http';
import type { OssServiceError } from './errors.js';
import { type XmlTree, buildXml } from './xml.js';

/**
 * Headers OSS puts on every answer, errors and preflights included (OSS doc "Common response headers").
 *
 * @example
 * ```ts
 * applyCommonHeaders(res, context.requestId, context.receivedAt);
 * ```
 */
export function applyCommonHeaders(res: ServerResponse, requestId: string, now: Date): void {
  res.setHeader('Server', 'AliyunOSS');
  res.setHeader('Date', now.toUTCString());
  res.setHeader('x-oss-request-id', requestId);
  res.setHeader('x-oss-server-time', '0');
}

function setHeaders(res: ServerResponse, headers: Readonly<Record<string, string>> | undefined): void {
  if (!headers) return;
  for (const name in headers) res.setHeader(name, headers[name] as string);
}

/**
 * Answers with an XML document.
 *
 * @example
 * ```ts
 * sendXml(res, 200, { InitiateMultipartUploadResult: { Bucket, Key, UploadId } });
 * ```
 */
export function sendXml(res: ServerResponse, status: number, tree: XmlTree, headers?: Readonly<Record<string, string>>): void {
  const body = Buffer.from(buildXml(tree), 'utf8');
  setHeaders(res, headers);
  res.setHeader('Content-Type', 'application/xml');
  res.setHeader('Content-Length', body.length);
  res.writeHead(status);
  res.end(body);
}

/**
 * Answers with a fixed body (or none) and the given headers.
 *
 * @example
 * ```ts
 * sendBody(res, 200, undefined, { ETag: '"D41D8CD98F00B204E9800998ECF8427E"' });
 * ```
 */
export function sendBody(
  res: ServerResponse,
  status: number,
  body: Buffer | undefined,
  headers?: Readonly<Record<string, string>>,
): void {
  setHeaders(res, headers);
  res.setHeader('Content-Length', body ? body.length : 0);
  res.writeHead(status);
  res.end(body);
}

/** Where the error happened, for the envelope. */
export interface ErrorEnvelopeContext {
  readonly requestId: string;
  readonly host: string;
  readonly method: string;
}

/**
 * Renders the OSS error envelope: Code, Message, RequestId, HostId, the operation's extra elements,
 * EC and RecommendDoc, plus the `x-oss-ec` header. HEAD answers carry no body (OSS doc "Error responses").
 *
 * @example
 * ```ts
 * sendError(res, new OssServiceError('NoSuchKey', { details: { Key: 'a' } }), context);
 * ```
 */
export function sendError(res: ServerResponse, error: OssServiceError, context: ErrorEnvelopeContext): void {
  if (res.headersSent) {
    // A streamed answer already started: the only honest signal left is to cut the connection.
    res.destroy();
    return;
  }
  res.setHeader('x-oss-ec', error.ec);
  const tree: Record<string, string> = {
    Code: error.code,
    Message: error.message,
    RequestId: context.requestId,
    HostId: context.host,
  };
  for (const name in error.details) tree[name] = error.details[name] as string;
  tree.EC = error.ec;
  tree.RecommendDoc = `https://api.aliyun.com/troubleshoot?q=${error.ec}`;
  if (context.method === 'HEAD') {
    // A HEAD answer has no body, so OSS carries the error document base64-encoded in x-oss-err
    // (doc "HeadObject"); SDKs such as ali-oss read the code and message from it.
    res.setHeader('x-oss-err', Buffer.from(buildXml({ Error: tree }), 'utf8').toString('base64'));
    sendBody(res, error.status, undefined, error.headers);
    return;
  }
  sendXml(res, error.status, { Error: tree }, error.headers);
}
