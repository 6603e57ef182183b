// @oss-presign/express: named re-exports only.
export { ossCallback, ossPresign } from './oss-presign.js';
