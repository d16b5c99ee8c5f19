import {
  changelogOutput,
  changelogPartition,
  restoreStore,
} from '../../../stages/aggregate/window-changelog.js';
import { toAggregate } from '../../../stages/aggregate/aggregate-record.js';
import { createWindowStore } from '../../../stages/aggregate/window-store.js';
import { cpuSample } from './sample-fixtures.js';

const T0 = Date.parse('2026-12-04T10:00:00.000Z');
const OPTIONS = { windowSizesS: [60, 300], allowedLatenessS: 30 };

describe('window changelog', () => {
  it('round-trips a partition state', () => {
    const store = createWindowStore(OPTIONS);
    store.apply(10n, cpuSample('i-1', T0, 1));
    store.apply(11n, cpuSample('i-2', T0 + 5_000, 2));
    store.apply(12n, cpuSample('i-1', T0 + 95_000, 3));
    const emitted = store.closeReady().map((window) => toAggregate(window));
    expect(emitted).toHaveLength(2);

    const output = changelogOutput('changelog', 3, store, emitted);
    expect(output?.key).toBe('partition/3');
    const restored = createWindowStore(OPTIONS);
    const unconfirmed = restoreStore(restored, Buffer.from(JSON.stringify(output?.value)));

    expect(unconfirmed).toEqual(emitted);
    expect(restored.nextOffset()).toBe(13n);
    expect(restored.watermarkMs()).toBe(store.watermarkMs());
    expect(restored.openWindows()).toEqual(store.openWindows());
  });

  it('restored store continues like the original', () => {
    const original = createWindowStore(OPTIONS);
    original.apply(0n, cpuSample('i-1', T0 + 10_000, 4));
    const restored = createWindowStore(OPTIONS);
    restoreStore(restored, Buffer.from(JSON.stringify(changelogOutput('changelog', 0, original, [])?.value)));

    for (const store of [original, restored]) {
      store.apply(1n, cpuSample('i-1', T0 + 20_000, 6));
      store.apply(2n, cpuSample('i-1', T0 + 400_000, 0));
    }
    expect(restored.closeReady().map((window) => toAggregate(window))).toEqual(
      original.closeReady().map((window) => toAggregate(window)),
    );
  });

  it('parses only partition keys', () => {
    expect(changelogPartition('partition/12')).toBe(12);
    expect(changelogPartition('partition/x')).toBeNull();
    expect(changelogPartition('detectors/1/300/cpu/i-1')).toBeNull();
  });

  it('rejects a malformed state record', () => {
    expect(() => restoreStore(createWindowStore(OPTIONS), Buffer.from('{"next_offset":"x"}'))).toThrow();
  });
});
