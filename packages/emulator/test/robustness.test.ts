// Bad input is always an OSS XML 4xx with a request id, never a 500 or a hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { resolveOptions } from '../src/options.js';
import { BUCKET, presignedUrl, rawExchange, startTestEmulator } from './helpers.js';

let oss: Emulator;
let internalErrors: unknown[];

beforeAll(async () => {
  internalErrors = [];
  oss = await startTestEmulator({ onInternalError: (error) => internalErrors.push(error) });
});
afterAll(async () => {
  await oss.close();
  expect(internalErrors).toEqual([]);
});

function requestText(method: string, target: string, headers: string[] = []): string {
  return [`${method} ${target} HTTP/1.1`, `Host: ${new URL(oss.endpoint).host}`, 'Connection: close', ...headers, '', ''].join('\r\n');
}

describe('malformed requests', () => {
  const cases: [string, () => string, number, string][] = [
    ['a path that is not UTF-8 percent-encoding', () => requestText('GET', `/${BUCKET}/%E0%A4%A`), 400, 'InvalidObjectName'],
    ['a query that is not percent-encoding', () => requestText('GET', `/${BUCKET}/a?x=%ZZ`), 400, 'InvalidArgument'],
    ['an unknown Authorization scheme', () => requestText('GET', `/${BUCKET}/a`, ['Authorization: Bearer abc']), 400, 'InvalidArgument'],
    ['an empty V4 Authorization', () => requestText('GET', `/${BUCKET}/a`, ['Authorization: OSS4-HMAC-SHA256 ']), 400, 'InvalidArgument'],
    ['a V1 Authorization without a colon', () => requestText('GET', `/${BUCKET}/a`, ['Authorization: OSS nocolon']), 400, 'InvalidArgument'],
    ['a credential with too many parts', () => requestText('GET', `/${BUCKET}/a?x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=a%2Fb%2Fc%2Fd%2Fe%2Ff&x-oss-date=20240101T000000Z&x-oss-expires=60&x-oss-signature=00`), 400, 'InvalidArgument'],
    ['V1 Expires that is not a number', () => requestText('GET', `/${BUCKET}/a?OSSAccessKeyId=test-ak&Expires=soon&Signature=x`), 400, 'InvalidArgument'],
    ['an unknown method', () => requestText('PROPFIND', `/${BUCKET}/a`), 405, 'MethodNotAllowed'],
    ['a preflight on the service', () => requestText('OPTIONS', '/', ['Origin: http://x', 'Access-Control-Request-Method: GET']), 403, 'AccessForbidden'],
    ['a Content-Length that is not a number', () => requestText('PUT', `/${BUCKET}/a`, ['Content-Length: abc']), 400, 'InvalidArgument'],
    ['a malformed request line', () => 'GARBAGE\r\n\r\n', 400, 'InvalidArgument'],
  ];

  it.each(cases)('%s', async (_case, text, status, code) => {
    const answer = await rawExchange(oss.endpoint, text());
    expect(answer.statusLine).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(answer.text).toContain(`<Code>${code}</Code>`);
    expect(answer.text).toMatch(/x-oss-request-id: [0-9A-F]{24}/i);
    expect(answer.text).toMatch(/<RequestId>[0-9A-F]{24}<\/RequestId>/);
    expect(answer.text).toMatch(/<EC>\d{4}-\d{8}<\/EC>/);
  });
});

describe('an unknown Authorization', () => {
  it('names a scheme but never repeats a bare token', async () => {
    const scheme = await rawExchange(oss.endpoint, requestText('GET', `/${BUCKET}/a`, ['Authorization: Bearer abc']));
    expect(scheme.text).toContain('Unsupported Authorization scheme: &quot;Bearer&quot;');
    const token = 'sk-live-0123456789abcdefTOKEN';
    const bare = await rawExchange(oss.endpoint, requestText('GET', `/${BUCKET}/a`, [`Authorization: ${token}`]));
    expect(bare.statusLine).toMatch(/^HTTP\/1\.1 400 /);
    expect(bare.text).toContain('<Code>InvalidArgument</Code>');
    expect(bare.text).not.toContain(token);
  });
});

describe('every answer', () => {
  it('carries x-oss-request-id: success, HEAD error, preflight, public key', async () => {
    const responses = [
      await fetch(presignedUrl(oss, { method: 'PUT', key: 'r/a.txt' }), { method: 'PUT', body: Buffer.from('x') }),
      await fetch(presignedUrl(oss, { method: 'HEAD', key: 'r/none.txt' }), { method: 'HEAD' }),
      await fetch(`${oss.endpoint}/${BUCKET}/r/a.txt`, { method: 'OPTIONS', headers: { origin: 'http://x', 'access-control-request-method': 'PUT' } }),
      await fetch(oss.publicKeyUrl),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 404, 200, 200]);
    for (const response of responses) expect(response.headers.get('x-oss-request-id')).toMatch(/^[0-9A-F]{24}$/);
  });
});

describe('the default internal-error log', () => {
  it('masks a signature and token quoted by the failing error', () => {
    const lines: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void lines.push(args);
    try {
      const { onInternalError } = resolveOptions({ credentials: [{ accessKeyId: 'test-ak', accessKeySecret: 'test-sk' }] });
      onInternalError(new TypeError('Failed to parse URL from http://h/b/k?x-oss-signature=abcdef0123456789&x-oss-security-token=CAIS-tok'));
    } finally {
      console.error = original;
    }
    const printed = lines.flat().map((item) => (item instanceof Error ? `${item.message}\n${item.stack}` : String(item))).join('\n');
    expect(printed).toContain('Failed to parse URL from http://h/b/k?x-oss-signature=[redacted]');
    expect(printed).not.toContain('abcdef0123456789');
    expect(printed).not.toContain('CAIS-tok');
  });
});
