// Child process of ingest.bench.ts: the baseline, a bare node:http server that streams each PUT
// body to a file. Same protocol as emulator-child.ts.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';

const dir = mkdtempSync(join(tmpdir(), 'bare-bench-'));
let counter = 0;
const server = createServer((req, res) => {
  const file = join(dir, String(counter++));
  pipeline(req, createWriteStream(file)).then(
    () => {
      rmSync(file, { force: true });
      res.end();
    },
    () => res.destroy(),
  );
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
console.log(JSON.stringify({ endpoint: `http://127.0.0.1:${port}`, rssKiB: process.resourceUsage().maxRSS }));
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'rss') console.log(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
  // CPU time of the whole process, all threads (the hash workers included), in microseconds.
  if (line === 'cpu') console.log(JSON.stringify({ cpuMicros: process.cpuUsage().user + process.cpuUsage().system }));
  if (line === 'exit') break;
}
server.close();
server.closeAllConnections();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
