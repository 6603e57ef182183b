// Errors of the presigner, credentials and signer say what to change, and never carry a secret,
// a security token, a signature or an Authorization value.
import { describe, expect, it } from 'vitest';
import { fromEnv, refreshingCredentials, staticCredentials } from '../src/credentials/credentials-provider.js';
import { OssPresignError } from '../src/errors/oss-presign-error.js';
import { createPresigner } from '../src/presigner/create-presigner.js';
import { presignV1, signV1Header } from '../src/signer/sign-v1.js';
import { signV4Header, signV4Query } from '../src/signer/sign-v4.js';

const SECRET = 'SECRETzq7Xw9';
const TOKEN = 'TOKENk4Jm2Pv';
const SIGNATURE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
const AUTHORIZATION = `OSS4-HMAC-SHA256 Credential=ak/20240601/cn-hangzhou/oss/aliyun_v4_request,Signature=${SIGNATURE}`;
const SECRETS = [SECRET, TOKEN, SIGNATURE, AUTHORIZATION];
const sts = { accessKeyId: 'STS.ak', accessKeySecret: SECRET, securityToken: TOKEN };
const signTime = new Date('2024-06-01T08:30:15Z');

// Every text an error yields to a log or a client: message, String(), JSON, details, the cause chain.
function producedText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(String(current), JSON.stringify(current) ?? '');
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? '');
      if (current instanceof OssPresignError) parts.push(JSON.stringify(current.details ?? {}));
      current = current.cause;
    } else break;
  }
  return parts.join('\n');
}

async function caught(run: () => unknown): Promise<OssPresignError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(OssPresignError);
    return error as OssPresignError;
  }
  throw new Error('expected a throw');
}

describe('credential errors name what to change', () => {
  it('fromEnv with no environment names OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN', async () => {
    const error = await caught(() => createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials: fromEnv({}) }));
    expect(error.code).toBe('MISSING_CREDENTIALS');
    expect(error.message).toMatch(/^fromEnv: OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET are missing or empty/);
    expect(error.message).toContain('OSS_SESSION_TOKEN');
    expect(error.details).toEqual({ source: 'fromEnv', missing: ['OSS_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET'] });
  });

  it('names the one variable that is missing', async () => {
    const error = await caught(() => fromEnv({ OSS_ACCESS_KEY_SECRET: SECRET }));
    expect(error.message).toMatch(/^fromEnv: OSS_ACCESS_KEY_ID is missing or empty/);
  });

  it('points at a trailing newline copied into a variable, without showing the value', async () => {
    const error = await caught(() => fromEnv({ OSS_ACCESS_KEY_ID: 'ak', OSS_ACCESS_KEY_SECRET: `${SECRET}\n` }));
    expect(error.message).toMatch(/OSS_ACCESS_KEY_SECRET contains U\+000A at position 12 of 13.*trailing newline/);
  });

  it('staticCredentials and refreshingCredentials say how to supply credentials', async () => {
    expect((await caught(() => staticCredentials({ accessKeyId: '', accessKeySecret: SECRET }))).message).toMatch(
      /staticCredentials: accessKeyId is missing or empty\. Fix: pass \{ accessKeyId, accessKeySecret \}/,
    );
    const provider = refreshingCredentials({ fetch: async () => ({ accessKeyId: 'ak' }) as never });
    expect((await caught(() => provider())).message).toMatch(/refreshingCredentials: accessKeySecret is missing.*STS AssumeRole/);
  });

  it('createPresigner without credentials lists the ways to give them', async () => {
    const error = await caught(() => createPresigner({ region: 'cn-hangzhou' } as never));
    expect(error.message).toMatch(/fromEnv\(\).*OSS_ACCESS_KEY_ID.*refreshingCredentials/);
  });

  it('refuses an invalid onExpiryBeyondCredentials and clockOffsetMs at creation', async () => {
    const base = { region: 'cn-hangzhou', credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' } };
    expect((await caught(() => createPresigner({ ...base, onExpiryBeyondCredentials: 'cut' as never }))).message).toMatch(/'clamp' or 'refuse'/);
    expect((await caught(() => createPresigner({ ...base, clockOffsetMs: Number.NaN }))).code).toBe('INVALID_CONFIG');
  });
});

