'use client';
// @oss-presign/react-hook: named exports only.
export { useOssUpload } from './use-oss-upload.js';
export type { UploadFiles, UseOssUploadOptions, UseOssUploadResult } from './use-oss-upload.js';
