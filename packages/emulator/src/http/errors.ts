/**
 * The one error type of the emulator and the one table that gives each OSS error code its HTTP
 * status, default message and EC (OSS doc "Error responses"). Handlers throw `OssServiceError`; the server
 * renders it as the OSS XML envelope (see `render-error.ts`).
 *
 * EC values marked "sourced" come from OSS doc "Error responses" or the OSS EC pages (help.aliyun.com
 * /en/oss/user-guide/<EC>); the others are best guesses and are flagged as such.
 */
export type OssErrorCode =
  | 'AccessDenied'
  | 'AccessForbidden'
  | 'CallbackFailed'
  | 'EntityTooLarge'
  | 'EntityTooSmall'
  | 'FileAlreadyExists'
  | 'InternalError'
  | 'InvalidAccessKeyId'
  | 'InvalidArgument'
  | 'InvalidDigest'
  | 'InvalidObjectName'
  | 'InvalidPart'
  | 'InvalidPartOrder'
  | 'InvalidPolicyDocument'
  | 'InvalidRange'
  | 'InvalidSecurityToken'
  | 'MalformedPOSTRequest'
  | 'InvalidTargetType'
  | 'MalformedXML'
  | 'MethodNotAllowed'
  | 'MissingArgument'
  | 'MissingContentLength'
  | 'NoSuchBucket'
  | 'NoSuchKey'
  | 'NoSuchUpload'
  | 'NoSuchVersion'
  | 'NotImplemented'
  | 'NotSymlink'
  | 'ObjectNotAppendable'
  | 'PositionNotEqualToLength'
  | 'PreconditionFailed'
  | 'RequestTimeTooSkewed'
  | 'SecondLevelDomainForbidden'
  | 'SecurityTokenExpired'
  | 'ServiceUnavailable'
  | 'SignatureDoesNotMatch'
  | 'SymlinkTargetNotExist';

/** Status, default message and default EC of one OSS error code. */
export interface OssErrorSpec {
  readonly status: number;
  readonly message: string;
  readonly ec: string;
}

/** Code -> status/message/EC. Throw sites may override message and EC for a sourced variant. */
export const OSS_ERRORS: Readonly<Record<OssErrorCode, OssErrorSpec>> = {
  // Sourced: error doc sample (doc-detail/32005) answers 403 AccessDenied with x-oss-ec 0003-00000001.
  AccessDenied: { status: 403, message: 'You have no right to access this object because of bucket acl.', ec: '0003-00000001' },
  AccessForbidden: {
    status: 403,
    // Typos are OSS's own (OSS doc "CORS errors", under "Errors and troubleshooting").
    message:
      'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Requet-Headers are not whitelisted by the resource\'s CORS spec.',
    ec: '0003-00000001', // unverified
  },
  CallbackFailed: { status: 203, message: 'Error status : -1.', ec: '0007-00000203' }, // sourced
  EntityTooLarge: { status: 400, message: 'Your proposed upload exceeds the maximum allowed size.', ec: '0006-00000002' }, // EC unverified
  EntityTooSmall: { status: 400, message: 'Your proposed upload smaller than the minimum allowed size.', ec: '0042-00000213' }, // sourced
  FileAlreadyExists: { status: 409, message: 'The object you specified already exists and can not be overwritten.', ec: '0026-00000201' }, // sourced (also 0026-00000002)
  InternalError: { status: 500, message: 'We encountered an internal error. Please try again.', ec: '0000-00000000' }, // EC unverified
  InvalidAccessKeyId: { status: 403, message: 'The OSS Access Key Id you provided does not exist in our records.', ec: '0002-00000902' }, // sourced
  InvalidArgument: { status: 400, message: 'Invalid Argument.', ec: '0017-00000001' }, // default EC unverified; throw sites pass sourced ones
  InvalidDigest: { status: 400, message: 'The Content-MD5 you specified was invalid.', ec: '0017-00000503' }, // sourced (mismatch)
  InvalidObjectName: { status: 400, message: 'The specified object is not valid.', ec: '0016-00000005' }, // message sourced (HTTP 400 page), EC unverified
  InvalidPart: {
    status: 400,
    message: "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag",
    ec: '0042-00000210', // EC unverified
  },
  InvalidPartOrder: {
    status: 400,
    message: 'The list of parts was not in ascending order. Parts list must specified in order by part number',
    ec: '0042-00000209', // sourced
  },
  // PostObject (OSS doc "PostObject" and its error page): the policy document could not be read.
  InvalidPolicyDocument: { status: 400, message: 'Invalid Policy: Invalid JSON.', ec: '0006-00000207' }, // EC of the missing-conditions case
  InvalidRange: { status: 416, message: 'The requested range cannot be satisfied', ec: '0003-00000405' }, // EC unverified
  InvalidSecurityToken: { status: 403, message: 'The security token you provided is invalid.', ec: '0002-00000904' }, // EC unverified
  MalformedPOSTRequest: {
    status: 400,
    message: 'The body of your POST request is not well-formed multipart/form-data.', // message sourced (PostObject errors page)
    ec: '0006-00000104', // sourced (file field missing or not last)
  },
  InvalidTargetType: { status: 400, message: 'The symlink target object type is invalid.', ec: '0026-00000011' }, // EC unverified
  MalformedXML: {
    status: 400,
    message: 'The XML you provided was not well-formed or did not validate against our published schema.',
    ec: '0031-00000001', // sourced (doc-detail/32005 example)
  },
  MethodNotAllowed: { status: 405, message: 'The specified method is not allowed against this resource.', ec: '0016-00000001' }, // EC unverified
  MissingArgument: { status: 400, message: 'Missing Some Required Arguments.', ec: '0016-00000502' }, // sourced (doc-detail/32005 example)
  MissingContentLength: { status: 411, message: 'You must provide the Content-Length HTTP header.', ec: '0017-00000101' }, // sourced
  NoSuchBucket: { status: 404, message: 'The specified bucket does not exist.', ec: '0015-00000101' }, // sourced
  NoSuchKey: { status: 404, message: 'The specified key does not exist.', ec: '0026-00000001' }, // sourced
  NoSuchUpload: {
    status: 404,
    message: 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    ec: '0042-00000002', // sourced (ListParts, Abort); UploadPart uses 0042-00000104
  },
  NoSuchVersion: { status: 404, message: 'The specified version does not exist.', ec: '0026-00000004' }, // EC unverified
  // The emulator's refusal of an OSS operation it does not implement; throw sites name the operation.
  NotImplemented: { status: 501, message: 'A header or parameter you provided implies functionality that is not implemented.', ec: '0000-00000501' }, // EC unverified
  NotSymlink: { status: 400, message: 'The specified object is not a symlink.', ec: '0026-00000013' }, // EC unverified
  // AppendObject on a Normal or Multipart object (HTTP 409 page; EC 0026-00000017 page).
  ObjectNotAppendable: { status: 409, message: 'The object is not appendable', ec: '0026-00000017' }, // sourced
  PositionNotEqualToLength: { status: 409, message: 'Position is not equal to file length', ec: '0026-00000016' }, // EC sourced, message unverified
  // Message: the HTTP 412 page ("http status code 412"); EC: the 0017-00001001 page, which names
  // the four conditional headers.
  PreconditionFailed: { status: 412, message: 'At least one of the pre-conditions you specified did not hold.', ec: '0017-00001001' },
  RequestTimeTooSkewed: {
    status: 403,
    message: 'The difference between the request time and the current time is too large.',
    ec: '0002-00000504', // sourced
  },
  SecondLevelDomainForbidden: { status: 403, message: 'Please use virtual hosted style to access.', ec: '0003-00000301' }, // EC unverified
  // Sourced: OSS doc "0002-00000007" (temporary credentials expired); message as OSS answers it.
  SecurityTokenExpired: { status: 403, message: 'The security token you provided has expired.', ec: '0002-00000007' },
  ServiceUnavailable: { status: 503, message: 'Please reduce your request rate.', ec: '0000-00000503' }, // EC unverified
  SignatureDoesNotMatch: {
    status: 403,
    message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    ec: '0002-00000201', // sourced (V4); V1 uses 0002-00000040
  },
  SymlinkTargetNotExist: { status: 404, message: 'The symlink target object does not exist', ec: '0026-00000012' }, // EC unverified
};

