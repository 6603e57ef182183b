/**
 * The browser entry stays browser-safe and small: no signer, no @noble/hashes, no XML library, no
 * node: module and none of the Node-only uploader pieces end up in a browser bundle of
 * `@oss-presign/core/upload`. Prints the size for the README.
 */
import { describe, expect, it } from 'vitest';
import { bundleUploadEntry } from './bundle.js';

describe('@oss-presign/core/upload in a browser bundle', () => {
  it('contains only browser-safe modules and stays small', async () => {
    const bundle = await bundleUploadEntry();
    const forbidden = bundle.inputs.filter((input) => /signer|@noble|fast-xml-parser|upload\/node|upload-node|presigner|credentials|oss-client|create-presign-handler|^node:/.test(input));
    expect(forbidden).toEqual([]);
    expect(bundle.inputs.some((input) => input.endsWith('src/upload.ts'))).toBe(true);
    expect(bundle.inputs.some((input) => input.endsWith('integrity/crc64.ts'))).toBe(true);
    expect(bundle.code).not.toMatch(/["']node:|require\(|process\.getBuiltinModule|aliyun_v4|createHmac/);
    console.log(`@oss-presign/core/upload (everything): ${(bundle.minified / 1024).toFixed(1)} KiB min, ${(bundle.gzip / 1024).toFixed(1)} KiB min+gzip`);
    // 22.0 KiB reached with the masking of secrets in errors and the V1 diagnosis.
    expect(bundle.gzip).toBeLessThan(22.5 * 1024);
  });

  it('tree-shakes down for an app that only does single PUTs', async () => {
    const full = await bundleUploadEntry();
    const single = await bundleUploadEntry("import { uploadObject } from '@oss-presign/core/upload'; export { uploadObject };");
    console.log(`uploadObject only: ${(single.minified / 1024).toFixed(1)} KiB min, ${(single.gzip / 1024).toFixed(1)} KiB min+gzip`);
    expect(single.gzip).toBeLessThan(Math.min(full.gzip, 12 * 1024));
    expect(single.inputs.some((input) => input.includes('upload/md5'))).toBe(false);
    expect(single.inputs.some((input) => input.includes('resume-store'))).toBe(false);
  });
});
