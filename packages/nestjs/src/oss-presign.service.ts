import { Inject, Injectable } from '@nestjs/common';
import {
  type AbortRequest,
  type AbortResponse,
  type CallbackHandler,
  type CompleteRequest,
  type CompleteResponse,
  type GetObjectRequest,
  type InitiateRequest,
  type InitiateResponse,
  type ListPartsRequestBody,
  type ListPartsResponse,
  PRESIGN_ROUTES,
  type PlainBody,
  type PlainRequest,
  type PlainResponse,
  type PresignHandler,
  type PresignPartsRequest,
  type PresignPartsResponse,
  type PresignUploadRequest,
  type PresignUploadResponse,
  type PresignedRequest,
  type Presigner,
  type UploadCompleteEvent,
  createCallbackHandler,
  createPresignHandler,
} from './core.js';
import { OssPresignHttpException } from './http-exception.js';
import type { NestHttpRequest, OssPresignModuleOptions } from './options.js';
import { OSS_PRESIGN_OPTIONS } from './tokens.js';

/** Who asks, for calls made from the app's own code: `authorize` and the other hooks see it. */
export interface OssPresignCaller {
  /** Request headers (names in any case), e.g. the app route's `req.headers`. */
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>> | undefined;
  /** The Nest request, as `request.native` for the hooks (`request.native.user`). */
  readonly native?: NestHttpRequest | undefined;
}

/** An OSS upload callback as the app received it. */
export interface OssCallbackInput {
  /** The request target exactly as received (path and query), e.g. `req.originalUrl ?? req.url`. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body (`req.rawBody` with `{ rawBody: true }`, or the unread request stream): the signature covers its bytes. */
  readonly rawBody: PlainBody;
  readonly native?: NestHttpRequest | undefined;
}

/** A callback that passed verification: what core's `onUploadComplete` would get. */
export type VerifiedOssUpload = UploadCompleteEvent<NestHttpRequest>;

/** Carries one verification's outcome out of core's callback handler. */
interface CallbackSlot {
  readonly request: NestHttpRequest | undefined;
  event?: VerifiedOssUpload;
}

type Action = keyof typeof PRESIGN_ROUTES;

/**
 * The module's presign policy as an injectable service: the same rules as the built-in routes,
 * from the app's own controllers. Refusals are {@link OssPresignHttpException}s with core's status
 * and JSON body.
 *
 * @example
 * ```ts
 * @Controller('files')
 * export class FilesController {
 *   constructor(private readonly oss: OssPresignService) {}
 *   @Post('avatar')
 *   avatar(@Req() req: Request, @Body() body: { size: number }) {
 *     return this.oss.presignUpload({ fileName: 'avatar.png', contentType: 'image/png', size: body.size }, { headers: req.headers, native: req });
 *   }
 * }
 * ```
 */
@Injectable()
export class OssPresignService {
  private readonly handler: PresignHandler<NestHttpRequest>;
  private readonly callbacks: CallbackHandler<CallbackSlot>;

  constructor(@Inject(OSS_PRESIGN_OPTIONS) private readonly options: OssPresignModuleOptions) {
    this.handler = createPresignHandler(options);
    this.callbacks = createCallbackHandler<CallbackSlot>({
      ...options.callbackVerification,
      onError: options.callbackVerification?.onError ?? options.onError,
      onUploadComplete: (event) => {
        const slot = event.native as CallbackSlot;
        slot.event = { ...event, native: slot.request };
      },
    });
  }

  /** The presigner the module was configured with (also injectable with `@InjectOssPresigner()`). */
  get presigner(): Presigner {
    return this.options.presigner;
  }

  /**
   * Serves one request of the presign protocol; never throws. The built-in controller's door.
   *
   * @example
   * ```ts
   * const answer = await oss.handle({ method: 'POST', path: '/upload', headers: req.headers, body: req.rawBody, native: req });
   * ```
   */
  handle(request: PlainRequest<NestHttpRequest>): Promise<PlainResponse> {
    return this.handler.handle(request);
  }

