import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { CallbackKeyPair } from './key-pair.js';
import type { CallbackRequest } from './parse-callback.js';
import { callbackStringToSign } from './string-to-sign.js';

/** How the emulator posts callbacks. */
export interface CallbackTransport {
  readonly keys: CallbackKeyPair;
  /** Served by the emulator; sent base64-encoded in x-oss-pub-key-url. */
  readonly publicKeyUrl: string;
  /** OSS waits 5 s (OSS doc "Callback"). */
  readonly timeoutMs: number;
  /** When set, only these host names (or host:port) may receive callbacks. */
  readonly allowHosts?: readonly string[] | undefined;
}

/** The app's answer relayed to the uploader, or why the callback failed (203 CallbackFailed). */
export type CallbackOutcome = { readonly ok: true; readonly body: Buffer } | { readonly ok: false; readonly message: string };

const MAX_RESPONSE_BYTES = 1024 * 1024;
const CANNOT_CONNECT = 'Error status : -1. OSS can not connect to your callbackUrl, please check it.';

function hostAllowed(url: URL, allowHosts: readonly string[] | undefined): boolean {
  if (!allowHosts) return true;
  return allowHosts.includes(url.hostname) || allowHosts.includes(url.host);
}

function readResponse(response: IncomingMessage): Promise<CallbackOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
    });
    response.on('error', () => resolve({ ok: false, message: CANNOT_CONNECT }));
    response.on('end', () => {
      const status = response.statusCode ?? 0;
      if (status !== 200) return resolve({ ok: false, message: `Error status : ${status}.` });
      if (response.headers['content-length'] === undefined) {
        return resolve({ ok: false, message: 'Response has no Content-Length header.' });
      }
      if (size > MAX_RESPONSE_BYTES) return resolve({ ok: false, message: 'Response body is too large.' });
      const body = Buffer.concat(chunks);
      // A UTF-8 BOM makes the body invalid JSON for OSS too (OSS doc "Callback").
      try {
        JSON.parse(body.toString('utf8'));
        if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) throw new Error('BOM');
      } catch {
        return resolve({ ok: false, message: 'Response body is not valid json format.' });
      }
      resolve({ ok: true, body });
    });
  });
}

function postOnce(url: URL, callback: CallbackRequest, body: Buffer, transport: CallbackTransport, headers: Record<string, string>): Promise<CallbackOutcome> {
  if (!hostAllowed(url, transport.allowHosts)) return Promise.resolve({ ok: false, message: `${CANNOT_CONNECT} (host not in allowCallbackHosts)` });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: CallbackOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const outgoing = send(url, {
      method: 'POST',
      // One connection per callback, closed after it, as OSS sends them (OSS doc "Callback").
      agent: false,
      headers: {
        ...headers,
        Host: callback.host ?? url.host,
        authorization: transport.keys.sign(callbackStringToSign(url, body)),
      },
    });
    const timer = setTimeout(() => {
      finish({ ok: false, message: `Error status : -1. Cost too long time: no answer within ${transport.timeoutMs} ms.` });
      outgoing.destroy();
    }, transport.timeoutMs);
    outgoing.on('response', (response) => {
      void readResponse(response).then(finish);
    });
    outgoing.on('error', () => finish({ ok: false, message: CANNOT_CONNECT }));
    outgoing.end(body);
  });
}

/**
 * POSTs the rendered body to each callback URL in turn until one answers 200 with JSON, signing it
 * with the emulator's key (authorization = base64 RSA-MD5) and naming the public key in
 * x-oss-pub-key-url (OSS doc "Callback"). Never retried, never throws.
 *
 * @example
 * ```ts
 * const outcome = await sendCallback(callback, Buffer.from(body), transport, { bucket: 'demo', requestId });
 * ```
 */
export async function sendCallback(
  callback: CallbackRequest,
  body: Buffer,
  transport: CallbackTransport,
  context: { readonly bucket: string; readonly requestId: string; readonly now: Date },
): Promise<CallbackOutcome> {
  const headers: Record<string, string> = {
    'Content-Type': callback.bodyType,
    'Content-Length': String(body.length),
    'Content-MD5': createHash('md5').update(body).digest('base64'),
    Date: context.now.toUTCString(),
    'User-Agent': 'aliyun-oss-callback',
    Connection: 'close',
    'x-oss-bucket': context.bucket,
    'x-oss-pub-key-url': Buffer.from(transport.publicKeyUrl, 'utf8').toString('base64'),
    'x-oss-request-id': context.requestId,
    'x-oss-signature-version': '1.0',
    'x-oss-tag': 'CALLBACK',
  };
  let outcome: CallbackOutcome = { ok: false, message: CANNOT_CONNECT };
  for (const url of callback.urls) {
    outcome = await postOnce(url, callback, body, transport, headers);
    if (outcome.ok) return outcome;
  }
  return outcome;
}
