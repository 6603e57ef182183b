// The callback key-URL allowlist compares what fetch will fetch: checked against the WHATWG URL
// parser (the one fetch uses) over many URL shapes, and end to end with a forged callback whose
// key URL leaves the allowed folder through `%2e%2e`.
import { createSign, generateKeyPairSync } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePublicKeyUrl } from '../../src/callback/public-key-url.js';
import { createPublicKeyCache, isAllowedPublicKeyUrl, verifyOssCallback } from '../../src/callback/verify-callback.js';
import { OssPresignError } from '../../src/errors/oss-presign-error.js';

const EXTRA = 'http://127.0.0.1:9000/keys/';

const scheme = fc.constantFrom('http://', 'https://', 'HTTP://', 'http:/', 'http:\\\\', 'http:', 'ftp://', 'file://');
const userInfo = fc.constantFrom('', '', '', 'u@', 'u:p@', ':@', '127.0.0.1:9000@', 'gosspublic.alicdn.com@');
const host = fc.constantFrom('127.0.0.1', '127.0.0.1', '127.0.0.1.', '0x7f.0.0.1', '2130706433', 'LOCALHOST', 'evil.example', 'gosspublic.alicdn.com', 'GOSSPUBLIC.ALICDN.COM', 'gosspublic.alicdn.com.evil.example', 'gosspublic。alicdn。com', 'xn--gosspublic-evil.com', '[::1]');
const port = fc.constantFrom('', ':9000', ':9000', ':09000', ':80', ':443', ':9001', ':');
const segment = fc.constantFrom('keys', 'keys', 'KEYS', 'keys-evil', 'evil', 'key.pem', '..', '.', '%2e%2e', '%2E%2e', '.%2e', '%2e.', '%2e', '%2f', '%2F..', '%5c', '..%2f', '%252e%252e', '', '%6beys', 'k%20y.pem', '報告.pem');
const separator = fc.constantFrom('/', '/', '/', '\\', '//');
const suffix = fc.constantFrom('', '', '', '?', '?x=1', '#frag', '#');
const path = fc.array(fc.tuple(separator, segment), { maxLength: 5 }).map((parts) => parts.map(([sep, seg]) => `${sep}${seg}`).join(''));
const urlShape = fc.tuple(scheme, userInfo, host, port, path, suffix).map((parts) => parts.join(''));

describe('callback public-key URL allowlist', () => {
  it('allows only what fetch would request from the allowed location, and fetches exactly that', () => {
    const allowed = new URL(EXTRA);
    fc.assert(
      fc.property(urlShape, (text) => {
        const resolved = resolvePublicKeyUrl(text, EXTRA);
        expect(isAllowedPublicKeyUrl(text, EXTRA)).toBe(resolved !== undefined);
        if (resolved === undefined) return;
        // What fetch would request is what was compared.
        const fetched = new URL(text);
        expect(resolved).toBe(fetched.href);
        expect([fetched.username, fetched.password, fetched.search, fetched.hash]).toEqual(['', '', '', '']);
        expect(fetched.pathname).not.toMatch(/%2f|%5c/i);
        const segments = fetched.pathname.split('/');
        expect(segments).not.toContain('..');
        if (fetched.hostname === 'gosspublic.alicdn.com') {
          expect(fetched.port).toBe('');
          expect(['http:', 'https:']).toContain(fetched.protocol);
          return;
        }
        expect([fetched.protocol, fetched.hostname, fetched.port]).toEqual([allowed.protocol, allowed.hostname, allowed.port]);
        // On segment boundaries: the allowed folder's segments are a strict prefix of the fetched path's.
        const folder = allowed.pathname.split('/').slice(0, -1);
        expect(segments.slice(0, folder.length)).toEqual(folder);
        expect(segments.length).toBeGreaterThan(folder.length);
      }),
      { numRuns: 5000 },
    );
  });

  it('allows every canonical URL inside the folder and on the official host', () => {
    const safe = fc.stringMatching(/^[a-z0-9_-][a-z0-9._-]{0,20}$/).filter((name) => name !== '.' && name !== '..');
    fc.assert(
      fc.property(fc.array(safe, { minLength: 1, maxLength: 4 }), fc.constantFrom('http:', 'https:'), (names, protocol) => {
        expect(resolvePublicKeyUrl(`${EXTRA}${names.join('/')}`, EXTRA)).toBe(`${EXTRA}${names.join('/')}`);
        expect(resolvePublicKeyUrl(`${protocol}//gosspublic.alicdn.com/${names.join('/')}`)).toBe(`${protocol}//gosspublic.alicdn.com/${names.join('/')}`);
      }),
    );
  });

  it.each([
    [`${EXTRA}%2e%2e/evil/key.pem`, undefined],
    [`${EXTRA}%2E%2E/evil/key.pem`, undefined],
    [`${EXTRA}.%2e/evil/key.pem`, undefined],
    [`${EXTRA}..\\evil\\key.pem`, undefined],
    [`${EXTRA}a/%2e%2e/%2e%2e/evil.pem`, undefined],
    [`${EXTRA}..%2fevil.pem`, undefined],
    ['http://127.0.0.1:9000/keys-evil/k.pem', undefined],
    ['http://127.0.0.1:9000/keys', undefined],
    ['http://u:p@127.0.0.1:9000/keys/k.pem', undefined],
    ['http://127.0.0.1:9001/keys/k.pem', undefined],
    ['http://127.0.0.1:9000/keys/k.pem?x', undefined],
    [`${EXTRA}a/%2e%2e/k.pem`, `${EXTRA}k.pem`],
    ['http://127.0.0.1:09000/keys/k.pem', `${EXTRA}k.pem`],
    ['HTTP://127.0.0.1:9000/keys/k.pem', `${EXTRA}k.pem`],
    ['https://GossPublic.alicdn.com/callback_pub_key_v1.pem', 'https://gosspublic.alicdn.com/callback_pub_key_v1.pem'],
    ['https://gosspublic.alicdn.com:443/callback_pub_key_v1.pem', 'https://gosspublic.alicdn.com/callback_pub_key_v1.pem'],
    ['https://gosspublic.alicdn.com:8443/callback_pub_key_v1.pem', undefined],
  ])('%s → %s', (url, expected) => {
    expect(resolvePublicKeyUrl(url, EXTRA)).toBe(expected);
  });
});

describe('a forged callback whose key URL leaves the allowed folder', () => {
  const attacker = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const attackerPem = attacker.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    requested.push(req.url ?? '');
    res.end(attackerPem);
  });
  let origin = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(['%2e%2e/evil/key.pem', '%2E./evil/key.pem', '..\\evil\\key.pem', 'x/%2e%2e/%2e%2e/evil/key.pem'])('refuses keys/%s before any request', async (rest) => {
    const body = '{"object":"users/alice/a.txt","size":1}';
    const signer = createSign('RSA-MD5');
    signer.update(`/oss/callback\n${body}`);
    const request = {
      url: '/oss/callback',
      headers: { authorization: signer.sign(attacker.privateKey, 'base64'), 'x-oss-pub-key-url': Buffer.from(`${origin}/keys/${rest}`).toString('base64'), 'content-type': 'application/json' },
      body,
    };
    const error = await verifyOssCallback(request, { publicKeyUrl: `${origin}/keys/`, cache: createPublicKeyCache() }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OssPresignError);
    expect((error as OssPresignError).code).toBe('CALLBACK_PUBLIC_KEY_URL_NOT_ALLOWED');
    expect(requested).toEqual([]);
  });
});
