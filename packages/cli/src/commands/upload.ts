/**
 * `oss-presign upload <file...> <destination>`: uploads through core's uploader store, to
 * - a presigned PUT URL (one file, one PUT),
 * - `oss://bucket/prefix/` (signed locally with the credentials; multipart above the threshold), or
 * - an app's presign handler (`--endpoint http://app/api/oss`, no destination argument).
 * Progress is drawn by subscribing to the store; multipart state is kept in a JSON file so that a
 * rerun of an interrupted upload sends only the parts OSS does not hold.
 */

import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import {
  type CreateUploaderOptions,
  type FileUploadOutcome,
  type ResumeStore,
  type UploadFile,
  type NodeUploadBody,
  createJsonFileStore,
  createUploader,
} from '@oss-presign/core/upload/node';
import { Command, Option } from 'commander';
import { lookup as mimeLookup } from 'mime-types';
import { presignerFor, resolveConnection } from '../config.js';
import { CliError } from '../errors.js';
import { type CliIo, isInteractive } from '../io.js';
import { collectHeader, collectMeta, headerSecrets, parseDuration, parseOssUrl, parseSize, parseWhole } from '../parse.js';
import { redact } from '../redact.js';
import { createLocalClient, presignedUrlClient } from '../upload/local-client.js';
import { type ProgressView, barView, lineView } from '../upload/progress-view.js';
import { summarise, summaryText } from '../upload/summary.js';
import type { SecretSink } from './sign.js';

interface UploadFlags {
  readonly region?: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly contentType?: string;
  readonly meta?: Record<string, string>;
  readonly header?: Record<string, string>;
  readonly expires?: string;
  readonly multipartThreshold?: string;
  readonly partSize?: string;
  readonly concurrency?: string;
  readonly fileConcurrency?: string;
  readonly retries?: string;
  readonly crc64?: 'verify' | 'require' | 'off';
  readonly resume: boolean;
  readonly resumeFile?: string;
  readonly progress: boolean;
  readonly json?: boolean;
}

const isHttpUrl = (text: string): boolean => /^https?:\/\//i.test(text);

/** Where the files go, decided from the arguments. */
type Destination =
  | { readonly kind: 'oss'; readonly bucket: string; readonly key: string; readonly text: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'app'; readonly endpoint: string };

/**
 * Checks an http(s) URL from the command line before any upload starts: a malformed one is a usage
 * error (exit 2), not a crash (exit 1) or a minute of retries against a host that cannot exist. The
 * URL is not quoted back: a presigned URL carries its signature.
 */
