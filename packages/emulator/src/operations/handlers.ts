import { abortMultipartUpload } from '../multipart/abort.js';
import { completeMultipartUpload } from '../multipart/complete.js';
import { initiateMultipartUpload } from '../multipart/initiate.js';
import { listParts } from '../multipart/list-parts.js';
import { listMultipartUploads } from '../multipart/list-uploads.js';
import { uploadPart } from '../multipart/upload-part.js';
import { appendObject } from './append-object.js';
import type { OperationHandler } from './context.js';
import { copyObject } from './copy-object.js';
import { deleteMultipleObjects } from './delete-multiple-objects.js';
import { deleteObject } from './delete-object.js';
import { deleteObjectTagging } from './delete-object-tagging.js';
import { getObject } from './get-object.js';
import { getObjectAcl } from './get-object-acl.js';
import { getObjectMeta } from './get-object-meta.js';
import { getObjectTagging } from './get-object-tagging.js';
import { getSymlink } from './get-symlink.js';
import { headObject } from './head-object.js';
import { listObjects, listObjectsV2 } from './list-objects.js';
import type { OperationName } from './names.js';
import { postObject } from './post-object.js';
import { putObject } from './put-object.js';
import { putObjectAcl } from './put-object-acl.js';
import { putObjectTagging } from './put-object-tagging.js';
import { putSymlink } from './put-symlink.js';
import { uploadPartCopy } from './upload-part-copy.js';

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
  CopyObject: copyObject,
  UploadPartCopy: uploadPartCopy,
  DeleteMultipleObjects: deleteMultipleObjects,
  AppendObject: appendObject,
  PutObjectTagging: putObjectTagging,
  GetObjectTagging: getObjectTagging,
  DeleteObjectTagging: deleteObjectTagging,
  PutSymlink: putSymlink,
  GetSymlink: getSymlink,
  GetObjectMeta: getObjectMeta,
  PutObjectACL: putObjectAcl,
  GetObjectACL: getObjectAcl,
};
