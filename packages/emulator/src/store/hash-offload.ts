import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';

/** Hashes of one body computed on the worker threads. */
export interface OffloadJob {
  /** Copies the chunk into a batch; the promise, when returned, is back-pressure. */
  update(chunk: Buffer): Promise<void> | undefined;
  digest(): Promise<{ md5: Buffer; crc64: bigint }>;
  /** Forgets the job (failed upload). */
  cancel(): void;
}

/** Two long-lived worker threads, one computing MD5 and one CRC-64, for any number of bodies. */
export interface HashOffload {
  begin(): OffloadJob;
  close(): Promise<void>;
}

const BATCH_BYTES = 1024 * 1024;
const MAX_BATCHES_IN_FLIGHT = 8;
const MAX_POOLED_BATCHES = 32;
const STARTUP_TIMEOUT_MS = 10_000;

type Reply =
  | { readonly type: 'ready' }
  | { readonly type: 'ack'; readonly id: number; readonly batch: number; readonly bytes: Uint8Array }
  | { readonly type: 'digest'; readonly id: number; readonly algorithm: 'md5' | 'crc64'; readonly value: string };

interface JobState {
  readonly inFlight: Set<number>;
  wake?: (() => void) | undefined;
  readonly results: { md5?: string; crc64?: string };
  finish?: (() => void) | undefined;
}

interface WorkerPorts {
  readonly input?: MessagePort;
  readonly output?: MessagePort;
}

// The worker is this module's sibling: hash-worker.js when running from dist/. When running from
// TypeScript sources (tests, benches), loaders registered on the main thread do not reach worker
// threads on Node 20, so the worker registers tsx (a dev dependency) itself and resolves the core
// through its source condition; without tsx it fails to start and bodies are hashed inline.
function createWorker(algorithm: 'md5' | 'crc64', ports: WorkerPorts): Worker {
  const workerData = { algorithm, ...ports };
  const transferList = [ports.input, ports.output].filter((port): port is MessagePort => port !== undefined);
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./hash-worker.js', import.meta.url), { workerData, transferList });
  }
  const source = JSON.stringify(new URL('./hash-worker.ts', import.meta.url).href);
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${source}); });`;
  return new Worker(bootstrap, {
    eval: true,
    workerData,
    transferList,
    execArgv: [...process.execArgv.filter((flag) => !flag.startsWith('--conditions')), '--conditions=@oss-presign/source'],
  });
}

function startWorker(algorithm: 'md5' | 'crc64', ports: WorkerPorts): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = createWorker(algorithm, ports);
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error('hash worker did not start'));
    }, STARTUP_TIMEOUT_MS);
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.once('message', (message: Reply) => {
      clearTimeout(timer);
      if (message.type !== 'ready') return reject(new Error('hash worker sent no ready message'));
      worker.unref();
      resolve(worker);
    });
  });
}

/**
 * Starts the MD5 and CRC-64 worker threads, or resolves `undefined` when they cannot start (no
 * tsx when running from sources): callers then hash inline. Chunks are gathered into 1 MiB
 * batches that travel main -> MD5 worker -> CRC-64 worker -> main by transfer, never copied, and
 * are reused; at most 8 batches per body are in flight, so a slow hash slows the upload instead of
 * growing memory. The main thread is left with moving bytes from the socket to the file, and the
 * two hashes run on other cores (ingest.bench.ts).
 *
 * @example
 * ```ts
 * const offload = await startHashOffload();
 * const job = offload?.begin();
 * ```
 */
export async function startHashOffload(): Promise<HashOffload | undefined> {
  const channel = new MessageChannel();
  let md5: Worker;
  let crc64: Worker;
  try {
    [md5, crc64] = await Promise.all([
      startWorker('md5', { output: channel.port1 }),
      startWorker('crc64', { input: channel.port2 }),
    ]);
  } catch {
    return undefined;
  }
  const jobs = new Map<number, JobState>();
  const pool: Buffer[] = [];
  const onMessage = (message: Reply): void => {
    if (message.type === 'ready') return;
    if (message.type === 'ack') {
      if (pool.length < MAX_POOLED_BATCHES) pool.push(Buffer.from(message.bytes.buffer as ArrayBuffer));
      const state = jobs.get(message.id);
      if (!state) return;
      state.inFlight.delete(message.batch);
      const wake = state.wake;
      state.wake = undefined;
      wake?.();
      return;
    }
    const state = jobs.get(message.id);
    if (!state) return;
    state.results[message.algorithm] = message.value;
    if (state.results.md5 !== undefined && state.results.crc64 !== undefined) state.finish?.();
  };
  md5.on('message', onMessage);
  crc64.on('message', onMessage);
  let nextId = 1;
  return {
    begin(): OffloadJob {
      const id = nextId++;
      const state: JobState = { inFlight: new Set(), results: {} };
      jobs.set(id, state);
      let batch: Buffer | undefined;
      let filled = 0;
      let batchNumber = 0;
      const dispatch = (): void => {
        if (!batch || filled === 0) return;
        batchNumber++;
        state.inFlight.add(batchNumber);
        const bytes = new Uint8Array(batch.buffer, batch.byteOffset, filled);
        md5.postMessage({ type: 'update', id, batch: batchNumber, bytes }, [batch.buffer as ArrayBuffer]);
        batch = undefined;
        filled = 0;
      };
      return {
        update(chunk) {
          let offset = 0;
          while (offset < chunk.length) {
            // allocUnsafeSlow: a batch owns its whole ArrayBuffer, so it can be transferred.
            batch ??= pool.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
            const copied = chunk.copy(batch, filled, offset);
            filled += copied;
            offset += copied;
            if (filled === BATCH_BYTES) dispatch();
          }
          if (state.inFlight.size < MAX_BATCHES_IN_FLIGHT) return undefined;
          return new Promise<void>((resolve) => {
            state.wake = resolve;
          });
        },
        digest() {
          dispatch();
          return new Promise((resolve) => {
            state.finish = () => {
              jobs.delete(id);
              resolve({ md5: Buffer.from(state.results.md5 as string, 'hex'), crc64: BigInt(state.results.crc64 as string) });
            };
            md5.postMessage({ type: 'digest', id });
          });
        },
        cancel() {
          jobs.delete(id);
          md5.postMessage({ type: 'cancel', id });
        },
      };
    },
    async close() {
      await Promise.all([md5.terminate(), crc64.terminate()]);
      channel.port1.close();
    },
  };
}

/** Starts the hash workers on first use, once. */
export interface LazyHashOffload {
  get(): Promise<HashOffload | undefined>;
  close(): Promise<void>;
}

/**
 * Defers {@link startHashOffload} to the first large body, so emulators that only see small ones
 * (most test suites) never start threads. `enabled: false` always hashes inline.
 *
 * @example
 * ```ts
 * const offload = lazyHashOffload(true);
 * const workers = await offload.get();
 * ```
 */
export function lazyHashOffload(enabled: boolean): LazyHashOffload {
  let started: Promise<HashOffload | undefined> | undefined;
  let closed = false;
  return {
    get() {
      if (!enabled || closed) return Promise.resolve(undefined);
      started ??= startHashOffload();
      return started;
    },
    async close() {
      closed = true;
      const offload = await started;
      await offload?.close();
    },
  };
}
