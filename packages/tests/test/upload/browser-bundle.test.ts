/**
 * The browser entry stays browser-safe and small: no signer, no @noble/hashes, no XML library, no
 * node: module and none of the Node-only uploader pieces end up in a browser bundle of
 * `@oss-presign/core/upload`. Prints the size for the README.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { measureUploaderSize } from '../../../../scripts/size.mjs';
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
    // One file, every lazy path inlined (no splitting): a ceiling at the figure reached (below),
    // so it can only go down. The page's budget (createUploader, split) is in size.test.ts.
    expect(bundle.gzip).toBeLessThan(26.25 * 1024); // 26.2 KiB with the engine option check and callback guard, the CRC-64 mode check, the mismatch hint, the V1 and bare-URL diagnoses, the masking of secrets, the blob worker and the multipart scheduler (parts presigned and sliced ahead, CRCs checked off the request slot)
  });

  it('tree-shakes down for an app that only does single PUTs', async () => {
    const full = await bundleUploadEntry();
    const single = await bundleUploadEntry("import { uploadObject } from '@oss-presign/core/upload'; export { uploadObject };");
    console.log(`uploadObject only: ${(single.minified / 1024).toFixed(1)} KiB min, ${(single.gzip / 1024).toFixed(1)} KiB min+gzip`);
    // Ceiling at the figure reached (15.7 KiB; the SignatureDoesNotMatch diagnosis is inlined here).
    expect(single.gzip).toBeLessThan(Math.min(full.gzip, 15.7 * 1024));
    // MD5 (integrity.contentMd5: true) is inlined here only because this bundle does not split: split,
    // it is a chunk of its own, loaded when an upload asks for Content-MD5.
    const split = (await measureUploaderSize("export { uploadObject } from '@oss-presign/core/upload';")) as { chunks: { inputs: string[] }[] };
    const md5Chunks = split.chunks.filter((chunk) => chunk.inputs.some((input) => input.includes('upload/md5')));
    expect(md5Chunks.map((chunk) => chunk.inputs.length)).toEqual([1]);
    expect(single.inputs.some((input) => input.includes('resume-store'))).toBe(false);
  });
});
