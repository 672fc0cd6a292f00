import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescedWake } from '../../../src/roles/worker-role.ts';

/*
 * Each expanded webhook request asks for a wake once its objects' jobs are due. A burst expands
 * hundreds of requests a second: the main loops are woken by one timer at a time, never later
 * than the last job asked for, and not once per request.
 */
describe('coalescedWake: the wake a burst of expanded requests asks for', () => {
  let wakes: number[];
  let wakeAfter: (ms: number) => void;
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    wakes = [];
    wakeAfter = coalescedWake(() => wakes.push(Date.now()));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('wakes once, when the first jobs are due, for asks that come together', () => {
    for (let i = 0; i < 50; i++) wakeAfter(1_000);
    vi.advanceTimersByTime(1_009);
    expect(wakes).toEqual([]);
    vi.advanceTimersByTime(10_000);
    expect(wakes).toEqual([1_010]);
  });

  it('wakes again for jobs due after the first wake, once', () => {
    wakeAfter(1_000);
    vi.advanceTimersByTime(500);
    wakeAfter(1_000);
    wakeAfter(1_000);
    vi.advanceTimersByTime(10_000);
    expect(wakes).toEqual([1_010, 1_510]);
  });

  it('wakes at an earlier time asked while a later wake is pending (a gather that ends sooner)', () => {
    wakeAfter(1_000);
    vi.advanceTimersByTime(100);
    wakeAfter(500);
    vi.advanceTimersByTime(10_000);
    expect(wakes).toEqual([610, 1_010]);
  });

  it('during a steady burst, wakes about once per debounce and never before the last job asked for is due', () => {
    for (let t = 0; t < 3_000; t += 10) {
      wakeAfter(1_000);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(10_000);
    expect(wakes.length).toBeLessThanOrEqual(4);
    expect(wakes.at(-1)).toBeGreaterThanOrEqual(2_990 + 1_010);
  });
});
