// Presigns per second: our presigner vs ali-oss signatureUrlV4 vs @aws-sdk/s3-request-presigner,
// on the same PUT (bucket, key, content type, 10-minute expiry), one after another in one process.
// Run: pnpm bench (in packages/core, after a build; turbo's bench task builds first). BENCH_SECONDS sets the time per contender (default 2).
import { createRequire } from 'node:module';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
// The built package, as users run it (turbo builds before bench).
import { createPresigner, nobleCrypto } from '@oss-presign/core';

const require = createRequire(import.meta.url);
const OSS = require('ali-oss');

const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const credentials = { accessKeyId: 'LTAI5tBench', accessKeySecret: 'BenchSecret0123456789abcdefABCDEF' };
const key = 'uploads/2024/06/photo of the day.jpg';

async function presignsPerSecond(presignOnce: () => Promise<unknown>, milliseconds: number): Promise<number> {
  let count = 0;
  const started = performance.now();
  const deadline = started + milliseconds;
  while (performance.now() < deadline) {
    for (let i = 0; i < 200; i++) await presignOnce();
    count += 200;
  }
  return count / ((performance.now() - started) / 1000);
}

// Each contender gets the same treatment: half a second of warm-up (so the JIT has tiered up), then
// five rounds; the median round is reported, which one GC pause or a noisy neighbour cannot move.
async function measure(name: string, presignOnce: () => Promise<unknown>): Promise<number> {
  await presignsPerSecond(presignOnce, 500);
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) rounds.push(await presignsPerSecond(presignOnce, (seconds * 1000) / 5));
  const perSecond = rounds.sort((a, b) => a - b)[2] as number;
  console.log(`${name.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(10)} presigns/s`);
  return perSecond;
}

const ours = createPresigner({ region: 'cn-hangzhou', bucket: 'examplebucket', credentials });
const oursNoble = createPresigner({ region: 'cn-hangzhou', bucket: 'examplebucket', credentials, crypto: nobleCrypto });
const putRequest = { operation: 'PutObject', key, contentType: 'image/jpeg' } as const;
const aliOss = new OSS({ region: 'oss-cn-hangzhou', bucket: 'examplebucket', ...credentials });
const s3 = new S3Client({
  region: 'us-east-1',
  endpoint: 'https://s3.us-east-1.amazonaws.com',
  credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.accessKeySecret },
});

console.log(`presign benchmark: ${seconds}s per contender, Node ${process.version}`);
const oursRate = await measure('@oss-presign/core createPresigner (node)', () => ours.presign(putRequest, { expires: 600 }));
const nobleRate = await measure('@oss-presign/core createPresigner (noble)', () => oursNoble.presign(putRequest, { expires: 600 }));
const aliRate = await measure('ali-oss 6.23.0 signatureUrlV4', () =>
  aliOss.signatureUrlV4('PUT', 600, { headers: { 'content-type': 'image/jpeg' } }, key),
);
const awsRate = await measure('@aws-sdk/s3-request-presigner getSignedUrl', () =>
  getSignedUrl(s3, new PutObjectCommand({ Bucket: 'examplebucket', Key: key, ContentType: 'image/jpeg' }), { expiresIn: 600 }),
);
console.log('');
console.log(`ratio ours(node)/ali-oss:  ${(oursRate / aliRate).toFixed(1)}x  (target >= 10x)`);
console.log(`ratio ours(noble)/ali-oss: ${(nobleRate / aliRate).toFixed(1)}x`);
console.log(`ratio ours(node)/aws-sdk:  ${(oursRate / awsRate).toFixed(1)}x`);
