import { createHash } from 'node:crypto';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  type OssCredentials,
  type PostPolicy,
  encodePostPolicy,
  formatDateTime,
  signPostPolicyV1,
  signPostPolicyV4,
} from '@oss-presign/core/signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { BUCKET, CREDENTIALS, REGION, STS_CREDENTIALS, headerSigned, parseXmlBody, rawRequest, readError, startTestEmulator } from './helpers.js';

const require = createRequire(import.meta.url);
const OSS = require('ali-oss') as new (options: Record<string, unknown>) => {
  calculatePostSignature(policy: object): { OSSAccessKeyId: string; Signature: string; policy: string };
  signPostObjectPolicyV4(policy: object, date: Date): string;
};

let oss: Emulator;
let app: Server;
let appUrl: string;
const callbacks: { url: string; body: string; headers: IncomingMessage['headers'] }[] = [];

beforeAll(async () => {
  oss = await startTestEmulator({ callbackTimeoutMs: 2000 });
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      callbacks.push({ url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      const body = Buffer.from(JSON.stringify({ Status: 'OK', from: 'app' }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await oss.close();
  app.closeAllConnections();
  await new Promise((resolve) => app.close(resolve));
});

const inOneHour = (): string => new Date(Date.now() + 3600_000).toISOString();

type Fields = Record<string, string>;

interface FileSpec {
  readonly body: string | Buffer;
  readonly filename?: string;
  readonly type?: string;
}

/** A form in OSS's order: the given fields, then the signature fields, then the file last. */
function buildForm(fields: Fields, file: FileSpec | undefined, after?: Fields): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) {
    const blob = new Blob([typeof file.body === 'string' ? Buffer.from(file.body) : file.body], { type: file.type ?? '' });
    form.append('file', blob, file.filename ?? 'upload.bin');
  }
  for (const [name, value] of Object.entries(after ?? {})) form.append(name, value);
  return form;
}

/** V1 form fields for a policy: OSSAccessKeyId, policy, Signature (and the STS token). */
function v1Fields(policy: PostPolicy | string, credentials: OssCredentials = CREDENTIALS): Fields {
  const encoded = encodePostPolicy(policy);
  const fields: Fields = {
    OSSAccessKeyId: credentials.accessKeyId,
    policy: encoded,
    Signature: signPostPolicyV1({ policy: encoded, accessKeySecret: credentials.accessKeySecret }),
  };
  if (credentials.securityToken) fields['x-oss-security-token'] = credentials.securityToken;
  return fields;
}

/** V4 form fields; the policy's conditions get the three V4 fields pinned, as OSS requires. */
function v4Fields(
  policy: PostPolicy,
  options: { credentials?: OssCredentials; region?: string; pin?: boolean; now?: Date } = {},
): Fields {
  const credentials = options.credentials ?? CREDENTIALS;
  const region = options.region ?? REGION;
  const dateTime = formatDateTime(options.now ?? new Date());
  const date = dateTime.slice(0, 8);
  const v4: Fields = {
    'x-oss-signature-version': 'OSS4-HMAC-SHA256',
    'x-oss-credential': `${credentials.accessKeyId}/${date}/${region}/oss/aliyun_v4_request`,
    'x-oss-date': dateTime,
  };
  if (credentials.securityToken) v4['x-oss-security-token'] = credentials.securityToken;
  const pinned = options.pin === false ? [] : Object.entries(v4).map(([name, value]) => ({ [name]: value }));
  const encoded = encodePostPolicy({ ...policy, conditions: [...policy.conditions, ...pinned] });
  return {
    ...v4,
    policy: encoded,
    'x-oss-signature': signPostPolicyV4({ policy: encoded, accessKeySecret: credentials.accessKeySecret, date, region }),
  };
}

function post(form: FormData, path = `/${BUCKET}`): Promise<Response> {
  return fetch(`${oss.endpoint}${path}`, { method: 'POST', body: form, redirect: 'manual' });
}

const md5Etag = (body: string | Buffer): string => `"${createHash('md5').update(body).digest('hex').toUpperCase()}"`;

async function stored(key: string): Promise<boolean> {
  return (await oss.getObjectBytes(BUCKET, key)) !== undefined;
}

describe('PostObject with a V1 policy', () => {
  it('stores the file with its metadata and answers 204 by default', async () => {
    const policy = { expiration: inOneHour(), conditions: [{ bucket: BUCKET }, ['starts-with', '$key', 'v1/']] };
    const form = buildForm(
      { key: 'v1/a.txt', 'Content-Type': 'text/plain', 'x-oss-meta-owner': 'alice', 'Cache-Control': 'no-cache', ...v1Fields(policy) },
      { body: 'hello form' },
    );
    const response = await post(form);
    expect(response.status).toBe(204);
    expect(response.headers.get('etag')).toBe(md5Etag('hello form'));
    expect(await oss.getObjectBytes(BUCKET, 'v1/a.txt')).toEqual(Buffer.from('hello form'));
    // The form authorised this one upload: an unsigned GET of the object is still refused.
    const anonymous = await rawRequest(oss.endpoint, { method: 'GET', path: `/${BUCKET}/v1/a.txt` });
    expect(anonymous.status).toBe(403);
  });

  it('keeps metadata, content headers and the ACL from the form fields', async () => {
    const policy = { expiration: inOneHour(), conditions: [['eq', '$key', 'v1/meta.bin']] };
    const form = buildForm(
      {
        key: 'v1/meta.bin',
        'x-oss-meta-owner': 'alice',
        'Content-Disposition': 'attachment; filename="m.bin"',
        'x-oss-object-acl': 'private',
        success_action_status: '200',
        ...v1Fields(policy),
      },
      { body: Buffer.from([1, 2, 3]), type: 'image/png' },
    );
    const response = await post(form);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    const signed = headerSigned(oss, { method: 'HEAD', key: 'v1/meta.bin' });
    const head = await fetch(signed.url, { method: 'HEAD', headers: signed.headers });
    expect(head.status).toBe(200);
    // No Content-Type field: the file part's own type is kept.
    expect(head.headers.get('content-type')).toBe('image/png');
    expect(head.headers.get('x-oss-meta-owner')).toBe('alice');
    expect(head.headers.get('content-disposition')).toBe('attachment; filename="m.bin"');
  });

  it('substitutes ${filename} in the key', async () => {
    const policy = { expiration: inOneHour(), conditions: [['starts-with', '$key', 'up/']] };
    const response = await post(buildForm({ key: 'up/${filename}', ...v1Fields(policy) }, { body: 'named', filename: 'photo 1.jpg' }));
    expect(response.status).toBe(204);
    expect(await oss.getObjectBytes(BUCKET, 'up/photo 1.jpg')).toEqual(Buffer.from('named'));
  });

  it('answers 201 with the PostResponse XML', async () => {
    const policy = { expiration: inOneHour(), conditions: [{ success_action_status: '201' }] };
    const response = await post(buildForm({ key: 'v1/created é.txt', success_action_status: '201', ...v1Fields(policy) }, { body: 'xml' }));
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/xml');
    const xml = parseXmlBody(await response.text()).PostResponse as Record<string, string>;
    expect(xml.Bucket).toBe(BUCKET);
    expect(xml.Key).toBe('v1/created é.txt');
    expect(xml.ETag).toBe(md5Etag('xml'));
    expect(xml.Location).toBe(`http://${new URL(oss.endpoint).host}/${BUCKET}/v1/created%20%C3%A9.txt`);
  });

  it('redirects with 303 to success_action_redirect, appending bucket, key and etag', async () => {
    const policy = { expiration: inOneHour(), conditions: [['starts-with', '$success_action_redirect', 'https://app.example/']] };
    const form = buildForm({ key: 'v1/redirect.txt', success_action_redirect: 'https://app.example/done?x=1', ...v1Fields(policy) }, { body: 'r' });
    const response = await post(form);
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('https://app.example/done');
    expect(Object.fromEntries(location.searchParams)).toEqual({ x: '1', bucket: BUCKET, key: 'v1/redirect.txt', etag: md5Etag('r') });
  });

  it('accepts an STS credential with its token, and refuses it without', async () => {
    const policy = { expiration: inOneHour(), conditions: [] };
    const ok = await post(buildForm({ key: 'v1/sts.txt', ...v1Fields(policy, STS_CREDENTIALS) }, { body: 's' }));
    expect(ok.status).toBe(204);
    const fields = v1Fields(policy, STS_CREDENTIALS);
    delete fields['x-oss-security-token'];
    const error = await readError(await post(buildForm({ key: 'v1/sts-no-token.txt', ...fields }, { body: 's' })));
    expect(error.code).toBe('InvalidSecurityToken');
    expect(await stored('v1/sts-no-token.txt')).toBe(false);
  });

  it('refuses a wrong signature, an unknown key and an anonymous form, storing nothing', async () => {
    const policy = { expiration: inOneHour(), conditions: [] };
    const wrong = await readError(await post(buildForm({ key: 'v1/bad.txt', ...v1Fields(policy, { ...CREDENTIALS, accessKeySecret: 'nope' }) }, { body: 'x' })));
    expect(wrong).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(wrong.fields.StringToSign).toBe(encodePostPolicy(policy));
    const unknown = await readError(await post(buildForm({ key: 'v1/bad.txt', ...v1Fields(policy, { ...CREDENTIALS, accessKeyId: 'who' }) }, { body: 'x' })));
    expect(unknown).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' });
    const anonymous = await readError(await post(buildForm({ key: 'v1/bad.txt' }, { body: 'x' })));
    expect(anonymous).toMatchObject({ status: 403, code: 'AccessDenied' });
    const noSignature = v1Fields(policy);
    delete noSignature.Signature;
    const missing = await readError(await post(buildForm({ key: 'v1/bad.txt', ...noSignature }, { body: 'x' })));
    expect(missing).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect(await stored('v1/bad.txt')).toBe(false);
  });
});

describe('PostObject policy conditions', () => {
  const cases: { name: string; condition: unknown; fields: Fields; passes: boolean }[] = [
    { name: 'exact match object, met', condition: { key: 'c/eq-obj' }, fields: { key: 'c/eq-obj' }, passes: true },
    { name: 'exact match object, not met', condition: { key: 'c/other' }, fields: { key: 'c/eq-obj-x' }, passes: false },
    { name: 'eq, met', condition: ['eq', '$key', 'c/eq'], fields: { key: 'c/eq' }, passes: true },
    { name: 'eq, not met', condition: ['eq', '$key', 'c/eq'], fields: { key: 'c/eq-x' }, passes: false },
    { name: 'starts-with, met', condition: ['starts-with', '$key', 'c/sw/'], fields: { key: 'c/sw/1' }, passes: true },
    { name: 'starts-with, not met', condition: ['starts-with', '$key', 'c/sw/'], fields: { key: 'c/nsw/1' }, passes: false },
    { name: 'in, met', condition: ['in', '$content-type', ['image/jpeg', 'image/png']], fields: { key: 'c/in', 'Content-Type': 'image/png' }, passes: true },
    { name: 'in, not met', condition: ['in', '$content-type', ['image/jpeg']], fields: { key: 'c/in-x', 'Content-Type': 'text/html' }, passes: false },
    { name: 'not-in, met', condition: ['not-in', '$cache-control', ['no-cache']], fields: { key: 'c/notin', 'Cache-Control': 'max-age=60' }, passes: true },
    { name: 'not-in, not met', condition: ['not-in', '$cache-control', ['no-cache']], fields: { key: 'c/notin-x', 'Cache-Control': 'no-cache' }, passes: false },
    { name: 'bucket, met', condition: { bucket: BUCKET }, fields: { key: 'c/bucket' }, passes: true },
    { name: 'bucket, not met', condition: { bucket: 'other' }, fields: { key: 'c/bucket-x' }, passes: false },
    { name: 'field absent', condition: ['eq', '$x-oss-meta-tag', 'a'], fields: { key: 'c/absent' }, passes: false },
    { name: 'meta field, met', condition: ['eq', '$x-oss-meta-tag', 'a'], fields: { key: 'c/meta', 'x-oss-meta-tag': 'a' }, passes: true },
  ];

  for (const { name, condition, fields, passes } of cases) {
    for (const version of ['V1', 'V4'] as const) {
      it(`${version}: ${name}`, async () => {
        const key = `${fields.key}-${version}`;
        const policyKeyFixed = (value: unknown): unknown =>
          // Conditions on the key name the versioned key.
          Array.isArray(value) && value[1] === '$key' ? [value[0], '$key', `${value[2]}${value[0] === 'eq' ? `-${version}` : ''}`]
          : typeof value === 'object' && value !== null && 'key' in value ? { key: `${(value as { key: string }).key}-${version}` }
          : value;
        const policy = { expiration: inOneHour(), conditions: [policyKeyFixed(condition)] };
        const signed = version === 'V1' ? v1Fields(policy) : v4Fields(policy);
        const response = await post(buildForm({ ...fields, key, ...signed }, { body: 'cond' }));
        if (passes) {
          expect(response.status).toBe(204);
          expect(await oss.getObjectBytes(BUCKET, key)).toEqual(Buffer.from('cond'));
        } else {
          const error = await readError(response);
          expect(error.status).toBe(403);
          expect(error.code).toBe('AccessDenied');
          expect(error.message).toMatch(/^Invalid according to Policy: Policy Condition failed: \[/);
          expect(await stored(key)).toBe(false);
        }
      });
    }
  }

  it('names the failed condition in the message', async () => {
    const policy = { expiration: inOneHour(), conditions: [['starts-with', '$key', 'user/eric/']] };
    const error = await readError(await post(buildForm({ key: 'user/bob/x', ...v1Fields(policy) }, { body: 'x' })));
    expect(error.message).toBe('Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/eric/"]');
  });

  it('enforces content-length-range: inside passes, above is EntityTooLarge, below is EntityTooSmall', async () => {
    const policy = { expiration: inOneHour(), conditions: [['content-length-range', 2, 8]] };
    expect((await post(buildForm({ key: 'len/ok', ...v1Fields(policy) }, { body: '12345678' }))).status).toBe(204);
    const large = await readError(await post(buildForm({ key: 'len/large', ...v4Fields(policy) }, { body: Buffer.alloc(200_000, 7) })));
    expect(large).toMatchObject({ status: 400, code: 'EntityTooLarge' });
    const small = await readError(await post(buildForm({ key: 'len/small', ...v1Fields(policy) }, { body: '1' })));
    expect(small).toMatchObject({ status: 400, code: 'EntityTooSmall' });
    expect(await stored('len/large')).toBe(false);
    expect(await stored('len/small')).toBe(false);
  });

  it('refuses an expired policy', async () => {
    const policy = { expiration: new Date(Date.now() - 1000).toISOString(), conditions: [] };
    for (const fields of [v1Fields(policy), v4Fields(policy)]) {
      const error = await readError(await post(buildForm({ key: 'exp/x', ...fields }, { body: 'x' })));
      expect(error).toMatchObject({ status: 403, code: 'AccessDenied', message: 'Invalid according to Policy: Policy expired.' });
    }
    expect(await stored('exp/x')).toBe(false);
  });

  it('refuses policy documents that are not valid (InvalidPolicyDocument)', async () => {
    const documents = [
      '{not json',
      JSON.stringify({ expiration: inOneHour() }),
      JSON.stringify({ conditions: [] }),
      JSON.stringify({ expiration: 'tomorrow', conditions: [] }),
      JSON.stringify({ expiration: inOneHour(), conditions: [['content-length-range', 20, 10]] }),
      JSON.stringify({ expiration: inOneHour(), conditions: [['content-length-range', 1, 'test']] }),
      JSON.stringify({ expiration: inOneHour(), conditions: [['not-in', '$cache-control', 'no-cache']] }),
      JSON.stringify({ expiration: inOneHour(), conditions: [{ a: '1', b: '2' }] }),
      JSON.stringify({ expiration: inOneHour(), conditions: [['matches', '$key', '.*']] }),
    ];
    for (const document of documents) {
      const error = await readError(await post(buildForm({ key: 'bad-policy/x', ...v1Fields(document) }, { body: 'x' })));
      expect(error, document).toMatchObject({ status: 400, code: 'InvalidPolicyDocument' });
    }
    expect(await stored('bad-policy/x')).toBe(false);
  });
});

describe('PostObject with a V4 policy', () => {
  it('stores the file and answers 201 with PostResponse', async () => {
    const policy = { expiration: inOneHour(), conditions: [{ bucket: BUCKET }, ['content-length-range', 1, 1024]] };
    const response = await post(buildForm({ key: 'v4/a.txt', success_action_status: '201', ...v4Fields(policy) }, { body: 'v4 body' }));
    expect(response.status).toBe(201);
    const xml = parseXmlBody(await response.text()).PostResponse as Record<string, string>;
    expect(xml.ETag).toBe(md5Etag('v4 body'));
    expect(await oss.getObjectBytes(BUCKET, 'v4/a.txt')).toEqual(Buffer.from('v4 body'));
  });

  it('streams a multi-megabyte file whole (hashed on the workers)', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31 + (i >> 11)) & 0xff;
    const policy = { expiration: inOneHour(), conditions: [['content-length-range', 0, 4 * 1024 * 1024]] };
    const response = await post(buildForm({ key: 'v4/big.bin', ...v4Fields(policy) }, { body }));
    expect(response.status).toBe(204);
    expect(response.headers.get('etag')).toBe(md5Etag(body));
    const bytes = await oss.getObjectBytes(BUCKET, 'v4/big.bin');
    expect(bytes?.length).toBe(body.length);
    expect(Buffer.compare(bytes as Buffer, body)).toBe(0);
  });

  it('accepts an STS credential with x-oss-security-token', async () => {
    const policy = { expiration: inOneHour(), conditions: [] };
    const response = await post(buildForm({ key: 'v4/sts.txt', ...v4Fields(policy, { credentials: STS_CREDENTIALS }) }, { body: 'sts' }));
    expect(response.status).toBe(204);
  });

  it('refuses a wrong secret, a wrong region, and a policy that does not pin the V4 fields', async () => {
    const policy = { expiration: inOneHour(), conditions: [] };
    const wrong = await readError(await post(buildForm({ key: 'v4/bad', ...v4Fields(policy, { credentials: { ...CREDENTIALS, accessKeySecret: 'x' } }) }, { body: 'x' })));
    expect(wrong).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    const region = await readError(await post(buildForm({ key: 'v4/bad', ...v4Fields(policy, { region: 'cn-beijing' }) }, { body: 'x' })));
    expect(region).toMatchObject({ status: 400, code: 'InvalidArgument', message: 'The signing region in credential is invalid.' });
    const unpinned = await readError(await post(buildForm({ key: 'v4/bad', ...v4Fields(policy, { pin: false }) }, { body: 'x' })));
    expect(unpinned).toMatchObject({ status: 400, code: 'InvalidPolicyDocument' });
    // The pinned x-oss-date must be the one the form carries.
    const fields = v4Fields(policy);
    const tampered = await readError(await post(buildForm({ key: 'v4/bad', ...fields, 'x-oss-signature-version': 'OSS4-HMAC-SHA1' }, { body: 'x' })));
    expect(tampered).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect(await stored('v4/bad')).toBe(false);
  });
});

describe('PostObject form handling', () => {
  const policy = (): PostPolicy => ({ expiration: inOneHour(), conditions: [] });

  it('refuses a form without key (InvalidArgument) or without file (MalformedPOSTRequest)', async () => {
    const noKey = await readError(await post(buildForm(v1Fields(policy()), { body: 'x' })));
    expect(noKey).toMatchObject({ status: 400, code: 'InvalidArgument' });
    const noFile = await readError(await post(buildForm({ key: 'form/nofile', ...v1Fields(policy()) }, undefined)));
    expect(noFile).toMatchObject({ status: 400, code: 'MalformedPOSTRequest' });
  });

  it('refuses a form whose file is not the last field, storing nothing', async () => {
    const response = await post(buildForm({ key: 'form/not-last', ...v1Fields(policy()) }, { body: 'x' }, { 'x-oss-meta-late': '1' }));
    const error = await readError(response);
    expect(error).toMatchObject({ status: 400, code: 'MalformedPOSTRequest' });
    expect(await stored('form/not-last')).toBe(false);
  });

  it('refuses a body that is not multipart/form-data', async () => {
    const response = await fetch(`${oss.endpoint}/${BUCKET}`, { method: 'POST', body: 'key=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await readError(response)).toMatchObject({ status: 400, code: 'MalformedPOSTRequest' });
    const broken = await rawRequest(oss.endpoint, {
      method: 'POST',
      path: `/${BUCKET}`,
      headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="key"\r\n\r\nbroken'),
    });
    expect(broken.status).toBe(400);
    expect(broken.body.toString()).toContain('<Code>MalformedPOSTRequest</Code>');
  });

  it('keeps an existing object when x-oss-forbid-overwrite is true', async () => {
    expect((await post(buildForm({ key: 'form/keep', ...v1Fields(policy()) }, { body: 'first' }))).status).toBe(204);
    const error = await readError(await post(buildForm({ key: 'form/keep', 'x-oss-forbid-overwrite': 'true', ...v1Fields(policy()) }, { body: 'second' })));
    expect(error).toMatchObject({ status: 409, code: 'FileAlreadyExists' });
    expect(await oss.getObjectBytes(BUCKET, 'form/keep')).toEqual(Buffer.from('first'));
  });

  it('runs the upload callback and relays the app JSON with 200', async () => {
    callbacks.length = 0;
    const callback = Buffer.from(
      JSON.stringify({ callbackUrl: `${appUrl}/cb`, callbackBody: 'object=${object}&size=${size}&mime=${mimeType}&who=${x:who}' }),
    ).toString('base64');
    const form = buildForm({ key: 'form/cb.txt', 'Content-Type': 'text/plain', callback, 'x:who': 'a b', ...v4Fields(policy()) }, { body: 'callback!' });
    const response = await post(form);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ Status: 'OK', from: 'app' });
    expect(response.headers.get('etag')).toBe(md5Etag('callback!'));
    expect(callbacks).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(callbacks[0]?.body))).toEqual({ object: 'form/cb.txt', size: '9', mime: 'text/plain', who: 'a b' });
  });

  it('answers OSS XML to a form POSTed through the virtual-hosted address too', async () => {
    const form = buildForm({ key: 'form/vh.txt', ...v1Fields(policy()) }, { body: 'vh' });
    const request = new Request(`${oss.endpoint}/`, { method: 'POST', body: form });
    const body = Buffer.from(await request.arrayBuffer());
    const response = await rawRequest(oss.endpoint, {
      method: 'POST',
      path: '/',
      headers: { host: `${BUCKET}.oss-${REGION}.aliyuncs.com`, 'content-type': request.headers.get('content-type') ?? '', 'content-length': String(body.length) },
      body,
    });
    expect(response.status).toBe(204);
    expect(await oss.getObjectBytes(BUCKET, 'form/vh.txt')).toEqual(Buffer.from('vh'));
  });
});

