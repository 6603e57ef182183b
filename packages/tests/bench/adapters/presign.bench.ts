// pnpm bench:adapters (packages/tests): for each framework, presign requests per second through its
// adapter next to a hand-written route of the same framework that parses the same JSON, calls
// presigner.presign and answers the same JSON (target: adapter >= 0.9x of it), with a bare route
// that parses the JSON and answers a stored answer for context. Loopback, autocannon, the server in
// its own process. It measures the built packages (dist), as users run them: turbo builds them first.
import { type Framework, FRAMEWORKS, serve } from './servers.js';
import { measure, startServerProcess } from './measure.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const only = process.env.BENCH_FRAMEWORKS?.split(',') ?? [...FRAMEWORKS];
const request = JSON.stringify({ fileName: 'holiday photo.jpg', contentType: 'image/jpeg', size: 2_345_678 });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

if (process.env.BENCH_ROLE === 'server') {
  console.log(`LISTENING ${await serve(process.env.BENCH_FRAMEWORK as Framework, request)}`);
} else {
  console.log(
    `${seconds} s per route per round, ${rounds} rounds (routes take turns, the first one changing each round) after a 2 s warm-up; 16 connections; ` +
      'server in its own process. The machine is shared: read the medians, not single runs.',
  );
  const rows: string[] = [];
  for (const framework of only as Framework[]) {
    process.env.BENCH_FRAMEWORK = framework;
    const { base, stop } = await startServerProcess();
    const routes = [
      { label: 'bare', url: `${base}/bare` },
      { label: 'hand-written presign', url: `${base}/hand` },
      { label: 'adapter presign', url: `${base}/api/oss/upload` },
    ];
    try {
      for (const route of routes) await measure(route.label, route.url, request, 2);
      const results: number[][] = routes.map(() => []);
      const ratios: number[] = [];
      for (let round = 0; round < rounds; round++) {
        // Whoever runs first in a round tends to differ: rotate the order.
        const order = routes.map((_route, index) => (index + round) % routes.length);
        const perRound: number[] = [];
        for (const index of order) perRound[index] = await measure(routes[index]?.label as string, routes[index]?.url as string, request, seconds);
        for (const [index, value] of perRound.entries()) results[index]?.push(value);
        ratios.push((perRound[2] as number) / (perRound[1] as number));
      }
      const [bare, hand, adapter] = results.map(median) as [number, number, number];
      const ratio = median(ratios);
      const row = `${framework.padEnd(13)} bare ${bare.toFixed(0).padStart(6)}  hand-written ${hand.toFixed(0).padStart(6)}  adapter ${adapter.toFixed(0).padStart(6)} req/s  adapter/hand-written ${ratio.toFixed(2)}x (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})  ${ratio >= 0.9 ? 'ok' : 'BELOW 0.9x'}`;
      console.log(row);
      rows.push(row);
    } finally {
      stop();
    }
  }
  console.log('\nmedians (req/s):');
  for (const row of rows) console.log(row);
}
