/**
 * `oss-presign sign`: presigns one OSS request locally and prints it with the curl command that
 * sends it. Subcommands: put, get, and the multipart steps initiate, part, complete, abort,
 * list-parts.
 */

import { basename } from 'node:path';
import type { PresignRequest } from '@oss-presign/core';
import { Command } from 'commander';
import { presignerFor, resolveConnection } from '../config.js';
import type { CliIo } from '../io.js';
import { type OssLocation, collectMeta, parseDuration, parseOssUrl, parseWhole } from '../parse.js';
import { type CurlBody, curlCommand } from '../sign/curl.js';
import { signedRequestJson, signedRequestText } from '../sign/format.js';
import { withConnectionOptions } from './connection-options.js';
import { CliError } from '../errors.js';

interface CommonFlags {
  readonly region?: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly expires?: string;
  readonly json?: boolean;
}

/** Called after each run with the secrets in play, so the error printer can scrub them. */
export type SecretSink = (secrets: readonly string[]) => void;

function objectKey(location: OssLocation, command: string): string {
  if (location.key === '' || location.key.endsWith('/')) throw new CliError('USAGE', `sign ${command} needs an object key: oss://${location.bucket}/path/to/object`);
  return location.key;
}

function leaf(parent: Command, name: string, description: string): Command {
  return withConnectionOptions(parent.command(name).description(description))
    .option('--expires <duration>', 'how long the URL works: 600, 10m, 2h, 7d (default 15m; at most 7d, or the STS token\'s life)')
    .option('--json', 'print one JSON object (method, url, expiration, signedHeaders, curl) instead of text');
}

async function run(
  io: CliIo,
  onSecrets: SecretSink,
  flags: CommonFlags,
  url: string,
  command: string,
  build: (key: string, location: OssLocation) => { request: PresignRequest; body: CurlBody },
): Promise<void> {
  const location = parseOssUrl(url);
  const key = objectKey(location, command);
  const expires = flags.expires === undefined ? undefined : parseDuration(flags.expires);
  const connection = resolveConnection(flags, io.env);
  onSecrets(connection.secrets);
  const { request, body } = build(key, location);
  const signed = await presignerFor(connection).presign({ ...request, bucket: location.bucket } as PresignRequest, { expires });
  const json = signedRequestJson(request.operation, { bucket: location.bucket, key }, signed, curlCommand(signed, body));
  io.stdout.write(flags.json ? `${JSON.stringify(json, null, 2)}\n` : signedRequestText(json));
}

/**
 * Builds the `sign` command and its subcommands.
 *
 * @example
 * ```ts
 * program.addCommand(signCommand(io, (secrets) => scrub.push(...secrets)));
 * ```
 */
