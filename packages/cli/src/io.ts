/** What a command may touch of its process: its output streams and environment, passed in. */

/** A writable stream; `isTTY` tells a terminal from a pipe or a file. */
export interface OutputStream {
  write(chunk: string): boolean;
  readonly isTTY?: boolean | undefined;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Whether to draw progress bars: only when both streams are a terminal. On a pipe or in a file the
 * CLI prints plain lines instead, one per event.
 *
 * @example
 * ```ts
 * isInteractive({ stdout: process.stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export function isInteractive(io: CliIo): boolean {
  return io.stdout.isTTY === true && io.stderr.isTTY === true && io.env.TERM !== 'dumb';
}