/** ECs for sourced variants of a code (OSS doc "Error responses"). */
export const EC = {
  anonymous: '0003-00000001',
  v4Expired: '0002-00000236',
  v4NotYetValid: '0002-00000235',
  v4ExpiresOutOfRange: '0002-00000232',
  v4ExpiresMissing: '0002-00000215',
  v4CredentialMissing: '0002-00000217',
  v4CredentialBlank: '0002-00000218',
  v4SignatureMissing: '0002-00000219',
  v4SignatureBlank: '0002-00000220',
  v4SignDateInvalid: '0002-00000223',
  v4CredentialMalformed: '0002-00000224',
  v4RegionInvalidQuery: '0002-00000226',
  v4RegionInvalidHeader: '0002-00000228',
  v4HeaderCredentialInvalid: '0002-00000212',
  v1Expired: '0002-00000069',
  v1SignatureMismatch: '0002-00000040',
  dateMissing: '0002-00000503',
  dateInvalid: '0002-00000502',
  contentMd5Malformed: '0017-00000502',
  noSuchUploadOnUploadPart: '0042-00000104',
  noSuchUploadOnUploadPartCopy: '0042-00000311',
  appendPositionMissing: '0016-00000501',
  completeAllWithBody: '0042-00000216',
  callbackFailed: '0007-00000203',
} as const;

/** What a throw site may add to or override in the table entry. */
export interface OssServiceErrorOptions {
  readonly message?: string | undefined;
  readonly ec?: string | undefined;
  /** Extra elements rendered between HostId and EC, in order (`<Key>`, `<StringToSign>`…). */
  readonly details?: Readonly<Record<string, string>> | undefined;
  /** Extra response headers (e.g. ETag on a 203 CallbackFailed). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * An OSS error answer. `code` is the OSS `<Code>`; status, message and EC default from
 * {@link OSS_ERRORS}.
 *
 * @example
 * ```ts
 * throw new OssServiceError('NoSuchKey', { details: { Key: key } });
 * ```
 */
export class OssServiceError extends Error {
  readonly code: OssErrorCode;
  readonly status: number;
  readonly ec: string;
  readonly details: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: OssErrorCode, options: OssServiceErrorOptions = {}) {
    const spec = OSS_ERRORS[code];
    super(options.message ?? spec.message);
    this.name = 'OssServiceError';
    this.code = code;
    this.status = spec.status;
    this.ec = options.ec ?? spec.ec;
    this.details = options.details ?? {};
    this.headers = options.headers ?? {};
  }
}

/**
 * Narrows an unknown thrown value.
 *
 * @example
 * ```ts
 * if (isOssServiceError(error)) console.log(error.code);
 * ```
 */
export function isOssServiceError(value: unknown): value is OssServiceError {
  return value instanceof OssServiceError;
}
