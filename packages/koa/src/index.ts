// @oss-presign/koa: named re-exports only.
export { ossCallback, ossPresign } from './oss-presign.js';