function checkedHttpUrl(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text);
    // The object key is read from the path: it must be valid percent-encoding.
    decodeURIComponent(url.pathname);
  } catch {
    throw new CliError('USAGE', `${what} is not a valid http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError('USAGE', `${what} must be an http or https URL`);
  if (url.username !== '' || url.password !== '') throw new CliError('USAGE', `${what} must not carry user info (user:password@)`);
  return text;
}

function destinationOf(args: readonly string[], flags: UploadFlags): { files: string[]; destination: Destination } {
  const last = args[args.length - 1] ?? '';
  if (last.startsWith('oss://')) {
    const { bucket, key } = parseOssUrl(last);
    return { files: args.slice(0, -1), destination: { kind: 'oss', bucket, key, text: last } };
  }
  if (isHttpUrl(last)) return { files: args.slice(0, -1), destination: { kind: 'url', url: checkedHttpUrl(last, 'The presigned URL') } };
  if (flags.endpoint) return { files: [...args], destination: { kind: 'app', endpoint: checkedHttpUrl(flags.endpoint, '--endpoint') } };
  throw new CliError('USAGE', 'Name a destination: a presigned URL, oss://bucket/prefix/, or --endpoint http://app/api/oss (an app\'s presign handler)');
}

function namespaced(store: ResumeStore, namespace: string): ResumeStore {
  // The store keys uploads by the file's fingerprint; the destination is added so that the same
  // file sent elsewhere starts its own upload instead of completing the old one.
  const idOf = (id: string) => `${namespace} ${id}`;
  return { get: (id) => store.get(idOf(id)), set: (id, state) => store.set(idOf(id), state), delete: (id) => store.delete(idOf(id)) };
}

async function checkFiles(files: readonly string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const file of files) {
    if (sizes.has(file)) throw new CliError('USAGE', `${file} is named twice`);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch (error) {
      throw new CliError('LOCAL_FILE', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    if (!info.isFile()) throw new CliError('LOCAL_FILE', `${file} is not a file`);
    sizes.set(file, Number(info.size));
  }
  return sizes;
}

async function runUpload(io: CliIo, onSecrets: SecretSink, args: readonly string[], flags: UploadFlags): Promise<number> {
  const { files, destination } = destinationOf(args, flags);
  if (files.length === 0) throw new CliError('USAGE', 'Name at least one file to upload');
  if (destination.kind === 'url' && files.length > 1) throw new CliError('USAGE', 'A presigned URL names one object: upload one file to it, or use oss://bucket/prefix/');
  if (flags.header && destination.kind !== 'app') {
    // OSS signs headers it receives: an extra one would break the signature. They are for the app.
    throw new CliError('USAGE', '--header is for the app\'s presign handler (--endpoint http://app/api/oss with no destination argument)');
  }
  // Header values (a session cookie, a bearer token) are masked in everything printed below.
  const secrets = headerSecrets(flags.header ?? {});
  onSecrets(secrets);
  await checkFiles(files);

  const options: {
    -readonly [K in keyof CreateUploaderOptions]: CreateUploaderOptions[K];
  } = {
    multipartThreshold: flags.multipartThreshold === undefined ? undefined : parseSize(flags.multipartThreshold, '--multipart-threshold'),
    partSize: flags.partSize === undefined ? undefined : parseSize(flags.partSize, '--part-size'),
    concurrency: flags.concurrency === undefined ? undefined : parseWhole(flags.concurrency, '--concurrency', 1, 64),
    fileConcurrency: flags.fileConcurrency === undefined ? undefined : parseWhole(flags.fileConcurrency, '--file-concurrency', 1, 64),
    retry: flags.retries === undefined ? undefined : { retries: parseWhole(flags.retries, '--retries', 0, 20) },
    crc64: flags.crc64,
  };
  const expires = flags.expires === undefined ? 3600 : parseDuration(flags.expires);
  const keys = new Map<string, string>();
  let describeKey: (key: string | undefined) => string | undefined = (key) => key;
  let namespace: string;

  if (destination.kind === 'oss') {
    const connection = resolveConnection(flags, io.env);
    onSecrets(connection.secrets);
    const prefixMode = destination.key === '' || destination.key.endsWith('/');
    if (!prefixMode && files.length > 1) throw new CliError('USAGE', `Several files need a prefix ending in /: oss://${destination.bucket}/${destination.key}/`);
    for (const file of files) {
      const key = prefixMode ? `${destination.key}${basename(file)}` : destination.key;
      const other = [...keys].find(([, used]) => used === key);
      if (other) throw new CliError('USAGE', `${other[0]} and ${file} would both be uploaded to ${key}`);
      keys.set(file, key);
    }
    options.client = createLocalClient({
      presigner: presignerFor(connection),
      bucket: destination.bucket,
      keyOf: (name) => keys.get(name) ?? `${destination.key}${basename(name)}`,
      expires,
    });
    describeKey = (key) => (key === undefined ? undefined : `oss://${destination.bucket}/${key}`);
    namespace = `oss://${destination.bucket}/${destination.key}@${connection.endpoint ?? connection.region}`;
  } else if (destination.kind === 'url') {
    // A V4 URL does not show the Content-Type it was signed with (OSS signs it without listing it):
    // only the user can say. With neither flag the URL is bare: nothing extra is sent, and a 403
    // is diagnosed as "probably signed with a Content-Type" rather than blamed on the keys.
    let signedHeaders: Record<string, string> | undefined;
    if (flags.contentType || flags.meta) {
      signedHeaders = {};
      if (flags.contentType) signedHeaders['content-type'] = flags.contentType;
      for (const [name, value] of Object.entries(flags.meta ?? {})) signedHeaders[`x-oss-meta-${name}`] = value;
    }
    options.client = presignedUrlClient({ url: destination.url, signedHeaders });
    options.multipartThreshold = Number.MAX_SAFE_INTEGER;
    describeKey = () => destination.url.split('?')[0];
    namespace = destination.url.split('?')[0] ?? destination.url;
  } else {
    options.endpoint = destination.endpoint;
    options.headers = flags.header;
    namespace = destination.endpoint;
  }
  const resumePath = flags.resumeFile ?? join(homedir(), '.oss-presign', 'resume.json');
  if (flags.resume && destination.kind !== 'url') options.resume = namespaced(createJsonFileStore(resumePath), namespace);

  const uploader = createUploader(options);
  const inputs: UploadFile<NodeUploadBody>[] = files.map((file) => ({
    body: { path: file },
    name: file,
    // A presigned URL's signature fixes the Content-Type: send only the one the user names.
    contentType: flags.contentType ?? (destination.kind === 'url' ? undefined : mimeLookup(file) || 'application/octet-stream'),
    metadata: flags.meta,
  }));

  const interactive = isInteractive(io) && flags.progress;
  const progressStream = flags.json ? io.stderr : io.stdout;
  let view: ProgressView | undefined;
  const startView = () => {
    if (interactive) view = barView(uploader, io.stderr);
    else if (flags.progress) view = lineView(uploader, progressStream);
  };

  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    view?.stop();
    if (options.resume) {
      // Keep the multipart uploads on OSS and their state on disk: the same command resumes them.
      io.stderr.write(`oss-presign: interrupted by ${signal}; run the same command again to resume (state in ${resumePath})\n`);
      process.exit(130);
    }
    io.stderr.write(`oss-presign: interrupted by ${signal}; aborting the uploads (nothing is left on OSS)\n`);
    uploader.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const started = Date.now();
  let outcomes: FileUploadOutcome[];
  try {
    const running = uploader.upload(inputs);
    startView();
    outcomes = await running;
  } finally {
    view?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const summaries = outcomes.map((outcome) => summarise(outcome, describeKey));
  const failed = summaries.find((file) => file.status !== 'success');
  if (flags.json) {
    io.stdout.write(`${redact(JSON.stringify({ ok: failed === undefined, files: summaries }, null, 2), secrets)}\n`);
  } else {
    io.stdout.write(redact(summaryText(summaries, Date.now() - started), secrets));
  }
  for (const file of summaries) {
    if (file.error) io.stderr.write(`${redact(`oss-presign: ${file.file}: ${file.error.message}`, secrets)}\n`);
  }
  if (interrupted) return 130;
  return failed?.error?.exitCode ?? 0;
}

/**
 * Builds the `upload` command.
 *
 * @example
 * ```ts
 * program.addCommand(uploadCommand(io, onSecrets));
 * ```
 */
export function uploadCommand(io: CliIo, onSecrets: SecretSink): Command {
  return new Command('upload')
    .description('upload files to a presigned URL, to oss://bucket/prefix/, or through an app\'s presign handler (--endpoint)')
    .argument('<file...>', 'files, then the destination: a presigned PUT URL or oss://bucket/prefix/ (none with --endpoint http://app/api/oss)')
    .option('--region <id>', 'OSS region id for oss:// destinations (default: $OSS_REGION, then the profile)')
    .option('--endpoint <url>', 'with oss://: the OSS endpoint (e.g. http://127.0.0.1:9000); with no destination: the app\'s presign handler (http://app/api/oss)')
    .option('--profile <name>', 'read region, endpoint and keys from [name] of ~/.oss-presign/config')
    .option('--content-type <type>', 'Content-Type to store (default: from the file extension). With a presigned URL, none is sent unless given: pass the type the URL was signed with (a URL does not show it)')
    .option('--meta <name=value>', 'x-oss-meta-* header; repeat for more (with a presigned URL: those it was signed with)', collectMeta)
    .option('--header <name: value>', 'with --endpoint: a header for every call to the app\'s presign handler (a session cookie, Authorization); repeat for more; values are never printed', collectHeader)
    .option('--expires <duration>', 'lifetime of each URL signed for oss:// (default 1h; renewed as needed)')
    .option('--multipart-threshold <size>', 'files larger than this go multipart (default 100MiB)')
    .option('--part-size <size>', 'multipart part size, 100KiB..5GiB (default 8MiB, grown to stay within 10,000 parts)')
    .option('--concurrency <n>', 'parts in flight per file (default 4)')
    .option('--file-concurrency <n>', 'files uploading at once (default 3)')
    .option('--retries <n>', 'retries per request after the first attempt (default 5)')
    .addOption(new Option('--crc64 <mode>', 'CRC-64 check against OSS').choices(['verify', 'require', 'off']).default('verify'))
    .option('--resume-file <path>', 'where multipart progress is kept for resuming (default ~/.oss-presign/resume.json)')
    .option('--no-resume', 'do not keep multipart progress; Ctrl-C then aborts the uploads on OSS')
    .option('--no-progress', 'no bars and no progress lines, only the summary')
    .option('--json', 'print the summary as one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  oss-presign upload ./video.mp4 oss://demo/videos/ --region cn-hangzhou
  oss-presign upload a.txt "https://demo.oss-cn-hangzhou.aliyuncs.com/a.txt?x-oss-signature=..." --content-type text/plain
  oss-presign upload a.pdf b.pdf --endpoint http://localhost:3000/api/oss --header 'Cookie: session=...'

A presigned URL does not show the Content-Type it was signed with: without --content-type none is
sent, and OSS refuses a URL that was signed with one (403 SignatureDoesNotMatch).

In a terminal each file gets a progress bar; on a pipe, plain lines. An interrupted multipart
upload resumes when the same command is run again.`,
    )
    .action(async (args: string[], flags: UploadFlags) => {
      const code = await runUpload(io, onSecrets, args, flags);
      if (code !== 0) process.exitCode = code;
    });
}
