import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PART_SIZE, MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE, choosePartSize, planParts } from '../../src/upload/part-plan.js';

const MIB = 1024 * 1024;

describe('choosePartSize', () => {
  it('uses 8 MiB while the body fits in 10,000 parts', () => {
    expect(choosePartSize(0)).toBe(DEFAULT_PART_SIZE);
    expect(choosePartSize(1024 ** 3)).toBe(8 * MIB);
    expect(choosePartSize(MAX_PARTS * 8 * MIB)).toBe(8 * MIB);
  });

  it('grows in whole MiB beyond that', () => {
    expect(choosePartSize(MAX_PARTS * 8 * MIB + 1)).toBe(9 * MIB);
    expect(choosePartSize(200 * 1024 ** 3)).toBe(21 * MIB);
  });

  it('honours a requested size, growing it only when needed', () => {
    expect(choosePartSize(10 * MIB, MIN_PART_SIZE)).toBe(MIN_PART_SIZE);
    expect(choosePartSize(MAX_PARTS * MIN_PART_SIZE * 2, MIN_PART_SIZE)).toBe(MIB);
  });

  it('refuses sizes OSS refuses', () => {
    expect(() => choosePartSize(10, MIN_PART_SIZE - 1)).toThrow(/100 KiB/);
    expect(() => choosePartSize(10, MAX_PART_SIZE + 1)).toThrow(/5 GiB/);
    expect(() => choosePartSize(MAX_PARTS * MAX_PART_SIZE + 1)).toThrow(/does not fit/);
    expect(() => choosePartSize(-1)).toThrow(/size/);
  });
});

describe('planParts', () => {
  it('cuts a body into parts, the last one shorter', () => {
    expect(planParts(250, 100)).toEqual([
      { partNumber: 1, start: 0, end: 100, size: 100 },
      { partNumber: 2, start: 100, end: 200, size: 100 },
      { partNumber: 3, start: 200, end: 250, size: 50 },
    ]);
  });

  it('plans one empty part for an empty body and exact multiples without a tail', () => {
    expect(planParts(0, 100)).toEqual([{ partNumber: 1, start: 0, end: 0, size: 0 }]);
    expect(planParts(300, 100).map((part) => part.size)).toEqual([100, 100, 100]);
  });

  it('always covers the body within OSS limits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.option(fc.integer({ min: MIN_PART_SIZE, max: 64 * MIB })), (size, requested) => {
        const partSize = choosePartSize(size, requested ?? undefined);
        const count = Math.max(1, Math.ceil(size / partSize));
        expect(count).toBeLessThanOrEqual(MAX_PARTS);
        expect(partSize).toBeGreaterThanOrEqual(MIN_PART_SIZE);
        if (count <= 2000) {
          const plan = planParts(size, partSize);
          expect(plan.reduce((sum, part) => sum + part.size, 0)).toBe(size);
          expect(plan.slice(0, -1).every((part) => part.size === partSize)).toBe(true);
          expect(plan.every((part, index) => part.partNumber === index + 1)).toBe(true);
        }
      }),
    );
  });
});
