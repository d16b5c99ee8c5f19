import { createWindowStore, type OpenWindow } from '../../../stages/aggregate/window-store.js';
import { assignWindow } from '../../../stages/aggregate/window-assignment.js';
import { toAggregate } from '../../../stages/aggregate/aggregate-record.js';
import { cpuSample } from './sample-fixtures.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-04T10:00:00.000Z');

function storeWith(sizes: number[] = [60], latenessS = 0) {
  return createWindowStore({ windowSizesS: sizes, allowedLatenessS: latenessS });
}

function windowsOf(closed: OpenWindow[]) {
  return closed.map((window) => toAggregate(window));
}

describe('window assignment', () => {
  it('puts a boundary instant in the next window', () => {
    expect(assignWindow(T0, 60)).toEqual({ startMs: T0, endMs: T0 + MINUTE, sizeS: 60 });
    expect(assignWindow(T0 - 1, 60)).toEqual({ startMs: T0 - MINUTE, endMs: T0, sizeS: 60 });
  });

  it('aligns windows to the epoch', () => {
    const window = assignWindow(T0 + 7 * MINUTE + 5_000, 300);
    expect(window.startMs % 300_000).toBe(0);
    expect(window.startMs).toBe(T0 + 5 * MINUTE);
  });
});

describe('window store', () => {
  it('closes a window exactly when the watermark reaches its end', () => {
    const store = storeWith([60], 0);
    store.apply(0n, cpuSample('i-1', T0, 10));
    store.apply(1n, cpuSample('i-1', T0 + MINUTE - 1, 20));
    expect(store.closeReady()).toEqual([]);

    store.apply(2n, cpuSample('i-1', T0 + MINUTE, 30));
    const closed = windowsOf(store.closeReady());
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({
      window_start: '2026-12-04T10:00:00.000Z',
      window_end: '2026-12-04T10:01:00.000Z',
      count: 2,
      mean: 15,
      min: 10,
      max: 20,
      p95: 20,
      first_sample_at: '2026-12-04T10:00:00.000Z',
      last_sample_at: '2026-12-04T10:00:59.999Z',
    });
  });

  it('counts a boundary-instant sample in the later window', () => {
    const store = storeWith([60], 0);
    store.apply(0n, cpuSample('i-1', T0 + MINUTE, 50));
    store.apply(1n, cpuSample('i-1', T0 + 2 * MINUTE, 70));
    const [closed] = windowsOf(store.closeReady());
    expect(closed?.window_start).toBe('2026-12-04T10:01:00.000Z');
    expect(closed?.count).toBe(1);
    expect(closed?.mean).toBe(50);
  });

  it('emits nothing for an empty window', () => {
    const store = storeWith([60], 0);
    store.apply(0n, cpuSample('i-1', T0 + 30_000, 1));
    expect(store.closeReady()).toEqual([]);
    expect(store.openWindowCount()).toBe(1);
  });

  it('leaves a gap without zero-filled windows', () => {
    const store = storeWith([60], 0);
    store.apply(0n, cpuSample('i-1', T0, 1));
    store.apply(1n, cpuSample('i-1', T0 + 10 * MINUTE, 2));
    const closed = windowsOf(store.closeReady());
    expect(closed.map((window) => window.window_start)).toEqual(['2026-12-04T10:00:00.000Z']);
  });

  it('rejects a sample beyond the lateness', () => {
    const store = storeWith([60], 30);
    store.apply(0n, cpuSample('i-1', T0 + 10_000, 1));
    store.apply(1n, cpuSample('i-1', T0 + MINUTE + 40_000, 2));
    const closed = windowsOf(store.closeReady());
    expect(closed).toHaveLength(1);

    const late = store.apply(2n, cpuSample('i-1', T0 + 20_000, 3));
    expect(late).toEqual({ kind: 'late', windowEndMs: T0 + MINUTE, watermarkMs: T0 + MINUTE + 10_000 });
    expect(store.closeReady()).toEqual([]);
  });

  it('accepts a sample within the lateness', () => {
    const store = storeWith([60], 30);
    store.apply(0n, cpuSample('i-1', T0 + MINUTE + 20_000, 2));
    expect(store.apply(1n, cpuSample('i-1', T0 + 50_000, 1))).toEqual({ kind: 'accepted' });
    store.apply(2n, cpuSample('i-1', T0 + 2 * MINUTE, 3));
    const [first] = windowsOf(store.closeReady());
    expect(first?.count).toBe(1);
    expect(first?.mean).toBe(1);
  });

  it('rejects a sample late for the smallest size from every size', () => {
    const store = storeWith([60, 300], 0);
    store.apply(0n, cpuSample('i-1', T0 + 2 * MINUTE, 1));
    expect(store.apply(1n, cpuSample('i-1', T0 + 30_000, 5)).kind).toBe('late');
    store.apply(2n, cpuSample('i-1', T0 + 5 * MINUTE, 1));
    const five = windowsOf(store.closeReady()).filter((window) => window.window_size_s === 300);
    expect(five).toHaveLength(1);
    expect(five[0]?.count).toBe(1);
  });

  it('skips records below the restored next offset', () => {
    const store = storeWith([60], 0);
    store.apply(5n, cpuSample('i-1', T0, 1));
    expect(store.apply(5n, cpuSample('i-1', T0, 1))).toEqual({ kind: 'replayed' });
    expect(store.apply(4n, cpuSample('i-1', T0, 1))).toEqual({ kind: 'replayed' });
    expect(store.nextOffset()).toBe(6n);
  });

  it('computes p95 by nearest rank', () => {
    const store = storeWith([60], 0);
    for (let i = 1; i <= 20; i++) {
      store.apply(BigInt(i), cpuSample('i-1', T0 + i * 1000, i));
    }
    store.apply(100n, cpuSample('i-1', T0 + MINUTE, 0));
    const [window] = windowsOf(store.closeReady());
    expect(window?.p95).toBe(19);
    expect(window?.count).toBe(20);
  });
});