  /**
   * Presigns one PUT under the module's policy (`POST /upload`).
   * @throws OssPresignHttpException 401 without an authorized caller, 400 for a refused file, …
   */
  presignUpload(file: PresignUploadRequest, caller?: OssPresignCaller): Promise<PresignUploadResponse> {
    return this.call('upload', file, caller);
  }

  /** Starts a multipart upload on OSS (`POST /multipart/initiate`); answers the upload handle and part plan. */
  initiateMultipart(file: InitiateRequest, caller?: OssPresignCaller): Promise<InitiateResponse> {
    return this.call('initiate', file, caller);
  }

  /** Presigns UploadPart URLs for parts of an upload started by `initiateMultipart` (`POST /multipart/parts`). */
  presignParts(request: PresignPartsRequest, caller?: OssPresignCaller): Promise<PresignPartsResponse> {
    return this.call('presignParts', request, caller);
  }

  /** Completes a multipart upload on OSS (`POST /multipart/complete`). */
  completeMultipart(request: CompleteRequest, caller?: OssPresignCaller): Promise<CompleteResponse> {
    return this.call('complete', request, caller);
  }

  /** Aborts a multipart upload on OSS, dropping its parts (`POST /multipart/abort`). */
  abortMultipart(request: AbortRequest, caller?: OssPresignCaller): Promise<AbortResponse> {
    return this.call('abort', request, caller);
  }

  /** Lists the parts OSS holds for an upload (`POST /multipart/list-parts`). */
  listParts(request: ListPartsRequestBody, caller?: OssPresignCaller): Promise<ListPartsResponse> {
    return this.call('listParts', request, caller);
  }

  /**
   * Presigns a GET of an object (OSS doc "GetObject"): no policy of the module applies but its
   * default lifetime, so check the caller may read `key` first.
   *
   * @example
   * ```ts
   * const { url } = await oss.presignDownload({ key: 'users/alice/report.pdf', response: { contentDisposition: 'attachment' } });
   * ```
   * @throws OssPresignError INVALID_KEY for a key OSS would refuse, INVALID_EXPIRY for a lifetime out of range.
   */
  presignDownload(request: Omit<GetObjectRequest, 'operation'>, options: { readonly expires?: number } = {}): Promise<PresignedRequest> {
    return this.options.presigner.presign({ ...request, operation: 'GetObject' }, { expires: options.expires ?? this.options.expires });
  }

  /**
   * Verifies an OSS upload callback (RSA-MD5 over path, query and raw body; OSS doc "Callback").
   *
   * @example
   * ```ts
   * const upload = await oss.verifyCallback({ url: req.originalUrl, headers: req.headers, rawBody: req.rawBody! });
   * ```
   * @throws OssPresignHttpException 403 CALLBACK_SIGNATURE_INVALID for a forged, altered or unsigned callback.
   */
  async verifyCallback(callback: OssCallbackInput): Promise<VerifiedOssUpload> {
    const slot: CallbackSlot = { request: callback.native };
    const answer = await this.callbacks.handle({ method: 'POST', url: callback.url, headers: callback.headers, body: callback.rawBody, native: slot });
    if (slot.event === undefined) throw new OssPresignHttpException(answer);
    return slot.event;
  }

  private async call<Answer>(action: Action, body: object, caller: OssPresignCaller = {}): Promise<Answer> {
    // The JSON protocol's own door, so a call from code meets exactly the rules of a call over HTTP.
    const { 'content-length': _length, 'content-type': _type, ...headers } = lowerCased(caller.headers);
    const answer = await this.handler.handle({
      method: 'POST',
      path: PRESIGN_ROUTES[action],
      headers: { ...headers, 'content-type': 'application/json' },
      parsedBody: body,
      native: caller.native,
    });
    if (answer.status >= 400) throw new OssPresignHttpException(answer);
    return JSON.parse(answer.body) as Answer;
  }
}

function lowerCased(headers: OssPresignCaller['headers']): Record<string, string | readonly string[] | undefined> {
  const out: Record<string, string | readonly string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}
