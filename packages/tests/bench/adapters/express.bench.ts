// pnpm bench (packages/tests, bench:adapters): presign requests per second through @oss-presign/express next to a bare Express
// route that reads the same JSON body and answers JSON of the same size. Loopback, ~5 s each.
// It measures the built packages (dist), as users run them: turbo builds them first.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPresigner } from '@oss-presign/core';
import express from 'express';
import { ossPresign } from '@oss-presign/express';
import { compare, startServerProcess } from './measure.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const presigner = createPresigner({
  region: 'cn-hangzhou',
  bucket: 'demo',
  credentials: { accessKeyId: 'LTAI5tBenchmark', accessKeySecret: 'benchmark-secret-0123456789' },
});
const signOnly = { operation: 'PutObject', key: 'uploads/2024/06/0123456789abcdef-holiday-photo.jpg', contentType: 'image/jpeg', contentLength: 2_345_678, forbidOverwrite: true } as const;
const request = JSON.stringify({ fileName: 'holiday photo.jpg', contentType: 'image/jpeg', size: 2_345_678 });

const app = express();
app.use('/api/oss', ossPresign({ presigner, allowedContentTypes: ['image/*'] }));
let sample = '';
app.post('/bare', express.json(), (_req, res) => void res.type('application/json').send(sample));
// The ceiling: the signature alone, with no policy, no handler and no adapter.
app.post('/sign-only', express.json(), async (_req, res) => void res.type('application/json').send(JSON.stringify(await presigner.presign(signOnly, { expires: 900 }))));

if (process.env.BENCH_ROLE === 'server') {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The bare route answers a real presign answer, so both send JSON of the same size.
  sample = await (await fetch(`${base}/api/oss/upload`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request })).text();
  console.log(`LISTENING ${base} ${sample.length}`);
} else {
  const { base, stop } = await startServerProcess();
  console.log(`express ${(await import('express/package.json', { with: { type: 'json' } })).default.version}: ${seconds} s per route in 2 alternating rounds after 2 s warm-up, 16 connections, server in its own process`);
  const [bare, ceiling, presign] = (await compare(
    [
      { label: 'bare route (express.json + JSON)', url: `${base}/bare` },
      { label: 'bare + presigner.presign only', url: `${base}/sign-only` },
      { label: 'ossPresign POST /upload', url: `${base}/api/oss/upload` },
    ],
    request,
    seconds,
  )) as [number, number, number];
  console.log(`ratio presign / bare: ${((presign / bare) * 100).toFixed(1)}% (target >= 80%); signature alone / bare: ${((ceiling / bare) * 100).toFixed(1)}%`);
  stop();
}
