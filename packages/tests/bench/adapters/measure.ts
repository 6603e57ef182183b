import autocannon from 'autocannon';

/** One run of one route: average requests per second (autocannon, loopback, 16 connections). */
export async function measure(label: string, url: string, body: string, seconds: number): Promise<number> {
  const result = await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: 16, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

/**
 * Runs this same bench script again as a child process in the "server" role and waits for the
 * base URL it prints: the server and autocannon then have a core each instead of sharing one
 * event loop, which would charge the load generator's work to whichever route is measured.
 */
export async function startServerProcess(): Promise<{ base: string; stop: () => void }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1] as string], {
    env: { ...process.env, BENCH_ROLE: 'server' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /LISTENING (\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { base, stop: () => child.kill() };
}
