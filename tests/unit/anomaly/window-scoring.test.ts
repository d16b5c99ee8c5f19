import { countDetections, scoresOf } from '../../../stages/anomaly/evaluation/window-scoring.js';

const WINDOWS = [
  { startMs: 100, endMs: 200 },
  { startMs: 500, endMs: 600 },
];
const TIMES = [50, 100, 150, 200, 250, 300, 350, 550, 700];

function flags(...flaggedTimes: number[]): boolean[] {
  return TIMES.map((time) => flaggedTimes.includes(time));
}

describe('window scoring', () => {
  it('counts a window once however many hits', () => {
    const counts = countDetections(TIMES, flags(100, 150, 200), WINDOWS);
    expect(counts).toEqual({ truePositives: 1, falsePositives: 0, falseNegatives: 1 });
  });

  it('counts a run outside windows once', () => {
    const counts = countDetections(TIMES, flags(250, 300, 350, 700), WINDOWS);
    expect(counts.falsePositives).toBe(2);
    expect(counts.truePositives).toBe(0);
  });

  it('includes both window bounds', () => {
    expect(countDetections([100], [true], WINDOWS).truePositives).toBe(1);
    expect(countDetections([200], [true], WINDOWS).truePositives).toBe(1);
    expect(countDetections([201], [true], WINDOWS).falsePositives).toBe(1);
  });

  it('scores no detection as F1 zero', () => {
    const scores = scoresOf(countDetections(TIMES, flags(), WINDOWS));
    expect(scores.precision).toBeNull();
    expect(scores.recall).toBe(0);
    expect(scores.f1).toBe(0);
  });

  it('computes precision recall and F1', () => {
    const scores = scoresOf({ truePositives: 2, falsePositives: 2, falseNegatives: 0 });
    expect(scores.precision).toBe(0.5);
    expect(scores.recall).toBe(1);
    expect(scores.f1).toBeCloseTo(2 / 3, 12);
  });
});
