import { OssPresignError } from '../errors/oss-presign-error.js';
import { errorResponse } from './error-response.js';
import { fromFetchRequest, toFetchResponse } from './fetch-bridge.js';
import { abortMultipart, completeMultipart, initiateMultipart, listMultipartParts, presignParts } from './multipart.js';
import type { HandlerRequest, PresignHandlerOptions } from './options.js';
import { type PlainRequest, type PlainResponse, jsonResponse, normalizeHeaders, readBodyBytes } from './plain-http.js';
import { type JsonObject, asJsonObject, parseJsonObject } from './read-fields.js';
import { assertJsonShape } from './json-shape.js';
import { requestIdOf } from './request-id.js';
import { type Policy, resolvePolicy } from './resolve-policy.js';
import { presignUpload } from './single-upload.js';
import { PRESIGN_ROUTES, type PresignAction, presignMethodOf } from '../protocol/wire.js';

/** A framework-free presign endpoint. */
export interface PresignHandler<Native = unknown> {
  /** Serves a Fetch API request (Hono, Next.js route handlers, Bun, Deno). */
  fetch(request: Request): Promise<Response>;
  /** Serves the plain request an adapter builds; never throws. */
  handle(request: PlainRequest<Native>): Promise<PlainResponse>;
}

type Action<Context, Native> = (body: JsonObject, policy: Policy<Context, Native>, context: Context, request: HandlerRequest<Native>) => Promise<unknown>;

const ACTION_BY_PATH = new Map<string, PresignAction>(Object.entries(PRESIGN_ROUTES).map(([action, path]) => [path, action as PresignAction]));

function routeOf(path: string): PresignAction {
  const pathname = path.split('?')[0]?.replace(/\/+$/, '') ?? '';
  const action = ACTION_BY_PATH.get(pathname);
  if (!action) throw new OssPresignError('NOT_FOUND', 'No such route');
  return action;
}

function isJson(contentType: string | undefined): boolean {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(essence);
}

async function authorize<Context, Native>(policy: Policy<Context, Native>, request: HandlerRequest<Native>): Promise<Context> {
  if (!policy.options.authorize) return {} as Context;
  const context = await policy.options.authorize(request);
  if (!context) throw new OssPresignError('UNAUTHORIZED', 'Sign in to upload');
  return context;
}

async function readJsonBody(plain: PlainRequest<unknown>, headers: Record<string, string>, limit: number, timeoutMs: number): Promise<JsonObject> {
  // Only JSON is accepted: a cross-site form cannot send it without a CORS preflight.
  if (!isJson(headers['content-type'])) throw new OssPresignError('UNSUPPORTED_MEDIA_TYPE', 'Send the request as application/json');
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new OssPresignError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes`, { details: { limit } });
  }
  const parsed = plain.parsedBody;
  let body: JsonObject;
  if (plain.body === undefined && (typeof parsed === 'string' || parsed instanceof Uint8Array)) {
    // A raw-body parser (express.raw, express.text) ran first: the bytes are still the request's.
    body = parseJsonObject(await readBodyBytes(parsed, limit));
  } else if (plain.body === undefined && parsed !== undefined) {
    // express.json() / koa-bodyparser ran first: the same rules as for a body we parse ourselves.
    body = asJsonObject(parsed);
  } else {
    body = parseJsonObject(await readBodyBytes(plain.body, limit, timeoutMs));
  }
  assertJsonShape(body, limit);
  return body;
}

/**
 * Creates the presign endpoint: the routes of the JSON protocol (see {@link PRESIGN_ROUTES}, and
 * `GET /config`, the policy for clients' early checks) with
 * every policy enforced before anything is signed. Options are checked here, not on the first request.
 *
 * @example
 * ```ts
 * const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials: fromEnv() });
 * const handler = createPresignHandler({
 *   presigner,
 *   authorize: async (request) => (await sessionOf(request.headers.cookie)) ?? false,
 *   prefix: (user) => `users/${user.id}`,
 *   allowedContentTypes: ['image/*', 'application/pdf'],
 *   maxSize: 20 * 1024 * 1024,
 * });
 * export const POST = (request: Request) => handler.fetch(request); // e.g. a Next.js route under /api/oss/[...path]
 * ```
 */
export function createPresignHandler<Context = unknown, Native = unknown>(options: PresignHandlerOptions<Context, Native>): PresignHandler<Native> {
  const policy = resolvePolicy(options);
  const actions: Record<PresignAction, Action<Context, Native>> = {
    upload: presignUpload,
    initiate: initiateMultipart,
    presignParts,
    complete: completeMultipart,
    abort: abortMultipart,
    listParts: listMultipartParts,
    // The policy the handler enforces, for clients' early checks; authorized like every route.
    config: async () => policy.clientPolicy,
  };

  async function handle(plain: PlainRequest<Native>): Promise<PlainResponse> {
    const headers = normalizeHeaders(plain.headers ?? {});
    const requestId = requestIdOf(headers);
    let action: PresignAction | undefined;
    try {
      action = routeOf(plain.path ?? '');
      const method = String(plain.method).toUpperCase();
      const allow = presignMethodOf(action);
      // HEAD goes wherever GET does (RFC 9110, 9.3.2): the same answer without its body.
      const head = method === 'HEAD' && allow === 'GET';
      if (method !== allow && !head) {
        throw new OssPresignError('METHOD_NOT_ALLOWED', `Use ${allow}`, { details: { allow } });
      }
      const request: HandlerRequest<Native> = { action, method, path: plain.path, headers, native: plain.native };
      const context = await authorize(policy, request);
      const body = allow === 'GET' ? {} : await readJsonBody(plain, headers, policy.maxBodyBytes, policy.bodyTimeoutMs);
      const answer = jsonResponse(200, await actions[action](body, policy, context, request), requestId);
      return head ? { ...answer, body: '' } : answer;
    } catch (error) {
      return errorResponse(error, { requestId, action, onError: options.onError });
    }
  }

  return {
    handle,
    async fetch(request) {
      return toFetchResponse(await handle(fromFetchRequest(request, options.basePath) as PlainRequest<Native>));
    },
  };
}
