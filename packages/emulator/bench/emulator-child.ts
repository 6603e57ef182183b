// Child process of ingest.bench.ts: an emulator with a data dir on disk. Prints its endpoint as one
// JSON line, answers "rss" (peak RSS) and "cpu" (CPU time) on stdin, and exits on "exit".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startEmulator } from '../src/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'oss-emulator-bench-'));
const oss = await startEmulator({
  port: 0,
  host: '127.0.0.1',
  region: 'cn-hangzhou',
  buckets: ['bench'],
  credentials: [{ accessKeyId: 'bench-ak', accessKeySecret: 'bench-sk' }],
  dataDir,
});
console.log(JSON.stringify({ endpoint: oss.endpoint, rssKiB: process.resourceUsage().maxRSS }));
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'rss') console.log(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
  // CPU time of the whole process, all threads (the hash workers included), in microseconds.
  if (line === 'cpu') console.log(JSON.stringify({ cpuMicros: process.cpuUsage().user + process.cpuUsage().system }));
  if (line === 'exit') break;
}
await oss.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
