/**
 * Blob work off the main thread, in a small worker created from a Blob URL: the CRC-64 of a Blob
 * (the worker reads it and runs the WebAssembly engine), and slices of a Blob (Chromium registers
 * every slice with its browser process through a synchronous call, tens of milliseconds each while
 * an upload keeps that process busy). The page only posts and receives Blob handles, not bytes, so
 * a 100 MiB upload costs it no long task. Loaded on demand; every function answers undefined when
 * no worker can help (no Worker, a CSP forbidding blob: workers or WebAssembly, a crash), and the
 * caller then does the work itself.
 */

import { crc64WasmImage } from '../integrity/crc64.js';

// The worker's whole source. Messages in: { init } once (module bytes, tables image, input window),
// then { id, blob } (CRC) or { id, blob, start, end } (slice); out: { id, register } (the raw
// register: init and xorout are applied here), { id, slice }, { id, error }, or { error } when the
// engine cannot start.
const SOURCE = `let update,heap,at,size;
onmessage=async({data})=>{
if(data.end!==undefined){try{postMessage({id:data.id,slice:data.blob.slice(data.start,data.end)})}catch(e){postMessage({id:data.id,error:String(e)})}return}
if(data.init){try{const i=new WebAssembly.Instance(new WebAssembly.Module(data.init.wasm),{});heap=new Uint8Array(i.exports.memory.buffer);heap.set(data.init.tables);update=i.exports.update;at=data.init.inputOffset;size=data.init.inputSize}catch(e){postMessage({error:String(e)})}return}
const {id,blob}=data;
try{let crc=-1n;const reader=blob.stream().getReader();
for(;;){const {done,value}=await reader.read();if(done)break;
for(let o=0;o<value.length;o+=size){const part=value.subarray(o,o+size);heap.set(part,at);crc=update(crc,at,part.length)}}
postMessage({id,register:crc})}catch(e){postMessage({id,error:String(e)})}}`;

// The slice of the Worker API used here, declared locally so that packages type-checking this
// file without the DOM library still compile.
interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: WorkerReply }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
interface WorkerGlobals {
  Worker?: new (url: string, options?: { type?: 'module' | 'classic' }) => WorkerLike;
  URL: { createObjectURL(blob: Blob): string; revokeObjectURL(url: string): void };
}
type WorkerReply = { readonly id?: number; readonly register?: bigint; readonly slice?: Blob; readonly error?: string };

interface Job {
  readonly resolve: (reply: WorkerReply | undefined) => void;
}

// An idle worker is ended after this long: a page that uploads once keeps no thread around.
const IDLE_MS = 10_000;

let worker: WorkerLike | undefined;
let broken = false;
let nextId = 1;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
const jobs = new Map<number, Job>();

/** Ends the worker and answers every pending job undefined (the caller computes on the main thread). */
function fail(): void {
  broken = true;
  worker?.terminate();
  worker = undefined;
  for (const job of jobs.values()) job.resolve(undefined);
  jobs.clear();
}

function start(): WorkerLike | undefined {
  const globals = globalThis as unknown as WorkerGlobals;
  if (broken || !globals.Worker || typeof Blob === 'undefined') return undefined;
  let url: string | undefined;
  try {
    url = globals.URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' }));
    const created = new globals.Worker(url);
    const revoke = (): void => {
      if (url) globals.URL.revokeObjectURL(url);
      url = undefined;
    };
    created.onmessage = ({ data }) => {
      revoke();
      if (data.id === undefined) return fail();
      const job = jobs.get(data.id);
      jobs.delete(data.id);
      job?.resolve(data.error === undefined ? data : undefined);
      if (jobs.size === 0) idleTimer = setTimeout(stop, IDLE_MS);
    };
    // A CSP refusing blob: workers, or a crash: the main thread takes over.
    created.onerror = () => {
      revoke();
      fail();
    };
    created.postMessage({ init: crc64WasmImage() });
    return created;
  } catch {
    if (url) globals.URL.revokeObjectURL(url);
    broken = true;
    return undefined;
  }
}

function stop(): void {
  if (jobs.size > 0) return;
  worker?.terminate();
  worker = undefined;
}

function ask(message: Record<string, unknown>): Promise<WorkerReply | undefined> {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = undefined;
  worker ??= start();
  const running = worker;
  if (!running) return Promise.resolve(undefined);
  const id = nextId++;
  return new Promise((resolve) => {
    jobs.set(id, { resolve });
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
  return typeof reply?.register === 'bigint' ? BigInt.asUintN(64, ~reply.register) : undefined;
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
  const reply = await ask({ blob, start, end });
  return reply?.slice;
}
