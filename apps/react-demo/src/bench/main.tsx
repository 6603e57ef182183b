// The in-browser speed bench's page (driven by apps/express-demo/bench/browser-upload.bench.ts):
// one file uploaded through useOssUpload, and the same file as one bare XMLHttpRequest PUT to a
// URL presigned by the same handler, to the same OSS. Long tasks are recorded during each run.
import { useOssUpload } from '@oss-presign/react-hook';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { API_BASE } from '../api';

/** One timed upload, measured from the first presign call to OSS's last answer. */
export interface BenchRun {
  readonly ms: number;
  readonly key: string;
  /** Long tasks (over 50 ms) on the page while it ran, in ms each. */
  readonly longTasks: number[];
  readonly mode: string;
  /** Multipart only: the part size used, in bytes. */
  readonly partSize?: number | undefined;
}

interface BenchApi {
  makeFile(size: number): void;
  /** The hook with its defaults (and the demo server's default policy): a File is not CRC-checked. */
  runHook(): Promise<BenchRun>;
  /** The hook with `crc64: 'verify'`: what the opt-in check costs (a second read of the file). */
  runHookCrc(): Promise<BenchRun>;
  /** The hook forced multipart (threshold 16 MiB), with the default part size and concurrency. */
  runHookMultipart(): Promise<BenchRun>;
  /** The forced-multipart hook with `crc64: 'verify'`. */
  runHookMultipartCrc(): Promise<BenchRun>;
  runXhr(): Promise<BenchRun>;
  /** A hand-written multipart upload: the same handler's routes, the same parts, 4 bare XHRs at a time. */
  runXhrMultipart(): Promise<BenchRun>;
}

/** Files over this go multipart in the forced-multipart runs (the demo page's own threshold). */
const FORCED_THRESHOLD = 16 * 1024 * 1024;

type Upload = Pick<ReturnType<typeof useOssUpload>, 'upload' | 'reset'>;

async function hookRun({ upload, reset }: Upload): Promise<BenchRun> {
  reset();
  const body = benchFile();
  const start = performance.now();
  const [outcome] = await upload(body);
  const end = performance.now();
  if (outcome?.status !== 'success') throw new Error(`hook upload ended ${outcome?.status}: ${outcome && 'error' in outcome ? outcome.error.message : ''}`);
  const { result } = outcome;
  return { ms: end - start, key: result.key ?? '', longTasks: tasksDuring(start, end), mode: result.mode, partSize: result.mode === 'multipart' ? result.partSize : undefined };
}

const longTasks: PerformanceEntry[] = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });

let file: File | undefined;

function benchFile(): File {
  if (!file) throw new Error('makeFile(size) first');
  return file;
}

/** Long tasks that overlapped [start, end]. */
function tasksDuring(start: number, end: number): number[] {
  return longTasks.filter((task) => task.startTime + task.duration >= start && task.startTime <= end).map((task) => Math.round(task.duration));
}

async function xhrPut(body: File): Promise<BenchRun> {
  const start = performance.now();
  const response = await fetch(`${API_BASE}/oss/upload`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fileName: body.name, contentType: body.type, size: body.size }),
  });
  if (!response.ok) throw new Error(`presign answered ${response.status}: ${await response.text()}`);
  const target = (await response.json()) as { url: string; method?: string; signedHeaders: Record<string, string>; key: string };
  await new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method ?? 'PUT', target.url);
    for (const [name, value] of Object.entries(target.signedHeaders)) {
      // The browser sets these itself from the body.
      if (name !== 'content-length' && name !== 'host') xhr.setRequestHeader(name, value);
    }
    xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(`PUT answered ${xhr.status}: ${xhr.responseText}`)));
    xhr.onerror = () => reject(new Error('PUT failed'));
    xhr.send(body);
  });
  const end = performance.now();
  return { ms: end - start, key: target.key, longTasks: tasksDuring(start, end), mode: 'put' };
}

