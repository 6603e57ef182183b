// The built entry point as `pnpm --filter nest-demo start` runs it: PORT is honoured, and a port in
// use ends the process with one clear line and exit code 1 instead of an EADDRINUSE stack trace.
import { type ChildProcess, spawn } from 'node:child_process';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

const entry = new URL('../dist/server.js', import.meta.url).pathname;
// No OSS_* variables: the demo runs on its embedded emulator.
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
const children: ChildProcess[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server holding a port on 127.0.0.1. */
async function holdPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function start(port: number) {
  const child = spawn(process.execPath, [entry], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => stdout.includes(text) && resolve();
      child.stdout?.on('data', check);
      check();
      void exited.then((code) => reject(new Error(`exited with ${code} before printing ${text}: ${stderr}`)));
    });
  return { child, exited, printed, output: () => ({ stdout, stderr }) };
}

describe('nest-demo server entry', () => {
  it('listens on PORT', async () => {
    const held = await holdPort();
    // A port known to be free: take one, then release it just before starting.
    await new Promise((resolve) => (servers.pop() as Server).close(resolve));
    const demo = start(held);
    await demo.printed(`http://127.0.0.1:${held}/`);
    const response = await fetch(`http://127.0.0.1:${held}/api/files`);
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty('objects');
    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
  });

  it('says clearly that the port is taken, and exits 1 without a stack trace', async () => {
    const port = await holdPort();
    const demo = start(port);
    expect(await demo.exited).toBe(1);
    const { stderr } = demo.output();
    expect(stderr).toContain(`Port ${port} is already in use`);
    expect(stderr).toContain(`PORT=${port + 1}`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
