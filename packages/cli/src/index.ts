// @oss-presign/cli: the `oss-presign` command. The program is exported for embedding and tests;
// most users only run the bin.
export { buildProgram, main } from './main.js';
export { CliError, EXIT_CODES, toCliError } from './errors.js';
export type { CliErrorCode } from './errors.js';
export type { CliIo, OutputStream } from './io.js';
