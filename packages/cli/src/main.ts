/**
 * The CLI's entry: builds the commander program, runs it, and turns every failure into one line
 * on stderr (scrubbed of signatures, tokens and secrets) and a documented exit code.
 */

import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { signCommand } from './commands/sign.js';
import { uploadCommand } from './commands/upload.js';
import { type CliError, EXIT_CODES, toCliError } from './errors.js';
import type { CliIo } from './io.js';
import { redact } from './redact.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const EXIT_CODE_HELP = `
Exit codes:
  0    success
  1    internal error (a bug: please report it)
  2    usage: bad flags or arguments, no region, malformed oss:// URL
  3    auth: no credentials, or OSS refused them (signature, expired URL, access denied, clock skew)
  4    network: OSS or the presign endpoint could not be reached
  5    refused: OSS or the presign endpoint answered with another error
  6    local file: missing, unreadable, or changed while uploading
  7    integrity: the CRC-64 or MD5 OSS computed differs from the bytes sent
  130  interrupted (Ctrl-C); rerun the same upload to resume it

Credentials: OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN (STS), or --profile.`;

function applyToAll(command: Command, io: CliIo): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    // Commander's own messages ("error: unknown option") get the program's prefix like every error.
    outputError: (text, write) => write(`oss-presign: ${text.replace(/^error: /, '')}`),
  });
  command.showHelpAfterError('(add --help for usage)');
  for (const sub of command.commands) applyToAll(sub, io);
}

/**
 * Builds the program. `onSecrets` learns the secrets each run resolves, for scrubbing.
 *
 * @example
 * ```ts
 * await buildProgram(io, () => {}).parseAsync(['sign', 'get', 'oss://demo/a.txt'], { from: 'user' });
 * ```
 */
export function buildProgram(io: CliIo, onSecrets: (secrets: readonly string[]) => void): Command {
  const program = new Command('oss-presign')
    .description('Presign Alibaba Cloud OSS requests, upload files through presigned URLs, run the OSS emulator.')
    .version(version, '-V, --version')
    .addHelpText('after', EXIT_CODE_HELP);
  program.addCommand(signCommand(io, onSecrets));
  program.addCommand(uploadCommand(io, onSecrets));
  program
    .command('emulator')
    .description('start the local OSS emulator (same flags as oss-emulator; see oss-presign emulator --help)')
    .helpOption(false);
  applyToAll(program, io);
  return program;
}

/**
 * Runs the CLI with `argv` (without node and the script). Resolves with the exit code, or with
 * undefined when the process must keep running (the emulator).
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number | undefined> {
  if (argv[0] === 'emulator') {
    // The emulator parses its own flags, so `oss-presign emulator` and `oss-emulator` take the same ones.
    // Loaded only here: signing and uploading never pay for the emulator's server code.
    const { runEmulatorCli } = await import('@oss-presign/emulator');
    await runEmulatorCli(argv.slice(1), { name: 'oss-presign emulator' });
    return undefined;
  }
  const secrets: string[] = [];
  const program = buildProgram(io, (found) => secrets.push(...found));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (raw) {
    if (raw instanceof CommanderError) {
      // Help and version "errors" are successes; anything else commander already printed.
      return raw.exitCode === 0 ? 0 : EXIT_CODES.USAGE;
    }
    const error = toCliError(raw);
    printError(io, error, secrets);
    return error.exitCode;
  }
}

/**
 * Prints an error as `oss-presign: message`, its hint indented below, secrets scrubbed.
 *
 * @example
 * ```ts
 * printError(io, new CliError('USAGE', 'no region'), []);
 * ```
 */
export function printError(io: CliIo, error: CliError, secrets: readonly string[]): void {
  const hint = error.hint ? `\n${error.hint.replace(/^/gm, '  ')}` : '';
  const internal = error.code === 'INTERNAL' && error.cause instanceof Error && error.cause.stack ? `\n${error.cause.stack}` : '';
  io.stderr.write(`${redact(`oss-presign: ${error.message}${hint}${internal}`, secrets)}\n`);
}
