import { createPricedWindows, type WindowArrival } from '../../../stages/energy/priced-windows.js';

const MINUTE_MS = 60_000;

function arrival(resourceId: string, minute: number, offset: number, partition = 0): WindowArrival {
  return { resourceId, windowStartMs: minute * MINUTE_MS, partition, offset: String(offset) };
}

describe('priced windows', () => {
  test('unknown resource is not a copy', () => {
    const priced = createPricedWindows();
    expect(priced.isCopy(arrival('i-a', 0, 0))).toBe(false);
  });

  test('later window is not a copy', () => {
    const priced = createPricedWindows();
    priced.remember(arrival('i-a', 0, 0));
    expect(priced.isCopy(arrival('i-a', 1, 1))).toBe(false);
  });

  test('same window at higher offset is a copy', () => {
    const priced = createPricedWindows();
    priced.remember(arrival('i-a', 5, 10));
    expect(priced.isCopy(arrival('i-a', 5, 12))).toBe(true);
  });

  test('earlier window at higher offset is a copy', () => {
    const priced = createPricedWindows();
    priced.remember(arrival('i-a', 5, 10));
    expect(priced.isCopy(arrival('i-a', 4, 11))).toBe(true);
  });

  test('redelivered input is priced again', () => {
    const priced = createPricedWindows();
    priced.remember(arrival('i-a', 4, 10));
    priced.remember(arrival('i-a', 5, 11));
    // The runner delivers offsets 10 and 11 again because they were not committed.
    expect(priced.isCopy(arrival('i-a', 4, 10))).toBe(false);
    priced.remember(arrival('i-a', 4, 10));
    expect(priced.isCopy(arrival('i-a', 5, 11))).toBe(false);
    priced.remember(arrival('i-a', 5, 11));
    expect(priced.isCopy(arrival('i-a', 5, 12))).toBe(true);
  });

  test('same window on another partition is a copy', () => {
    const priced = createPricedWindows();
    priced.remember(arrival('i-a', 5, 10, 0));
    expect(priced.isCopy(arrival('i-a', 5, 3, 1))).toBe(true);
  });

  test('resources are remembered apart', () => {
    const priced = createPricedWindows();
    priced.remember(arrival('i-a', 5, 10));
    expect(priced.isCopy(arrival('i-b', 5, 11))).toBe(false);
  });
});
