import fc from 'fast-check';
import { toAggregate } from '../../../stages/aggregate/aggregate-record.js';
import { createWindowStore } from '../../../stages/aggregate/window-store.js';
import type { Sample } from '../../../schemas/definitions/sample.js';
import { cpuSample } from './sample-fixtures.js';

const T0 = Date.parse('2026-12-04T10:00:00.000Z');
const LATENESS_S = 120;
const SIZES = [60, 300];

interface Timed {
  sample: Sample;
  arrivalMs: number;
}

/** Samples over about 20 minutes of 3 resources, each with a delivery delay within the lateness. */
const samplesArbitrary = fc.array(
  fc.record({
    resource: fc.constantFrom('i-a', 'i-b', 'i-c'),
    offsetMs: fc.integer({ min: 0, max: 20 * 60_000 }),
    value: fc.double({ min: 0, max: 100, noNaN: true }),
    delayMs: fc.integer({ min: 0, max: LATENESS_S * 1000 }),
  }),
  { minLength: 1, maxLength: 80 },
);

function run(samples: readonly Sample[]) {
  const store = createWindowStore({ windowSizesS: SIZES, allowedLatenessS: LATENESS_S });
  let accepted = 0;
  samples.forEach((sample, index) => {
    if (store.apply(BigInt(index), sample).kind === 'accepted') {
      accepted += 1;
    }
  });
  // A final sample far in the future closes every window with data.
  store.apply(BigInt(samples.length), cpuSample('i-flush', T0 + 10 * 3_600_000, 0));
  const windows = store
    .closeReady()
    .filter((window) => window.resourceId !== 'i-flush')
    .map((window) => toAggregate(window));
  return { windows, accepted };
}

describe('window properties', () => {
  it('permutations within the lateness give identical windows', () => {
    fc.assert(
      fc.property(samplesArbitrary, (drawn) => {
        const timed: Timed[] = drawn.map((entry) => ({
          sample: cpuSample(entry.resource, T0 + entry.offsetMs, entry.value),
          arrivalMs: T0 + entry.offsetMs + entry.delayMs,
        }));
        const inOrder = [...timed].sort(
          (a, b) => Date.parse(a.sample.event_time) - Date.parse(b.sample.event_time),
        );
        const delayed = [...timed].sort((a, b) => a.arrivalMs - b.arrivalMs);
        const expected = run(inOrder.map((entry) => entry.sample));
        const actual = run(delayed.map((entry) => entry.sample));
        expect(actual.windows).toEqual(expected.windows);
        expect(actual.accepted).toBe(drawn.length);
      }),
      { numRuns: 200 },
    );
  });

  it('window counts sum to the accepted samples', () => {
    const anyOrder = fc.array(
      fc.record({
        resource: fc.constantFrom('i-a', 'i-b'),
        offsetMs: fc.integer({ min: 0, max: 30 * 60_000 }),
        value: fc.double({ min: 0, max: 100, noNaN: true }),
      }),
      { minLength: 1, maxLength: 80 },
    );
    fc.assert(
      fc.property(anyOrder, (drawn) => {
        const { windows, accepted } = run(
          drawn.map((entry) => cpuSample(entry.resource, T0 + entry.offsetMs, entry.value)),
        );
        for (const size of SIZES) {
          const counted = windows
            .filter((window) => window.window_size_s === size)
            .reduce((sum, window) => sum + window.count, 0);
          expect(counted).toBe(accepted);
        }
      }),
      { numRuns: 200 },
    );
  });
});
