/**
 * Progress aggregation. Two promises to the app: numbers never go down (a retried part does not
 * rewind the bar), and 100 % means OSS has answered (ali-oss #1341: "进度100%，实际响应未结束").
 */

export type UploadPhase = 'initiating' | 'uploading' | 'completing' | 'done';

/** Progress of one part (multipart) or of the single PUT. */
export interface PartProgress {
  readonly partNumber: number;
  /** Bytes of this part on the wire so far (the best attempt's count), at most `total`. */
  readonly loaded: number;
  readonly total: number;
  /** True once OSS answered this part with 200. */
  readonly done: boolean;
}

export interface UploadProgress {
  /** Bytes sent, summed over parts; equals `total` only once the upload is complete. */
  readonly loaded: number;
  readonly total: number;
  /** 0..100, an integer; 100 only when `phase` is `done`. */
  readonly percent: number;
  readonly phase: UploadPhase;
  /** The part this event is about (multipart only). */
  readonly part?: PartProgress | undefined;
  readonly partsDone: number;
  readonly partsTotal: number;
}

export interface ProgressTracker {
  /** `sent` is the cumulative byte count of the current attempt of that part. */
  sent(partNumber: number, sent: number): void;
  /** OSS answered the part. */
  partDone(partNumber: number): void;
  phase(phase: UploadPhase): void;
  readonly loaded: number;
}

interface PartState {
  readonly size: number;
  loaded: number;
  done: boolean;
}

/**
 * Tracks parts and emits monotonic {@link UploadProgress} events. A part's count is held one byte
 * short of its size until OSS answers it, and the total is held short until the phase is `done`,
 * so an app never shows 100 % while the last response (or CompleteMultipartUpload) is pending.
 *
 * @example
 * ```ts
 * const tracker = createProgressTracker([{ partNumber: 1, size: 10 }], true, (p) => console.log(p.percent));
 * tracker.sent(1, 10); // loaded 9, percent 90
 * tracker.partDone(1); // loaded 10 (still < 100 % until phase('done'))
 * tracker.phase('done'); // percent 100
 * ```
 */
export function createProgressTracker(
  parts: readonly { readonly partNumber: number; readonly size: number }[],
  multipart: boolean,
  emit: ((progress: UploadProgress) => void) | undefined,
): ProgressTracker {
  const states = new Map<number, PartState>();
  let total = 0;
  for (const part of parts) {
    states.set(part.partNumber, { size: part.size, loaded: 0, done: false });
    total += part.size;
  }
  let sum = 0;
  let partsDone = 0;
  let phase: UploadPhase = multipart ? 'initiating' : 'uploading';
  let lastLoaded = -1;
  let lastPhase: UploadPhase | undefined;

  const send = (partNumber: number | undefined): void => {
    if (!emit) return;
    const finished = phase === 'done';
    const loaded = finished ? total : Math.min(sum, Math.max(0, total - 1));
    // Part events repeat the total on purpose (a part finished); anything else that changes nothing is dropped.
    if (loaded === lastLoaded && phase === lastPhase && (partNumber === undefined || !multipart)) return;
    lastLoaded = loaded;
    lastPhase = phase;
    const state = partNumber === undefined ? undefined : states.get(partNumber);
    emit({
      loaded,
      total,
      percent: finished ? 100 : total === 0 ? 0 : Math.min(99, Math.floor((loaded / total) * 100)),
      phase,
      part:
        multipart && state && partNumber !== undefined
          ? { partNumber, loaded: state.loaded, total: state.size, done: state.done }
          : undefined,
      partsDone,
      partsTotal: states.size,
    });
  };

  return {
    sent(partNumber, sent) {
      const state = states.get(partNumber);
      if (!state || state.done) return;
      // Hold one byte back until OSS answers; never go below what an earlier attempt reached.
      const capped = Math.min(sent, Math.max(0, state.size - 1));
      if (capped <= state.loaded) return;
      sum += capped - state.loaded;
      state.loaded = capped;
      send(partNumber);
    },
    partDone(partNumber) {
      const state = states.get(partNumber);
      if (!state || state.done) return;
      sum += state.size - state.loaded;
      state.loaded = state.size;
      state.done = true;
      partsDone++;
      send(partNumber);
    },
    phase(next) {
      if (next === phase) return;
      phase = next;
      send(undefined);
    },
    get loaded() {
      return sum;
    },
  };
}
