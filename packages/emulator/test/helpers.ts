import { expect } from 'vitest';
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { type OssCredentials, type QueryValue, encodePath, signV4Header, signV4Query } from '@oss-presign/core/signer';
import { XMLParser } from 'fast-xml-parser';
import { type Emulator, type EmulatorOptions, startEmulator } from '../src/index.js';

export const REGION = 'cn-hangzhou';
export const BUCKET = 'demo';
export const CREDENTIALS: OssCredentials = { accessKeyId: 'test-ak', accessKeySecret: 'test-sk+/=0123456789' };
export const STS_CREDENTIALS: OssCredentials = {
  accessKeyId: 'STS.test-ak',
  accessKeySecret: 'sts-secret',
  securityToken: 'token+with/special=chars',
};

/** Starts an emulator on 127.0.0.1:0 with the test credentials (plus overrides). */
export function startTestEmulator(overrides: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({
    port: 0,
    host: '127.0.0.1',
    region: REGION,
    buckets: [BUCKET, 'other'],
    credentials: [CREDENTIALS, STS_CREDENTIALS],
    ...overrides,
  });
}

/** Encodes a key for a URL path the way the signer canonicalises it (slashes kept). */
export function encodeKeyPath(key: string): string {
  // The same encoding as the canonical URI, so the path sent is the path signed.
  return encodePath(key);
}

export interface SignOptions {
  readonly method: string;
  readonly key?: string | undefined;
  readonly bucket?: string | undefined;
  readonly headers?: Record<string, string> | undefined;
  readonly query?: Record<string, QueryValue> | undefined;
  readonly additionalHeaders?: string[] | undefined;
  readonly expires?: number | undefined;
  readonly signTime?: Date | undefined;
  readonly credentials?: OssCredentials | undefined;
  readonly region?: string | undefined;
}

function queryPart(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  return Object.entries(query)
    .map(([name, value]) => (value === null || value === '' ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`))
    .join('&');
}

// What both request forms sign: the options with this file's defaults filled in.
function signerInput(options: SignOptions, bucket: string) {
  return {
    method: options.method,
    bucket,
    key: options.key,
    region: options.region ?? REGION,
    credentials: options.credentials ?? CREDENTIALS,
    headers: options.headers,
    query: options.query,
    additionalHeaders: options.additionalHeaders,
    signTime: options.signTime ?? new Date(),
  };
}

/** A path-style V4 presigned URL made by the core signer. */
export function presignedUrl(oss: Emulator, options: SignOptions): string {
  const bucket = options.bucket ?? BUCKET;
  const { queryString } = signV4Query({ ...signerInput(options, bucket), expires: options.expires ?? 900 });
  return `${oss.endpoint}/${bucket}/${options.key ? encodeKeyPath(options.key) : ''}?${queryString}`;
}

/** A path-style URL and the headers of a V4 Authorization-header request made by the core signer. */
export function headerSigned(oss: Emulator, options: SignOptions): { url: string; headers: Record<string, string> } {
  const bucket = options.bucket ?? BUCKET;
  const { headers } = signV4Header(signerInput(options, bucket));
  const query = queryPart(options.query);
  return { url: `${oss.endpoint}/${bucket}/${options.key ? encodeKeyPath(options.key) : ''}${query ? `?${query}` : ''}`, headers };
}

const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['Part', 'Contents', 'CommonPrefixes', 'Upload'].includes(name) });

/** Parses an XML body. */
export function parseXmlBody(text: string): Record<string, any> {
  return xml.parse(text) as Record<string, any>;
}

/** The OSS error envelope of a response. */
export interface OssErrorBody {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly ec: string;
  readonly requestId: string;
  readonly hostId: string;
  readonly headerEc: string | null;
  readonly headerRequestId: string | null;
  readonly fields: Record<string, string>;
}

/** Reads a response that must be an OSS XML error. */
export async function readError(response: Response): Promise<OssErrorBody> {
  const text = await response.text();
  const error = parseXmlBody(text).Error as Record<string, string> | undefined;
  if (!error) throw new Error(`expected an OSS XML error, got ${response.status}: ${text}`);
  return {
    status: response.status,
    code: error.Code ?? '',
    message: error.Message ?? '',
    ec: error.EC ?? '',
    requestId: error.RequestId ?? '',
    hostId: error.HostId ?? '',
    headerEc: response.headers.get('x-oss-ec'),
    headerRequestId: response.headers.get('x-oss-request-id'),
    fields: error,
  };
}

/** PUTs a body to a presigned URL. */
export function putTo(url: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'PUT', body: typeof body === 'string' ? Buffer.from(body) : body, headers });
}

/** A raw HTTP answer (node:http, so Host and every header are exactly as given). */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** Sends a request with node:http: unlike fetch, it may set Host and adds no headers of its own. */
export function rawRequest(
  endpoint: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(endpoint);
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: options.method, path: options.path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The `<Code>` of a raw XML error answer, or undefined when the body is not one. */
export function errorCodeOf(response: RawResponse): string | undefined {
  const error = parseXmlBody(response.body.toString('utf8')).Error as Record<string, string> | undefined;
  return error?.Code;
}

/** Writes a raw HTTP/1.1 request on a fresh socket and returns the status line and whole answer. */
export function rawExchange(endpoint: string, text: string): Promise<{ statusLine: string; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(endpoint);
    const socket = connect(Number(url.port), url.hostname, () => socket.end(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const answer = Buffer.concat(chunks).toString('utf8');
      resolve({ statusLine: answer.split('\r\n')[0] ?? '', text: answer });
    });
  });
}

/** Sends a request signed with a V4 Authorization header by the core signer. */
export function signedFetch(oss: Emulator, options: SignOptions & { body?: string | Buffer | undefined }): Promise<Response> {
  const { url, headers } = headerSigned(oss, options);
  const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
  return fetch(url, { method: options.method, headers, body });
}

/** Asserts two byte strings are equal (deep equality is too slow on megabytes). */
export function expectSameBytes(actual: Buffer | undefined, expected: Buffer): void {
  expect(actual).toBeInstanceOf(Buffer);
  expect((actual as Buffer).length).toBe(expected.length);
  expect(Buffer.compare(actual as Buffer, expected)).toBe(0);
}
