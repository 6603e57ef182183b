// Worker thread of hash-offload.ts: computes one hash (MD5 or CRC-64) over many bodies at once.
// The workers form a chain: the main thread transfers each batch to the MD5 worker, which hashes
// it and transfers it on to the CRC-64 worker, which hashes it and transfers it back to the main
// thread for reuse. No batch is ever copied.
import { createHash, type Hash } from 'node:crypto';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { type Crc64, createCrc64 } from '@oss-presign/core/signer';

type Message =
  | { readonly type: 'update'; readonly id: number; readonly batch: number; readonly bytes: Uint8Array }
  | { readonly type: 'digest' | 'cancel'; readonly id: number };

const { algorithm, input, output } = workerData as { algorithm: 'md5' | 'crc64'; input?: MessagePort; output?: MessagePort };
const parent = parentPort as MessagePort;
const jobs = new Map<number, Hash | Crc64>();

function jobOf(id: number): Hash | Crc64 {
  let job = jobs.get(id);
  if (!job) {
    job = algorithm === 'md5' ? createHash('md5') : createCrc64();
    jobs.set(id, job);
  }
  return job;
}

function handle(message: Message): void {
  if (message.type === 'update') {
    jobOf(message.id).update(message.bytes);
    const buffer = message.bytes.buffer as ArrayBuffer;
    if (output) output.postMessage(message, [buffer]);
    else parent.postMessage({ type: 'ack', id: message.id, batch: message.batch, bytes: message.bytes }, [buffer]);
    return;
  }
  if (message.type === 'digest') {
    const job = jobOf(message.id);
    const value = 'digestDecimal' in job ? job.digestDecimal() : job.digest('hex');
    parent.postMessage({ type: 'digest', id: message.id, algorithm, value });
  }
  jobs.delete(message.id);
  output?.postMessage(message);
}

(input ?? parent).on('message', handle);
parent.postMessage({ type: 'ready' });
