import { loadConfig } from '../../../pipeline/config/load-config.js';
import {
  createDetectorState,
  scoreAndUpdate,
  type DetectorSettings,
  type DetectorVerdict,
} from '../../../stages/anomaly/seasonal-detector.js';

const STEP_MS = 300_000;
const DAY_MS = 86_400_000;
const START_MS = Date.parse('2026-11-01T00:00:00.000Z');
const DAYS = 6;

/** Returns the shipped detector settings for a percent metric. */
function shippedSettings(): DetectorSettings {
  const anomaly = loadConfig({}).anomaly;
  return { ...anomaly, minScaleAbsolute: anomaly.min_scale_absolute.percent };
}

/** Deterministic standard normal noise (xorshift32 and Box-Muller), so the test is reproducible. */
function noise(seed: number): () => number {
  let state = seed;
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 1) / 4_294_967_297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** CPU percent with a daily cycle between about 15 and 65 and noise of 2 points. */
function seasonalSeries(seed = 7): Array<{ timeMs: number; value: number }> {
  const next = noise(seed);
  const points: Array<{ timeMs: number; value: number }> = [];
  for (let timeMs = START_MS; timeMs < START_MS + DAYS * DAY_MS; timeMs += STEP_MS) {
    const phase = (2 * Math.PI * (timeMs - START_MS)) / DAY_MS;
    points.push({ timeMs, value: 40 + 25 * Math.sin(phase) + 2 * next() });
  }
  return points;
}

function runDetector(
  points: ReadonlyArray<{ timeMs: number; value: number }>,
): Array<DetectorVerdict & { timeMs: number }> {
  const settings = shippedSettings();
  const state = createDetectorState(settings);
  return points.map((point) => ({
    ...scoreAndUpdate(state, point.timeMs, point.value, settings),
    timeMs: point.timeMs,
  }));
}

const EVENT_MS = START_MS + 4 * DAY_MS + 12 * 3_600_000;

describe('seasonal detector', () => {
  it('stays quiet on a seasonal series', () => {
    for (const seed of [7, 11, 23]) {
      const flagged = runDetector(seasonalSeries(seed)).filter((verdict) => verdict.anomalous);
      expect(flagged).toEqual([]);
    }
  });

  it('flags a planted spike', () => {
    const points = seasonalSeries().map((point) =>
      point.timeMs === EVENT_MS ? { ...point, value: point.value + 40 } : point,
    );
    const verdicts = runDetector(points);
    const flagged = verdicts.filter((verdict) => verdict.anomalous).map((verdict) => verdict.timeMs);
    expect(flagged).toEqual([EVENT_MS]);
    const spike = verdicts.find((verdict) => verdict.timeMs === EVENT_MS)!;
    expect(spike.expected).toBeGreaterThan(25);
    expect(spike.expected).toBeLessThan(55);
  });

  it('flags a level shift soon after it starts', () => {
    const points = seasonalSeries().map((point) =>
      point.timeMs >= EVENT_MS ? { ...point, value: point.value + 30 } : point,
    );
    const flagged = runDetector(points)
      .filter((verdict) => verdict.anomalous)
      .map((verdict) => verdict.timeMs);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged[0]).toBeGreaterThanOrEqual(EVENT_MS);
    expect(flagged[0]).toBeLessThanOrEqual(EVENT_MS + 3 * STEP_MS);
  });

  it('reports nothing during the warm-up', () => {
    const points = seasonalSeries().map((point, index) => (index === 10 ? { ...point, value: 100 } : point));
    const verdicts = runDetector(points);
    expect(verdicts[10]?.warmingUp).toBe(true);
    expect(verdicts[10]?.anomalous).toBe(false);
  });

  it('keeps its baseline through an outlier', () => {
    const clean = runDetector(seasonalSeries());
    const spiked = runDetector(
      seasonalSeries().map((point) => (point.timeMs === EVENT_MS ? { ...point, value: 100 } : point)),
    );
    const after = clean.findIndex((verdict) => verdict.timeMs === EVENT_MS) + 1;
    expect(Math.abs(spiked[after]!.expected - clean[after]!.expected)).toBeLessThan(3);
  });
});
