/**
 * Shows an uploader store's progress. It only subscribes (`subscribe` / `getSnapshot`): in a
 * terminal, one cli-progress bar per file; on a pipe or in a file, plain lines (each status change,
 * and every quarter of a file).
 */

import type { UploaderSnapshot } from '@oss-presign/core/upload/node';
import { MultiBar, type SingleBar, Presets } from 'cli-progress';
import type { OutputStream } from '../io.js';
import { formatBytes } from '../parse.js';

/** The part of the store a view needs. */
export interface SubscribableStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): UploaderSnapshot;
}

/** A running view; `stop()` unsubscribes and leaves the terminal clean. */
export interface ProgressView {
  stop(): void;
}

const STATUS_WORD: Readonly<Record<string, string>> = {
  queued: 'queued',
  presigning: 'presigning',
  uploading: 'uploading',
  completing: 'completing',
  success: 'done',
  error: 'failed',
  aborted: 'aborted',
};

function speedOf(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatBytes(Math.round(bytesPerSecond))}/s` : '';
}

/**
 * Draws one bar per file on `stream` (a terminal), updated from the store's snapshots.
 *
 * @example
 * ```ts
 * const view = barView(uploader, process.stderr);
 * await uploader.upload(files);
 * view.stop();
 * ```
 */
export function barView(store: SubscribableStore, stream: OutputStream): ProgressView {
  const multibar = new MultiBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: ' {name} |{bar}| {percentage}% | {done} of {size} | {speed} {status}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
      barsize: 30,
      fps: 10,
    },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>();
  const width = Math.min(40, Math.max(...store.getSnapshot().uploads.map((file) => file.name.length), 8));
  const render = (): void => {
    for (const file of store.getSnapshot().uploads) {
      const total = Math.max(file.progress.total || file.size, 1);
      const payload = {
        name: file.name.length > width ? `…${file.name.slice(-(width - 1))}` : file.name.padEnd(width),
        done: formatBytes(file.progress.loaded),
        size: formatBytes(file.size),
        speed: file.status === 'uploading' ? speedOf(file.bytesPerSecond) : '',
        status: STATUS_WORD[file.status] ?? file.status,
      };
      let bar = bars.get(file.id);
      if (!bar) {
        bar = multibar.create(total, file.progress.loaded, payload);
        bars.set(file.id, bar);
      }
      if (bar.getTotal() !== total) bar.setTotal(total);
      bar.update(file.progress.loaded, payload);
    }
  };
  const unsubscribe = store.subscribe(render);
  render();
  return {
    stop() {
      unsubscribe();
      render();
      multibar.stop();
    },
  };
}

/**
 * Prints plain lines to `stream`: `name: status` on each change and `name: 50% (4.0 MiB of 8.0 MiB)`
 * at each quarter, so a log or a pipe reads well without escape codes.
 *
 * @example
 * ```ts
 * const view = lineView(uploader, process.stdout);
 * ```
 */
export function lineView(store: SubscribableStore, stream: OutputStream): ProgressView {
  const seen = new Map<string, { status: string; quarter: number }>();
  const render = (): void => {
    for (const file of store.getSnapshot().uploads) {
      const last = seen.get(file.id) ?? { status: '', quarter: 0 };
      const quarter = file.status === 'uploading' ? Math.floor(file.progress.percent / 25) : last.quarter;
      if (file.status !== last.status && file.status !== 'success' && file.status !== 'error' && file.status !== 'aborted') {
        stream.write(`${file.name}: ${STATUS_WORD[file.status] ?? file.status}${file.status === 'queued' ? ` (${formatBytes(file.size)})` : ''}\n`);
      }
      if (quarter > last.quarter && quarter < 4) {
        stream.write(`${file.name}: ${quarter * 25}% (${formatBytes(file.progress.loaded)} of ${formatBytes(file.progress.total || file.size)})\n`);
      }
      seen.set(file.id, { status: file.status, quarter: Math.max(quarter, last.quarter) });
    }
  };
  const unsubscribe = store.subscribe(render);
  render();
  return { stop: unsubscribe };
}
