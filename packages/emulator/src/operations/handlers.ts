import { abortMultipartUpload } from '../multipart/abort.js';
import { completeMultipartUpload } from '../multipart/complete.js';
import { initiateMultipartUpload } from '../multipart/initiate.js';
import { listParts } from '../multipart/list-parts.js';
import { listMultipartUploads } from '../multipart/list-uploads.js';
import { uploadPart } from '../multipart/upload-part.js';
import type { OperationHandler } from './context.js';
import { deleteObject } from './delete-object.js';
import { getObject } from './get-object.js';
import { headObject } from './head-object.js';
import { listObjects, listObjectsV2 } from './list-objects.js';
import type { OperationName } from './names.js';
import { postObject } from './post-object.js';
import { putObject } from './put-object.js';

/** The handler of each operation. */
export const OPERATION_HANDLERS: Readonly<Record<OperationName, OperationHandler>> = {
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  InitiateMultipartUpload: initiateMultipartUpload,
  UploadPart: uploadPart,
  ListParts: listParts,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListMultipartUploads: listMultipartUploads,
  PostObject: postObject,
};