describe("PostObject with ali-oss's POST helpers", () => {
  it('accepts a form signed by calculatePostSignature (V1)', async () => {
    const client = new OSS({ accessKeyId: CREDENTIALS.accessKeyId, accessKeySecret: CREDENTIALS.accessKeySecret, region: `oss-${REGION}`, bucket: BUCKET });
    const { OSSAccessKeyId, Signature, policy } = client.calculatePostSignature({
      expiration: inOneHour(),
      conditions: [['content-length-range', 0, 1024], ['starts-with', '$key', 'ali/']],
    });
    const response = await post(buildForm({ key: 'ali/v1.txt', OSSAccessKeyId, policy, Signature }, { body: 'ali v1' }));
    expect(response.status).toBe(204);
    expect(await oss.getObjectBytes(BUCKET, 'ali/v1.txt')).toEqual(Buffer.from('ali v1'));
  });

  it('accepts a form signed by signPostObjectPolicyV4', async () => {
    const client = new OSS({ accessKeyId: CREDENTIALS.accessKeyId, accessKeySecret: CREDENTIALS.accessKeySecret, region: `oss-${REGION}`, bucket: BUCKET });
    const now = new Date();
    const dateTime = formatDateTime(now);
    const credential = `${CREDENTIALS.accessKeyId}/${dateTime.slice(0, 8)}/${REGION}/oss/aliyun_v4_request`;
    const document = {
      expiration: inOneHour(),
      conditions: [
        { bucket: BUCKET },
        { 'x-oss-signature-version': 'OSS4-HMAC-SHA256' },
        { 'x-oss-credential': credential },
        { 'x-oss-date': dateTime },
        ['starts-with', '$key', 'ali/'],
      ],
    };
    const signature = client.signPostObjectPolicyV4(document, now);
    const response = await post(
      buildForm(
        {
          key: 'ali/v4.txt',
          policy: encodePostPolicy(document),
          'x-oss-signature-version': 'OSS4-HMAC-SHA256',
          'x-oss-credential': credential,
          'x-oss-date': dateTime,
          'x-oss-signature': signature,
        },
        { body: 'ali v4' },
      ),
    );
    expect(response.status).toBe(204);
    expect(await oss.getObjectBytes(BUCKET, 'ali/v4.txt')).toEqual(Buffer.from('ali v4'));
  });
});
