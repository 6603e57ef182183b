// `pnpm bench` (turbo bench): in Chromium, a 100 MiB file through useOssUpload (multipart,
// presigned by the demo's handler) against one bare XMLHttpRequest PUT of the same file to a URL
// presigned by the same handler, to the same emulator. Rounds alternate which goes first; the
// figures are medians over the rounds (the ratio is the median of per-round ratios), because this
// machine is shared and noisy. Long tasks (>50 ms, PerformanceObserver 'longtask') are counted
// while each upload runs. BENCH_ROUNDS (default 5) and BENCH_MIB (default 100) change the run.
import { BUCKET, startStack } from '../test/browser/stack.js';

interface BenchRun {
  readonly ms: number;
  readonly key: string;
  readonly longTasks: number[];
  readonly mode: string;
}
interface BenchApi {
  makeFile(size: number): void;
  runHook(): Promise<BenchRun>;
  runHookNoCrc(): Promise<BenchRun>;
  runXhr(): Promise<BenchRun>;
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const mib = Number(process.env.BENCH_MIB ?? 100);
const size = mib * 1024 * 1024;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const mibPerSecond = (run: BenchRun) => mib / (run.ms / 1000);

const stack = await startStack();
try {
  const page = await stack.context.newPage();
  await page.goto(`${stack.demo.url}/bench.html`);
  await page.waitForFunction(() => document.title === 'bench ready');
  await page.evaluate((bytes) => (window as unknown as { bench: BenchApi }).bench.makeFile(bytes), size);

  // Each run's object is deleted through a presigned DeleteObject, so the emulator's memory stays flat.
  const remove = async (key: string) => {
    const objects = await stack.emulator.listObjects(BUCKET);
    if (!objects.some((object) => object.key === key)) throw new Error(`${key} did not land in the bucket`);
    await stack.deleteObject(key);
  };
  const run = async (which: 'hook' | 'hookNoCrc' | 'xhr'): Promise<BenchRun> => {
    const result = await page.evaluate((name) => {
      const api = (window as unknown as { bench: BenchApi }).bench;
      return name === 'hook' ? api.runHook() : name === 'hookNoCrc' ? api.runHookNoCrc() : api.runXhr();
    }, which);
    await remove(result.key);
    return result;
  };

  // One warm-up pair, not counted: first-request costs (JIT, connection set-up) are not throughput.
  await run('hook');
  await run('xhr');

  // Diagnostic third contender: the hook with crc64 'off' (the default checks CRC-64 in JS).
  const pairs: { hook: BenchRun; xhr: BenchRun; noCrc: BenchRun }[] = [];
  for (let round = 0; round < rounds; round++) {
    const hookFirst = round % 2 === 0;
    const first = await run(hookFirst ? 'hook' : 'xhr');
    const second = await run(hookFirst ? 'xhr' : 'hook');
    const noCrc = await run('hookNoCrc');
    const pair = hookFirst ? { hook: first, xhr: second, noCrc } : { hook: second, xhr: first, noCrc };
    pairs.push(pair);
    console.log(
      `round ${round + 1}/${rounds}: hook ${mibPerSecond(pair.hook).toFixed(1)} MiB/s (${pair.hook.mode}, long tasks ${JSON.stringify(pair.hook.longTasks)}), ` +
        `xhr ${mibPerSecond(pair.xhr).toFixed(1)} MiB/s (long tasks ${JSON.stringify(pair.xhr.longTasks)}), ratio ${(mibPerSecond(pair.hook) / mibPerSecond(pair.xhr)).toFixed(2)}`,
    );
  }
  const hook = median(pairs.map((pair) => mibPerSecond(pair.hook)));
  const xhr = median(pairs.map((pair) => mibPerSecond(pair.xhr)));
  const ratio = median(pairs.map((pair) => mibPerSecond(pair.hook) / mibPerSecond(pair.xhr)));
  const hookLong = pairs.flatMap((pair) => pair.hook.longTasks);
  const xhrLong = pairs.flatMap((pair) => pair.xhr.longTasks);
  const noCrc = median(pairs.map((pair) => mibPerSecond(pair.noCrc)));
  const noCrcRatio = median(pairs.map((pair) => mibPerSecond(pair.noCrc) / mibPerSecond(pair.xhr)));
  const noCrcLong = pairs.flatMap((pair) => pair.noCrc.longTasks);
  console.log(`\n${mib} MiB in Chromium to the emulator, medians of ${rounds} paired rounds (shared, noisy machine):`);
  console.log('| upload | throughput (MiB/s) | long tasks > 50 ms (all rounds) | longest (ms) |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| useOssUpload (multipart, 8 MiB parts x4, CRC-64 checked) | ${hook.toFixed(1)} | ${hookLong.length} | ${Math.max(0, ...hookLong)} |`);
  console.log(`| bare XMLHttpRequest PUT (presigned) | ${xhr.toFixed(1)} | ${xhrLong.length} | ${Math.max(0, ...xhrLong)} |`);
  console.log(`| useOssUpload, crc64 'off' (diagnostic) | ${noCrc.toFixed(1)} | ${noCrcLong.length} | ${Math.max(0, ...noCrcLong)} |`);
  console.log(`ratio hook/xhr: ${ratio.toFixed(2)}x (target >= 0.9x); crc64 off/xhr: ${noCrcRatio.toFixed(2)}x`);
} finally {
  await stack.close();
}
