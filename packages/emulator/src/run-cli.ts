// The emulator's command line, shared by the `oss-emulator` bin and `oss-presign emulator`.
import { parseArgs } from 'node:util';
import { startEmulator } from './server.js';

const usage = (name: string): string => `Usage: ${name} [options]

  --port <n>                 port to listen on (default 9000; 0 picks a free one)
  --host <address>           interface (default 127.0.0.1)
  --bucket <name>            bucket to create; repeat for more (default demo)
  --region <id>              region id (default cn-hangzhou)
  --access-key-id <id>       AccessKeyId to accept (default test-access-key-id)
  --access-key-secret <s>    AccessKeySecret (default test-access-key-secret)
  --security-token <token>   make the key an STS credential that needs this token
  --token-expiration <time>  when that token expires (ISO 8601, e.g. 2030-01-01T00:00:00Z);
                             later requests get 403 SecurityTokenExpired, as from OSS
  --data-dir <dir>           keep objects in files under <dir> (default: in memory)
  --default-bucket <name>    bucket implied when a request names none (IP endpoint, path /key)
  --cors <permissive|off>    CORS for every bucket (default permissive)
  --help                     show this help`;

/** The secret accepted when none is given: a test value, printed so that a first run works. */
const DEFAULT_SECRET = 'test-access-key-secret';

/**
 * Runs the emulator's command line: parses `argv` (without node and the script), starts the
 * emulator, prints where it listens and stops it on SIGINT/SIGTERM. Bad flags print the usage to
 * stderr and exit with code 2. The `oss-emulator` bin and `oss-presign emulator` both run this.
 *
 * @example
 * ```ts
 * await runEmulatorCli(['--port', '0', '--bucket', 'demo'], { name: 'oss-presign emulator' });
 * ```
 */
export async function runEmulatorCli(argv: readonly string[], options: { readonly name?: string | undefined } = {}): Promise<void> {
  const name = options.name ?? 'oss-emulator';
  const USAGE = usage(name);
  const fail: (message: string) => never = (message) => {
    console.error(`${name}: ${message}\n\n${USAGE}`);
    process.exit(2);
  };
  let values: ReturnType<typeof parseOptions>['values'];
  try {
    values = parseOptions(argv).values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be 0-65535, got "${values.port}"`);
  if (values.cors !== 'permissive' && values.cors !== 'off') fail(`--cors must be permissive or off, got "${values.cors}"`);
  const buckets = values.bucket && values.bucket.length > 0 ? values.bucket : ['demo'];
  const tokenExpiration = values['token-expiration'] === undefined ? undefined : new Date(values['token-expiration']);
  if (tokenExpiration !== undefined) {
    if (!Number.isFinite(tokenExpiration.getTime())) {
      fail(`--token-expiration must be an ISO 8601 time such as 2030-01-01T00:00:00Z, got "${values['token-expiration']}"`);
    }
    if (values['security-token'] === undefined) fail('--token-expiration needs --security-token: only STS credentials expire');
  }
  const credential = {
    accessKeyId: values['access-key-id'] as string,
    accessKeySecret: values['access-key-secret'] as string,
    securityToken: values['security-token'],
    expiration: tokenExpiration,
  };
  let oss: Awaited<ReturnType<typeof startEmulator>>;
  try {
    oss = await startEmulator({
      port,
      host: values.host,
      region: values.region,
      buckets,
      credentials: [credential],
      dataDir: values['data-dir'],
      defaultBucket: values['default-bucket'],
      cors: values.cors,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  console.log(`OSS emulator listening on ${oss.endpoint}`);
  console.log(`  region:            ${oss.region}`);
  console.log(`  buckets:           ${buckets.join(', ')}`);
  console.log(`  accessKeyId:       ${credential.accessKeyId}`);
  // The built-in test secret is printed so that a first run works by copy and paste; a secret or
  // token the user chose stays out of terminal scrollback and CI logs.
  const isDefaultSecret = credential.accessKeySecret === DEFAULT_SECRET;
  console.log(`  accessKeySecret:   ${isDefaultSecret ? DEFAULT_SECRET : '(as given with --access-key-secret)'}`);
  if (credential.securityToken) console.log('  securityToken:     (as given with --security-token)');
  if (tokenExpiration) console.log(`  token expires:     ${tokenExpiration.toISOString()}`);
  console.log(`  storage:           ${values['data-dir'] ?? 'in memory'}`);
  console.log(`  callback key:      ${oss.publicKeyUrl}`);
  console.log('Press Ctrl-C to stop.');

  const stop = (signal: string): void => {
    console.log(`\nReceived ${signal}, stopping.`);
    oss.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string', default: '9000' },
      host: { type: 'string', default: '127.0.0.1' },
      bucket: { type: 'string', multiple: true },
      region: { type: 'string', default: 'cn-hangzhou' },
      'access-key-id': { type: 'string', default: 'test-access-key-id' },
      'access-key-secret': { type: 'string', default: DEFAULT_SECRET },
      'security-token': { type: 'string' },
      'token-expiration': { type: 'string' },
      'data-dir': { type: 'string' },
      'default-bucket': { type: 'string' },
      cors: { type: 'string', default: 'permissive' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
}

