import { createDetectorState, scoreAndUpdate, type DetectorSettings } from '../seasonal-detector.js';
import type { LabeledSeries, SeriesUnit } from './nab-data.js';
import { addCounts, countDetections, scoresOf, type DetectionCounts, type Scores } from './window-scoring.js';

/** Detector settings with a scale floor for each unit of the evaluation series. */
export type EvaluationSettings = Omit<DetectorSettings, 'minScaleAbsolute'> & {
  min_scale_absolute: Record<SeriesUnit, number>;
};

export interface SeriesResult {
  name: string;
  points: number;
  labeledWindows: number;
  scores: Scores;
}

export interface EvaluationResult {
  series: SeriesResult[];
  overall: Scores;
}

/**
 * Runs the detector over a series point by point, as the anomaly stage does over the means of
 * consecutive windows, and returns which points it flagged.
 */
export function flagSeries(series: LabeledSeries, evaluation: EvaluationSettings): boolean[] {
  const settings: DetectorSettings = {
    ...evaluation,
    minScaleAbsolute: evaluation.min_scale_absolute[series.unit],
  };
  const state = createDetectorState(settings);
  return series.values.map(
    (value, index) => scoreAndUpdate(state, series.timesMs[index]!, value, settings).anomalous,
  );
}

/** Scores the detector on each series and on all of them together (counts summed, then the ratios). */
export function evaluateDetector(
  seriesList: readonly LabeledSeries[],
  settings: EvaluationSettings,
): EvaluationResult {
  let total: DetectionCounts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  const series = seriesList.map((entry) => {
    const counts = countDetections(entry.timesMs, flagSeries(entry, settings), entry.windows);
    total = addCounts(total, counts);
    return {
      name: entry.name,
      points: entry.values.length,
      labeledWindows: entry.windows.length,
      scores: scoresOf(counts),
    };
  });
  return { series, overall: scoresOf(total) };
}

/** Splits series sorted by name: the 1st, 3rd, 5th … tune the detector, the others test it. */
export function splitTuningAndTest(seriesList: readonly LabeledSeries[]): {
  tuning: LabeledSeries[];
  test: LabeledSeries[];
} {
  const sorted = [...seriesList].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return {
    tuning: sorted.filter((_, index) => index % 2 === 0),
    test: sorted.filter((_, index) => index % 2 === 1),
  };
}

export interface GridPoint {
  settings: EvaluationSettings;
  overall: Scores;
}

type NumericSetting = Exclude<keyof EvaluationSettings, 'min_scale_absolute'>;

/**
 * Tries every combination of the candidate values on the tuning series and returns them best
 * first: highest overall F1, then fewer false positives, then the order of the grid.
 */
export function searchGrid(
  tuning: readonly LabeledSeries[],
  base: EvaluationSettings,
  grid: Partial<Record<NumericSetting, readonly number[]>>,
): GridPoint[] {
  let candidates: EvaluationSettings[] = [base];
  for (const [key, values] of Object.entries(grid) as Array<[NumericSetting, readonly number[]]>) {
    candidates = candidates.flatMap((candidate) => values.map((value) => ({ ...candidate, [key]: value })));
  }
  const points = candidates.map((settings) => ({
    settings,
    overall: evaluateDetector(tuning, settings).overall,
  }));
  return points
    .map((point, index) => ({ point, index }))
    .sort(
      (a, b) =>
        (b.point.overall.f1 ?? -1) - (a.point.overall.f1 ?? -1) ||
        a.point.overall.falsePositives - b.point.overall.falsePositives ||
        a.index - b.index,
    )
    .map(({ point }) => point);
}
