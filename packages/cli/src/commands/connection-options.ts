/** The flags every command that signs takes, in one place so their help reads the same everywhere. */

import type { Command } from 'commander';

/**
 * Adds --region, --endpoint and --profile to a command.
 *
 * @example
 * ```ts
 * withConnectionOptions(program.command('put'));
 * ```
 */
export function withConnectionOptions(command: Command): Command {
  return command
    .option('--region <id>', 'OSS region id, e.g. cn-hangzhou (default: $OSS_REGION, then the profile)')
    .option('--endpoint <url>', 'OSS endpoint: a domain or an origin such as http://127.0.0.1:9000 (default: $OSS_ENDPOINT, the profile, then the public endpoint of the region)')
    .option('--profile <name>', 'read region, endpoint and keys from [name] of ~/.oss-presign/config ($OSS_PRESIGN_CONFIG); wins over the environment');
}