async function postJson<T>(route: string, body: unknown): Promise<T> {
  const response = await fetch(`${API_BASE}/oss${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

function xhrSend(target: { url: string; method?: string; signedHeaders: Record<string, string> }, body: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method ?? 'PUT', target.url);
    for (const [name, value] of Object.entries(target.signedHeaders)) {
      if (name !== 'content-length' && name !== 'host') xhr.setRequestHeader(name, value);
    }
    xhr.onload = () => (xhr.status < 300 ? resolve(xhr.getResponseHeader('etag') ?? '') : reject(new Error(`PUT answered ${xhr.status}: ${xhr.responseText}`)));
    xhr.onerror = () => reject(new Error('PUT failed'));
    xhr.send(body);
  });
}

/** Multipart by hand: initiate, every part presigned in one call, 4 parts in flight, complete. */
async function xhrMultipart(body: File): Promise<BenchRun> {
  const partSize = 8 * 1024 * 1024;
  const start = performance.now();
  const upload = await postJson<{ key: string; uploadId: string; uploadToken: string }>('/multipart/initiate', {
    fileName: body.name, contentType: body.type, size: body.size, partSize,
  });
  const ref = { key: upload.key, uploadId: upload.uploadId, uploadToken: upload.uploadToken };
  const count = Math.ceil(body.size / partSize);
  const { parts } = await postJson<{ parts: { partNumber: number; url: string; signedHeaders: Record<string, string> }[] }>('/multipart/parts', {
    ...ref, parts: Array.from({ length: count }, (_, index) => ({ partNumber: index + 1 })),
  });
  const etags: string[] = [];
  let next = 0;
  const lane = async () => {
    for (let part = parts[next++]; part; part = parts[next++]) {
      etags[part.partNumber - 1] = await xhrSend(part, body.slice((part.partNumber - 1) * partSize, part.partNumber * partSize));
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  await postJson('/multipart/complete', { ...ref, parts: parts.map((part) => ({ partNumber: part.partNumber, etag: etags[part.partNumber - 1] })) });
  const end = performance.now();
  return { ms: end - start, key: upload.key, longTasks: tasksDuring(start, end), mode: 'multipart', partSize };
}

function Bench() {
  const { upload, reset } = useOssUpload({ endpoint: `${API_BASE}/oss` });
  const { upload: uploadPlainCrc, reset: resetPlainCrc } = useOssUpload({ endpoint: `${API_BASE}/oss`, crc64: 'verify' });
  const { upload: uploadMultipart, reset: resetMultipart } = useOssUpload({ endpoint: `${API_BASE}/oss`, multipartThreshold: FORCED_THRESHOLD });
  const { upload: uploadMultipartCrc, reset: resetMultipartCrc } = useOssUpload({ endpoint: `${API_BASE}/oss`, multipartThreshold: FORCED_THRESHOLD, crc64: 'verify' });
  useEffect(() => {
    const api: BenchApi = {
      makeFile(size) {
        // 1 MiB of random bytes, repeated: no compression helps, and building it is quick.
        const chunk = new Uint8Array(1024 * 1024);
        for (let offset = 0; offset < chunk.length; offset += 65536) crypto.getRandomValues(chunk.subarray(offset, offset + 65536));
        const chunks = Array.from({ length: Math.ceil(size / chunk.length) }, () => chunk);
        file = new File(chunks, 'bench.bin', { type: 'application/octet-stream' });
      },
      runHook: () => hookRun({ upload, reset }),
      runHookCrc: () => hookRun({ upload: uploadPlainCrc, reset: resetPlainCrc }),
      runHookMultipart: () => hookRun({ upload: uploadMultipart, reset: resetMultipart }),
      runHookMultipartCrc: () => hookRun({ upload: uploadMultipartCrc, reset: resetMultipartCrc }),
      runXhr: () => xhrPut(benchFile()),
      runXhrMultipart: () => xhrMultipart(benchFile()),
    };
    (window as unknown as { bench: BenchApi }).bench = api;
    document.title = 'bench ready';
  }, [upload, reset, uploadPlainCrc, resetPlainCrc, uploadMultipart, resetMultipart, uploadMultipartCrc, resetMultipartCrc]);
  return <p>Upload bench: driven by apps/express-demo/bench/browser-upload.bench.ts.</p>;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<Bench />);