describe('no secret, token, signature or Authorization value in any error', () => {
  const presigner = createPresigner({ region: 'cn-hangzhou', bucket: 'demo', credentials: sts, now: () => signTime });
  const paths: [string, () => unknown][] = [
    ['secret with a newline', () => staticCredentials({ accessKeyId: 'ak', accessKeySecret: `${SECRET}\n` })],
    ['token with a space', () => staticCredentials({ accessKeyId: 'ak', accessKeySecret: SECRET, securityToken: `${TOKEN} ` })],
    ['token with non-ASCII', () => fromEnv({ OSS_ACCESS_KEY_ID: 'ak', OSS_ACCESS_KEY_SECRET: SECRET, OSS_SESSION_TOKEN: `${TOKEN}é` })],
    ['id missing, secret given', () => fromEnv({ OSS_ACCESS_KEY_SECRET: SECRET, OSS_SESSION_TOKEN: TOKEN })],
    ['fetch returns no id', () => refreshingCredentials({ fetch: async () => ({ accessKeyId: '', accessKeySecret: SECRET, securityToken: TOKEN }) })()],
    ['bad expiration', () => staticCredentials({ ...sts, expiration: new Date(Number.NaN) } as never)],
    [
      'Authorization header with a bad character',
      () => presigner.presign({ operation: 'Generic', method: 'GET', key: 'a', headers: { authorization: `${AUTHORIZATION}\n` } }),
    ],
    [
      'token header with non-ASCII',
      () => presigner.presign({ operation: 'Generic', method: 'GET', key: 'a', headers: { 'x-oss-security-token': `${TOKEN}—` } }),
    ],
    ['metadata holding a signature and a newline', () => presigner.presign({ operation: 'PutObject', key: 'a', metadata: { sig: `${SIGNATURE}\r\n` } })],
    ['too long for STS', () => presigner.presign({ operation: 'GetObject', key: 'a' }, { expires: 50_000 })],
    [
      'beyond the credentials (refuse)',
      () =>
        createPresigner({
          region: 'cn-hangzhou',
          bucket: 'demo',
          credentials: async () => ({ ...sts, expiration: new Date(signTime.getTime() + 60_000) }),
          now: () => signTime,
          onExpiryBeyondCredentials: 'refuse',
        }).presign({ operation: 'GetObject', key: 'a' }, { expires: 3600 }),
    ],
    [
      'credentials expired',
      () =>
        createPresigner({
          region: 'cn-hangzhou',
          bucket: 'demo',
          credentials: async () => ({ ...sts, expiration: new Date(signTime.getTime() - 1) }),
          now: () => signTime,
        }).presign({ operation: 'GetObject', key: 'a' }),
    ],
    [
      'signer: bad header',
      () => signV4Query({ method: 'GET', region: 'cn-hangzhou', credentials: sts, signTime, headers: { 'x-oss-meta-a': `${SECRET}\u0000` } }),
    ],
    ['signer: secret missing, token given', () => signV4Header({ method: 'GET', region: 'cn-hangzhou', credentials: { accessKeyId: 'ak', accessKeySecret: '', securityToken: TOKEN }, signTime })],
    ['V1: bad expires', () => presignV1({ method: 'GET', credentials: sts, expires: 1.5 })],
    ['V1 header: bad header', () => signV1Header({ method: 'GET', credentials: sts, date: 'now', headers: { authorization: `${AUTHORIZATION}\r` } })],
  ];

  it.each(paths)('%s', async (_name, run) => {
    const error = await caught(run);
    const text = producedText(error);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});

describe('endpoint errors', () => {
  it('masks user info in an endpoint and says what to pass instead', async () => {
    const base = { region: 'cn-hangzhou', credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' } };
    const withUser = await caught(() => createPresigner({ ...base, endpoint: `https://ak:${SECRET}@oss-cn-hangzhou.aliyuncs.com` }));
    expect(withUser.message).toMatch(/carries user info.*remove it/);
    const invalid = await caught(() => createPresigner({ ...base, endpoint: `http://ak:${SECRET}@[bad` }));
    expect(invalid.message).toMatch(/Invalid endpoint .*give a host such as/);
    for (const error of [withUser, invalid]) expect(producedText(error)).not.toContain(SECRET);
  });
});
