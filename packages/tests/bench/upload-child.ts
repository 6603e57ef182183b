/**
 * One bench client, in its own process so its peak RSS is its own: our Node uploader (single PUT
 * or multipart) or ali-oss multipartUpload. Prints one JSON line: { ms, maxRssMiB, crc64 }.
 */
import { createPresigner } from '@oss-presign/core';
import { presignedMultipart, uploadMultipart, uploadObject } from '@oss-presign/core/upload/node';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}
const MODE = env('MODE');
const [ENDPOINT, FILE, KEY, AK, SK, REGION, BUCKET] = ['ENDPOINT', 'FILE', 'KEY', 'AK', 'SK', 'REGION', 'BUCKET'].map(env) as [string, string, string, string, string, string, string];
const partSize = Number(env('PART_SIZE'));
// CRC=off: the diagnostic run that shows what the CRC-64 check costs; the product default is on.
const integrity = { crc64: process.env.CRC === 'off' ? ('off' as const) : ('verify' as const) };
const concurrency = Number(env('CONCURRENCY'));

let crc64: string | undefined;
const started = performance.now();
const cpuBefore = process.cpuUsage();
if (MODE === 'ours-put') {
  const result = await uploadObject({ target: JSON.parse(env('TARGET')), body: { path: FILE }, integrity });
  crc64 = result.verified ? result.crc64 : integrity.crc64;
} else if (MODE === 'ours-multipart') {
  const presigner = createPresigner({ region: REGION, bucket: BUCKET, credentials: { accessKeyId: AK, accessKeySecret: SK }, endpoint: ENDPOINT });
  const result = await uploadMultipart({
    ...presignedMultipart({ presign: (request) => presigner.presign({ ...request, key: KEY }, { expires: 3600 }) }),
    body: { path: FILE },
    partSize,
    concurrency,
    integrity,
  });
  crc64 = result.verified ? result.crc64 : integrity.crc64;
} else if (MODE === 'ali-oss-multipart') {
  // Loaded only here: ali-oss and its dependencies would otherwise count in our uploader's RSS.
  const { default: OSS } = await import('ali-oss');
  const client = new OSS({ region: `oss-${REGION}`, accessKeyId: AK, accessKeySecret: SK, bucket: BUCKET, endpoint: ENDPOINT, authorizationV4: true, timeout: 600_000 });
  await client.multipartUpload(KEY, FILE, { parallel: concurrency, partSize });
} else {
  throw new Error(`unknown MODE ${MODE}`);
}
const ms = performance.now() - started;
const cpu = process.cpuUsage();
const upload = process.cpuUsage(cpuBefore);
// cpuMs: the whole process (start-up included); uploadCpuMs: from the first request to the answer.
process.stdout.write(
  `${JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, crc64, cpuMs: (cpu.user + cpu.system) / 1000, uploadCpuMs: (upload.user + upload.system) / 1000 })}\n`,
);
