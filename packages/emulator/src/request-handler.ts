import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendableHeaderValue, utf8WireValue } from './http/wire-value.js';
import type { SigningKeyCache } from '@oss-presign/core/signer';
import { authenticate } from './auth/authenticate.js';
import type { CredentialLookup } from './auth/credentials.js';
import type { CallbackTransport } from './callback/send-callback.js';
import { type CorsConfig, actualCorsHeaders, corsRulesFor, matchCorsRule, preflightHeaders, requestedHeaders } from './cors.js';
import { applyFault } from './fault-effects.js';
import type { FaultInjector } from './faults.js';
import { type AddressingConfig, type Target, decodePath, resolveTarget } from './http/addressing.js';
import { drainBody } from './http/body.js';
import { type RequestContext, createRequestContext } from './http/context.js';
import { OssServiceError } from './http/errors.js';
import { checkHeaderValues } from './http/headers.js';
import { newRequestId } from './http/ids.js';
import { applyCommonHeaders, sendBody, sendError } from './http/respond.js';
import type { UploadRegistry } from './multipart/registry.js';
import { OPERATION_HANDLERS } from './operations/handlers.js';
import { validateKey } from './operations/object-key.js';
import { emulatedOperation, routeOperation } from './operations/route.js';
import { requireCurrentVersion } from './operations/version-id.js';
import type { LazyHashOffload } from './store/hash-offload.js';
import type { ObjectStore } from './store/object-store.js';

/** Where the callback public key PEM is served; not a valid bucket name, so it cannot clash. */
export const PUBLIC_KEY_PATH = '/__oss-emulator__/callback-public-key.pem';

/** The emulator state a request handler works on. */
export interface HandlerDeps {
  readonly region: string;
  readonly addressing: AddressingConfig;
  readonly cors: CorsConfig;
  readonly now: () => Date;
  readonly lookup: CredentialLookup;
  readonly signingKeyCache: SigningKeyCache;
  readonly store: ObjectStore;
  readonly uploads: UploadRegistry;
  readonly faults: FaultInjector;
  readonly callbacks: CallbackTransport;
  readonly publicKeyPem: string;
  readonly maxObjectSize: number;
  readonly hashOffload: LazyHashOffload;
  readonly onInternalError: (error: unknown) => void;
}

function answerPreflight(res: ServerResponse, request: RequestContext, deps: HandlerDeps, target: Target): void {
  const origin = request.headers.origin;
  const method = request.headers['access-control-request-method'];
  const bucketExists = target.bucket !== undefined && deps.store.hasBucket(target.bucket);
  const rules = bucketExists ? corsRulesFor(deps.cors, target.bucket) : [];
  const wanted = request.headers['access-control-request-headers'];
  const rule = origin && method ? matchCorsRule(rules, origin, method, requestedHeaders(wanted)) : undefined;
  if (!rule || !origin || !method) throw new OssServiceError('AccessForbidden');
  sendBody(res, 200, undefined, preflightHeaders(rule, origin, method, wanted));
}

function applyActualCors(res: ServerResponse, request: RequestContext, deps: HandlerDeps, target: Target): void {
  const origin = request.headers.origin;
  if (!origin || !target.bucket || !deps.store.hasBucket(target.bucket)) return;
  const rule = matchCorsRule(corsRulesFor(deps.cors, target.bucket), origin, request.method, []);
  if (!rule) return;
  const headers = actualCorsHeaders(rule, origin);
  for (const name in headers) res.setHeader(name, headers[name] as string);
}

