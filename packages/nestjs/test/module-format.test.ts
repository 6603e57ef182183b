import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built package (dist), loaded by plain Node the way apps load it: run `pnpm build` first (turbo does).
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function run(args: string[]): Promise<{ base: string; format: string; paramtypes: number; major: string; stop: () => void }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`app exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (text) => text.startsWith('READY ') && resolve(text));
  });
  const [, base, format, paramtypes, major] = line.split(' ');
  return { base: base as string, format: format as string, paramtypes: Number(paramtypes), major: major as string, stop: () => child.kill() };
}

// NestJS 12 is ESM-only: a CommonJS app reaches it through require(esm). NestJS 11 apps are CommonJS.
describe.each([
  ['a CommonJS app on NestJS 12', [fixture('app.cjs')], 'cjs', '12'],
  ['an ESM app on NestJS 12', [fixture('app.mjs')], 'esm', '12'],
  ['a CommonJS app on NestJS 11', ['--require', fixture('nest11-require.cjs'), fixture('app.cjs')], 'cjs', '11'],
] as const)('%s', (_name, args, format, major) => {
  it('loads the built package and presigns, with the constructor metadata of its build', async () => {
    const app = await run([...args]);
    try {
      expect([app.format, app.major]).toEqual([format, major]);
      expect(app.paramtypes).toBe(1);
      const response = await fetch(`${app.base}/api/oss/upload`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fileName: 'a.txt', contentType: 'text/plain', size: 3 }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { key: string }).key).toMatch(/^uploads\/\d{4}\/\d{2}\/[0-9a-f]{16}-a\.txt$/);
    } finally {
      app.stop();
    }
  });
});
