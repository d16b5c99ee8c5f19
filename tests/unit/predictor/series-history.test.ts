import { createSeriesHistory } from '../../../stages/predictor/series-history.js';

const STEP_MS = 300_000;

function fill(
  history: ReturnType<typeof createSeriesHistory>,
  key: string,
  count: number,
  firstStep = 0,
): void {
  for (let step = firstStep; step < firstStep + count; step += 1) {
    history.append(key, step * STEP_MS, step);
  }
}

describe('series history', () => {
  test('short series returns no window', () => {
    const history = createSeriesHistory({ stepMs: STEP_MS, capacity: 4, maxSeries: 10 });
    fill(history, 'i-1', 3);

    expect(history.window('i-1')).toBeNull();
  });

  test('full series returns newest values oldest first', () => {
    const history = createSeriesHistory({ stepMs: STEP_MS, capacity: 4, maxSeries: 10 });
    fill(history, 'i-1', 6);

    expect(history.window('i-1')).toEqual([2, 3, 4, 5]);
  });

  test('redelivered step is ignored as duplicate', () => {
    const history = createSeriesHistory({ stepMs: STEP_MS, capacity: 4, maxSeries: 10 });
    fill(history, 'i-1', 4);

    expect(history.append('i-1', 2 * STEP_MS, 99)).toBe('duplicate');
    expect(history.append('i-1', 3 * STEP_MS, 99)).toBe('duplicate');
    expect(history.window('i-1')).toEqual([0, 1, 2, 3]);
  });

  test('gap restarts series without padding', () => {
    const history = createSeriesHistory({ stepMs: STEP_MS, capacity: 4, maxSeries: 10 });
    fill(history, 'i-1', 4);

    expect(history.append('i-1', 5 * STEP_MS, 5)).toBe('restarted');
    expect(history.window('i-1')).toBeNull();
    fill(history, 'i-1', 3, 6);
    expect(history.window('i-1')).toEqual([5, 6, 7, 8]);
  });

  test('series limit drops least recently updated', () => {
    const history = createSeriesHistory({ stepMs: STEP_MS, capacity: 2, maxSeries: 2 });
    fill(history, 'a', 2);
    fill(history, 'b', 2);
    history.append('a', 2 * STEP_MS, 2);
    fill(history, 'c', 2);

    expect(history.size()).toBe(2);
    expect(history.window('a')).toEqual([1, 2]);
    expect(history.window('b')).toBeNull();
    expect(history.window('c')).toEqual([0, 1]);
  });
});
