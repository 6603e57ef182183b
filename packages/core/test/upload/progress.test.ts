import { describe, expect, it } from 'vitest';
import { type UploadProgress, createProgressTracker } from '../../src/upload/progress.js';

function collect(parts: { partNumber: number; size: number }[], multipart = true) {
  const events: UploadProgress[] = [];
  return { events, tracker: createProgressTracker(parts, multipart, (event) => events.push(event)) };
}

describe('createProgressTracker', () => {
  it('holds the last byte of a part until OSS answers, and 100 % until done', () => {
    const { events, tracker } = collect([{ partNumber: 1, size: 10 }], false);
    tracker.sent(1, 10);
    expect(events.at(-1)).toMatchObject({ loaded: 9, total: 10, percent: 90, phase: 'uploading' });
    tracker.partDone(1);
    expect(events.at(-1)?.percent).toBeLessThan(100);
    tracker.phase('done');
    expect(events.at(-1)).toMatchObject({ loaded: 10, total: 10, percent: 100, phase: 'done' });
  });

  it('never goes down when a part is retried from zero', () => {
    const { events, tracker } = collect([
      { partNumber: 1, size: 100 },
      { partNumber: 2, size: 100 },
    ]);
    tracker.phase('uploading');
    tracker.sent(1, 80);
    tracker.sent(2, 50);
    tracker.sent(1, 10); // the retry of part 1 starts again
    tracker.sent(1, 90);
    tracker.partDone(2);
    tracker.partDone(1);
    tracker.phase('completing');
    tracker.phase('done');
    const loaded = events.map((event) => event.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(events.filter((event) => event.percent === 100)).toHaveLength(1);
    expect(events.at(-2)).toMatchObject({ phase: 'completing', loaded: 199, partsDone: 2, partsTotal: 2 });
  });

  it('reports the part an event is about', () => {
    const { events, tracker } = collect([
      { partNumber: 1, size: 100 },
      { partNumber: 2, size: 50 },
    ]);
    tracker.sent(2, 25);
    expect(events.at(-1)?.part).toEqual({ partNumber: 2, loaded: 25, total: 50, done: false });
    tracker.partDone(2);
    expect(events.at(-1)?.part).toEqual({ partNumber: 2, loaded: 50, total: 50, done: true });
  });

  it('handles an empty body: 0 % until done, then 100 %', () => {
    const { events, tracker } = collect([{ partNumber: 1, size: 0 }], false);
    tracker.sent(1, 0);
    tracker.partDone(1);
    expect(events.every((event) => event.percent === 0)).toBe(true);
    tracker.phase('done');
    expect(events.at(-1)).toMatchObject({ loaded: 0, total: 0, percent: 100 });
  });
});
