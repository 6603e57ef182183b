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
  /** False once a worker has died: callers then hash inline. */
  readonly alive: boolean;
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

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface JobState {
  readonly inFlight: Set<number>;
  wake?: Waiter | undefined;
  readonly results: { md5?: string; crc64?: string };
  finish?: Waiter | undefined;
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

/** What the jobs of one offload share. */
interface Shared {
  readonly md5: Worker;
  readonly jobs: Map<number, JobState>;
  /** Batches back from the CRC-64 worker, ready for reuse. */
  readonly pool: Buffer[];
  failure: Error | undefined;
}

function onReply(shared: Shared, message: Reply): void {
  if (message.type === 'ready') return;
  const state = shared.jobs.get(message.id);
  if (message.type === 'ack') {
    if (shared.pool.length < MAX_POOLED_BATCHES) shared.pool.push(Buffer.from(message.bytes.buffer as ArrayBuffer));
    if (!state) return;
    state.inFlight.delete(message.batch);
    const wake = state.wake;
    state.wake = undefined;
    wake?.resolve();
    return;
  }
  if (!state) return;
  state.results[message.algorithm] = message.value;
  if (state.results.md5 !== undefined && state.results.crc64 !== undefined) state.finish?.resolve();
}

// A dead worker must not leave uploads waiting for acknowledgements forever.
function onFailure(shared: Shared, error: Error): void {
  shared.failure ??= error;
  for (const state of shared.jobs.values()) {
    state.wake?.reject(shared.failure);
    state.finish?.reject(shared.failure);
  }
  shared.jobs.clear();
}

function createJob(shared: Shared, id: number): OffloadJob {
  const state: JobState = { inFlight: new Set(), results: {} };
  shared.jobs.set(id, state);
  let batch: Buffer | undefined;
  let filled = 0;
  let batchNumber = 0;
  const dispatch = (): void => {
    if (!batch || filled === 0) return;
    batchNumber++;
    state.inFlight.add(batchNumber);
    const bytes = new Uint8Array(batch.buffer, batch.byteOffset, filled);
    shared.md5.postMessage({ type: 'update', id, batch: batchNumber, bytes }, [batch.buffer as ArrayBuffer]);
    batch = undefined;
    filled = 0;
  };
  return {
    update(chunk) {
      let offset = 0;
      while (offset < chunk.length) {
        // allocUnsafeSlow: a batch owns its whole ArrayBuffer, so it can be transferred.
        batch ??= shared.pool.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
        const copied = chunk.copy(batch, filled, offset);
        filled += copied;
        offset += copied;
        if (filled === BATCH_BYTES) dispatch();
      }
      if (shared.failure) return Promise.reject(shared.failure);
      if (state.inFlight.size < MAX_BATCHES_IN_FLIGHT) return undefined;
      return new Promise<void>((resolve, reject) => {
        state.wake = { resolve, reject };
      });
    },
    digest() {
      if (shared.failure) return Promise.reject(shared.failure);
      dispatch();
      return new Promise((resolve, reject) => {
        const done = (): void => {
          shared.jobs.delete(id);
          resolve({ md5: Buffer.from(state.results.md5 as string, 'hex'), crc64: BigInt(state.results.crc64 as string) });
        };
        state.finish = { resolve: done, reject };
        shared.md5.postMessage({ type: 'digest', id });
      });
    },
    cancel() {
      shared.jobs.delete(id);
      shared.md5.postMessage({ type: 'cancel', id });
    },
  };
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
  let workers: [Worker, Worker];
  try {
    workers = await Promise.all([startWorker('md5', { output: channel.port1 }), startWorker('crc64', { input: channel.port2 })]);
  } catch {
    return undefined;
  }
  const shared: Shared = { md5: workers[0], jobs: new Map(), pool: [], failure: undefined };
  for (const worker of workers) {
    worker.on('message', (message: Reply) => onReply(shared, message));
    worker.on('error', (error) => onFailure(shared, error));
    worker.on('exit', (code) => onFailure(shared, new Error(`hash worker exited with code ${code}`)));
  }
  let nextId = 1;
  return {
    get alive() {
      return shared.failure === undefined;
    },
    begin: () => createJob(shared, nextId++),
    async close() {
      shared.failure ??= new Error('hash workers closed');
      for (const worker of workers) worker.removeAllListeners('exit');
      await Promise.all(workers.map((worker) => worker.terminate()));
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
    async get() {
      if (!enabled || closed) return undefined;
      started ??= startHashOffload();
      const offload = await started;
      return offload?.alive ? offload : undefined;
    },
    async close() {
      closed = true;
      const offload = await started;
      await offload?.close();
    },
  };
}