async function route(req: IncomingMessage, res: ServerResponse, request: RequestContext, deps: HandlerDeps): Promise<void> {
  if (request.invalidQuery) throw request.invalidQuery;
  checkHeaderValues(req.rawHeaders);
  if (request.rawPath === PUBLIC_KEY_PATH) {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new OssServiceError('MethodNotAllowed');
    sendBody(res, 200, request.method === 'GET' ? Buffer.from(deps.publicKeyPem) : undefined, { 'Content-Type': 'application/x-pem-file' });
    return;
  }
  const target = resolveTarget(request.host, decodePath(request.rawPath), deps.addressing);
  if (request.method === 'OPTIONS') return answerPreflight(res, request, deps, target);
  applyActualCors(res, request, deps, target);
  const { bucket, key } = target;
  if (!bucket) throw new OssServiceError('MethodNotAllowed', { message: 'Service-level operations (ListBuckets) are not emulated.' });
  if (!deps.store.hasBucket(bucket)) throw new OssServiceError('NoSuchBucket', { details: { BucketName: bucket } });
  const rule = routeOperation(request.method, key !== undefined, request.query, request.headers);
  if (key !== undefined) validateKey(key);
  // PostObject carries its signature in the form; headers and URL are not checked (OSS doc "PostObject").
  const postObject = 'emulated' in rule && rule.emulated === 'PostObject';
  if (!postObject) authenticate({
    method: request.method,
    bucket,
    key,
    query: request.query,
    headers: request.headers,
    now: request.receivedAt,
    region: deps.region,
    lookup: deps.lookup,
    signingKeyCache: deps.signingKeyCache,
  });
  // What is not emulated is refused (501) here: after the signature check, before any body is read.
  const operation = emulatedOperation(rule, request.query);
  if (key !== undefined) requireCurrentVersion(request.query, deps.store, bucket, key);
  const fault = deps.faults.decide(operation);
  if (fault && (await applyFault(fault, req))) return;
  await OPERATION_HANDLERS[operation]({
    req,
    res,
    request,
    bucket,
    key,
    store: deps.store,
    uploads: deps.uploads,
    callbacks: deps.callbacks,
    now: deps.now,
    maxObjectSize: deps.maxObjectSize,
    hashOffload: deps.hashOffload,
    region: deps.region,
    lookup: deps.lookup,
    signingKeyCache: deps.signingKeyCache,
  });
}

/**
 * Every header an operation sets or echoes goes through {@link sendableHeaderValue}: a value that is
 * still text (above U+00FF) is sent as its UTF-8 bytes, as OSS sends it, never a 500 from node:http.
 */
function guardHeaderValues(res: ServerResponse): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => {
    if (typeof value === 'string') return setHeader(name, sendableHeaderValue(value));
    if (Array.isArray(value)) return setHeader(name, value.map((item) => sendableHeaderValue(String(item))));
    return setHeader(name, value);
  };
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    placeContentDisposition(res, setHeader);
    return writeHead(...args);
  }) as ServerResponse['writeHead'];
}

/**
 * node:http re-reads a Content-Disposition value as latin1 bytes and writes their UTF-8 decoding
 * once a Content-Length is known (nodejs/node#46528), which would turn the UTF-8 bytes OSS sends
 * into other bytes. The header is set last, so whether that happens is known (a Content-Length
 * header is set, or end() measured the body), and given in the form that comes out as its bytes.
 */
function placeContentDisposition(res: ServerResponse, setHeader: ServerResponse['setHeader']): void {
  const value = res.getHeader('content-disposition');
  if (typeof value !== 'string' || !/[\u0080-\u00ff]/.test(value)) return;
  res.removeHeader('content-disposition');
  const lengthKnown = res.hasHeader('content-length') || typeof (res as unknown as { _contentLength?: unknown })._contentLength === 'number';
  setHeader('Content-Disposition', lengthKnown ? utf8WireValue(value) : value);
}

/**
 * The emulator's request handler: common headers, addressing, CORS, routing, authentication,
 * faults, then the operation. Any error becomes the OSS XML envelope once the rest of the body has
 * been read; an unexpected one is a 500 InternalError and is reported to `onInternalError`.
 *
 * @example
 * ```ts
 * const server = createServer(createRequestHandler(deps));
 * ```
 */
export function createRequestHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    guardHeaderValues(res);
    const request = createRequestContext(req, newRequestId(), deps.now());
    applyCommonHeaders(res, request.requestId, request.receivedAt);
    route(req, res, request, deps).catch(async (error: unknown) => {
      if (!req.socket || req.socket.destroyed) return; // the client is gone (or a reset fault): nobody to answer
      let ossError: OssServiceError;
      if (error instanceof OssServiceError) ossError = error;
      else {
        deps.onInternalError(error);
        ossError = new OssServiceError('InternalError');
      }
      await drainBody(req);
      sendError(res, ossError, request);
    });
  };
}
