/** Compiles src/integrity/crc64.wat to wasm bytes with wabt. */
export function compileCrc64Wat(): Promise<Buffer>;
