/**
 * Blob work off the main thread, in a small worker created from a Blob URL: the CRC-64 of a Blob
 * (the worker reads it and runs the WebAssembly engine), and slices of a Blob (Chromium registers
 * every slice with its browser process through a synchronous call, tens of milliseconds each while
 * an upload keeps that process busy). The page only posts and receives Blob handles, not bytes, so
 * a 100 MiB upload costs it no long task. Loaded on demand; both functions answer undefined when no
 * worker can help (no Worker, a CSP forbidding blob: workers or WebAssembly, a crash), and the
 * caller then does the work itself.
 */

import { crc64WasmImage } from '../integrity/crc64.js';

// The worker's whole source. In: crc64WasmImage() once, then { id, blob } (CRC) or { id, blob,
// start, end } (slice). Out: { id, register } (the raw register: init and xorout are applied here),
// { id, slice }, { id } (failed), or a message without id when the engine cannot start. The tables
// fill the first 32 KiB of the module's memory; input goes through the 64 KiB window after them.
// Slices are answered at once; CRCs one after another, in the order asked (the order parts go
// out), so the first part's CRC is ready first instead of all of them together at the end.
const SOURCE = `let u,h,q=Promise.resolve();const j=async d=>{let r;try{if(d.wasm){const i=new WebAssembly.Instance(new WebAssembly.Module(d.wasm),{});h=new Uint8Array(i.exports.memory.buffer);h.set(d.tables);u=i.exports.update;return}
if(d.end!==undefined)r={slice:d.blob.slice(d.start,d.end)};else{let c=-1n;for(const s=d.blob.stream().getReader();;){const{done,value:v}=await s.read();if(done)break;for(let o=0;o<v.length;o+=65536){const p=v.subarray(o,o+65536);h.set(p,32768);c=u(c,32768,p.length)}}r={register:c}}}catch{r={}}postMessage({...r,id:d.id})};
onmessage=({data:d})=>{if(d.wasm||d.end!==undefined)j(d);else q=q.then(()=>j(d))}`;

// The slice of the Worker API used here, declared locally so that packages type-checking this
// file without the DOM library still compile.
type Reply = { readonly id?: number; readonly register?: bigint; readonly slice?: Blob };
interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: Reply }) => void) | null;
  onerror: (() => void) | null;
}
interface WorkerGlobals {
  Worker?: new (url: string) => WorkerLike;
  URL: { createObjectURL(blob: Blob): string; revokeObjectURL(url: string): void };
}

// An idle worker is ended after this long: a page that uploads once keeps no thread around.
const IDLE_MS = 10_000;

let worker: WorkerLike | undefined;
let url: string | undefined;
let broken = false;
let nextId = 1;
let idle: ReturnType<typeof setTimeout> | undefined;
const jobs = new Map<number, (reply: Reply | undefined) => void>();

/** Ends the worker; pending jobs answer undefined. After a failure, no worker is tried again. */
function end(failed: boolean): void {
  broken ||= failed;
  worker?.terminate();
  worker = undefined;
  if (url) (globalThis as unknown as WorkerGlobals).URL.revokeObjectURL(url);
  url = undefined;
  for (const resolve of jobs.values()) resolve(undefined);
  jobs.clear();
}

function ask(message: Record<string, unknown>): Promise<Reply | undefined> {
  clearTimeout(idle);
  const globals = globalThis as unknown as WorkerGlobals;
  if (!worker && !broken && globals.Worker) {
    try {
      url = globals.URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' }));
      worker = new globals.Worker(url);
      worker.onmessage = ({ data }) => {
        if (data.id === undefined) return end(true);
        jobs.get(data.id)?.(data);
        jobs.delete(data.id);
        if (jobs.size === 0) idle = setTimeout(end, IDLE_MS, false);
      };
      // A CSP refusing blob: workers, or a crash: the callers take over.
      worker.onerror = () => end(true);
      worker.postMessage(crc64WasmImage());
    } catch {
      end(true);
    }
  }
  const running = worker;
  if (!running) return Promise.resolve(undefined);
  const id = nextId++;
  return new Promise((resolve) => {
    jobs.set(id, resolve);
    running.postMessage({ ...message, id });
  });
}

/**
 * The CRC-64 of a Blob, computed in a worker; undefined when no worker can do it (then the caller
 * computes it on the main thread).
 *
 * @example
 * ```ts
 * const crc = (await crcOfBlobInWorker(file.slice(0, 8 << 20))) ?? (await crcOnMainThread());
 * ```
 */
export async function crcOfBlobInWorker(blob: Blob): Promise<bigint | undefined> {
  const reply = await ask({ blob });
  return reply?.register === undefined ? undefined : BigInt.asUintN(64, ~reply.register);
}

/**
 * `blob.slice(start, end)` (type-less), taken in a worker; undefined when no worker can take it.
 *
 * @example
 * ```ts
 * const part = (await sliceInWorker(file, 0, 8 << 20)) ?? file.slice(0, 8 << 20);
 * ```
 */
export async function sliceInWorker(blob: Blob, start: number, end: number): Promise<Blob | undefined> {
  return (await ask({ blob, start, end }))?.slice;
}