export function signCommand(io: CliIo, onSecrets: SecretSink): Command {
  const sign = new Command('sign').description('presign one OSS request and print it with the matching curl command');

  leaf(sign, 'put', 'presign a PutObject (upload with one PUT)')
    .argument('<oss-url>', 'oss://bucket/key')
    .option('--content-type <type>', 'signed Content-Type: the upload must send exactly this')
    .option('--meta <name=value>', 'signed x-oss-meta-* header; repeat for more', collectMeta)
    .option('--content-md5 <base64>', 'signed Content-MD5 of the body')
    .option('--forbid-overwrite', 'refuse to replace an existing object (x-oss-forbid-overwrite)')
    .option('--file <path>', 'the file named in the curl command (default: the key\'s base name)')
    .addHelpText('after', '\nExample:\n  oss-presign sign put oss://demo/notes/a.txt --expires 10m --content-type text/plain --meta owner=ann')
    .action((url: string, flags: CommonFlags & { contentType?: string; meta?: Record<string, string>; contentMd5?: string; forbidOverwrite?: boolean; file?: string }) =>
      run(io, onSecrets, flags, url, 'put', (key) => ({
        request: { operation: 'PutObject', key, contentType: flags.contentType, metadata: flags.meta, contentMd5: flags.contentMd5, forbidOverwrite: flags.forbidOverwrite },
        body: { upload: flags.file ?? basename(key) },
      })),
    );

  leaf(sign, 'get', 'presign a GetObject (download)')
    .argument('<oss-url>', 'oss://bucket/key')
    .option('--output <path>', 'the file named in the curl command (default: the key\'s base name)')
    .option('--response-content-type <type>', 'override the Content-Type OSS answers with (response-content-type)')
    .option('--response-content-disposition <value>', 'override Content-Disposition, e.g. "attachment; filename=a.txt"')
    .action((url: string, flags: CommonFlags & { output?: string; responseContentType?: string; responseContentDisposition?: string }) =>
      run(io, onSecrets, flags, url, 'get', (key) => ({
        request: {
          operation: 'GetObject',
          key,
          response:
            flags.responseContentType || flags.responseContentDisposition
              ? { contentType: flags.responseContentType, contentDisposition: flags.responseContentDisposition }
              : undefined,
        },
        body: { output: flags.output ?? basename(key) },
      })),
    );

  leaf(sign, 'initiate', 'presign InitiateMultipartUpload (POST ?uploads); the answer\'s UploadId names the upload')
    .argument('<oss-url>', 'oss://bucket/key')
    .option('--content-type <type>', 'signed Content-Type of the object to be')
    .option('--meta <name=value>', 'signed x-oss-meta-* header; repeat for more', collectMeta)
    .action((url: string, flags: CommonFlags & { contentType?: string; meta?: Record<string, string> }) =>
      run(io, onSecrets, flags, url, 'initiate', (key) => ({
        request: { operation: 'InitiateMultipartUpload', key, contentType: flags.contentType, metadata: flags.meta },
        body: {},
      })),
    );

  leaf(sign, 'part', 'presign UploadPart N (PUT ?partNumber=N&uploadId=...)')
    .argument('<oss-url>', 'oss://bucket/key')
    .argument('<part-number>', 'part number, 1..10000')
    .requiredOption('--upload-id <id>', 'the UploadId InitiateMultipartUpload answered')
    .option('--content-md5 <base64>', 'signed Content-MD5 of the part')
    .option('--file <path>', 'the file named in the curl command (default: part-N)')
    .action((url: string, partText: string, flags: CommonFlags & { uploadId: string; contentMd5?: string; file?: string }) => {
      const partNumber = parseWhole(partText, '<part-number>', 1, 10_000);
      return run(io, onSecrets, flags, url, 'part', (key) => ({
        request: { operation: 'UploadPart', key, uploadId: flags.uploadId, partNumber, contentMd5: flags.contentMd5 },
        body: { upload: flags.file ?? `part-${partNumber}` },
      }));
    });

  leaf(sign, 'complete', 'presign CompleteMultipartUpload (POST ?uploadId=...) with the parts XML as body')
    .argument('<oss-url>', 'oss://bucket/key')
    .requiredOption('--upload-id <id>', 'the UploadId')
    .option('--complete-all', 'sign x-oss-complete-all: yes (OSS completes with every uploaded part; no XML body)')
    .option('--file <path>', 'the CompleteMultipartUpload XML named in the curl command (default: complete.xml)')
    .action((url: string, flags: CommonFlags & { uploadId: string; completeAll?: boolean; file?: string }) =>
      run(io, onSecrets, flags, url, 'complete', (key) => ({
        request: { operation: 'CompleteMultipartUpload', key, uploadId: flags.uploadId, completeAll: flags.completeAll },
        body: flags.completeAll ? {} : { data: flags.file ?? 'complete.xml' },
      })),
    );

  leaf(sign, 'abort', 'presign AbortMultipartUpload (DELETE ?uploadId=...)')
    .argument('<oss-url>', 'oss://bucket/key')
    .requiredOption('--upload-id <id>', 'the UploadId')
    .action((url: string, flags: CommonFlags & { uploadId: string }) =>
      run(io, onSecrets, flags, url, 'abort', (key) => ({ request: { operation: 'AbortMultipartUpload', key, uploadId: flags.uploadId }, body: {} })),
    );

  leaf(sign, 'list-parts', 'presign ListParts (GET ?uploadId=...)')
    .argument('<oss-url>', 'oss://bucket/key')
    .requiredOption('--upload-id <id>', 'the UploadId')
    .option('--max-parts <n>', 'parts per page, 1..1000')
    .option('--part-number-marker <n>', 'list parts after this number')
    .action((url: string, flags: CommonFlags & { uploadId: string; maxParts?: string; partNumberMarker?: string }) =>
      run(io, onSecrets, flags, url, 'list-parts', (key) => ({
        request: {
          operation: 'ListParts',
          key,
          uploadId: flags.uploadId,
          maxParts: flags.maxParts === undefined ? undefined : parseWhole(flags.maxParts, '--max-parts', 1, 1000),
          partNumberMarker: flags.partNumberMarker === undefined ? undefined : parseWhole(flags.partNumberMarker, '--part-number-marker', 0, 10_000),
        },
        body: {},
      })),
    );

  return sign;
}
