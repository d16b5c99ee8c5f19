import type { AnomalyConfig } from './anomaly-config.js';
import { MAD_TO_SIGMA, clamp, median, medianAbsoluteDeviation } from './robust-statistics.js';

/** Name and version of the method, published with every anomaly. */
export const DETECTOR_METHOD = 'seasonal-robust-z/1';

export type DetectorSettings = Pick<
  AnomalyConfig,
  | 'season_s'
  | 'slot_s'
  | 'level_alpha'
  | 'seasonal_alpha'
  | 'residual_history'
  | 'warmup_windows'
  | 'threshold'
  | 'cooldown_windows'
  | 'clip'
  | 'min_scale_fraction'
> & {
  /** Floor of the residual scale in the unit of the series. */
  minScaleAbsolute: number;
};

/**
 * The state of one series (resource, metric, window size): an additive baseline of a level and
 * one offset per time-of-day slot, both exponentially weighted, and the recent residuals whose
 * median and MAD give a robust scale. It is plain data so the changelog can store it as JSON.
 */
export interface DetectorState {
  windows: number;
  level: number | null;
  seasonal: number[];
  /** Windows seen per slot; a slot never seen contributes no offset. */
  seasonalCounts: number[];
  /** Residuals, oldest first, at most `residual_history` of them; the MAD is robust to the outliers among them. */
  residuals: number[];
  /** Windows left in which a score above the threshold is not reported, after the last anomaly. */
  cooldown: number;
  /** End of the last window scored, in epoch ms; an aggregate ending at or before it is a duplicate. */
  lastWindowEndMs: number | null;
}

export type Severity = 'low' | 'medium' | 'high';

export interface DetectorVerdict {
  expected: number;
  /** Robust z-score of the residual, absolute value. */
  score: number;
  anomalous: boolean;
  severity: Severity;
  /** True while the series is inside its warm-up and may not alert. */
  warmingUp: boolean;
}

export function createDetectorState(settings: DetectorSettings): DetectorState {
  const slots = settings.season_s / settings.slot_s;
  return {
    windows: 0,
    level: null,
    seasonal: new Array<number>(slots).fill(0),
    seasonalCounts: new Array<number>(slots).fill(0),
    residuals: [],
    cooldown: 0,
    lastWindowEndMs: null,
  };
}

/** Returns the time-of-day slot of a window start, in UTC. */
export function slotOf(windowStartMs: number, settings: DetectorSettings): number {
  const seasonMs = settings.season_s * 1000;
  const intoSeason = ((windowStartMs % seasonMs) + seasonMs) % seasonMs;
  return Math.floor(intoSeason / (settings.slot_s * 1000));
}

/**
 * Scores one window's value against the baseline, then updates the baseline in place.
 *
 * The residual is the value minus level plus slot offset. Its robust z-score is the residual minus
 * the median of recent residuals, over 1.4826 times their MAD (floored, so a flat series does not
 * alert on noise). Before the update the residual is clipped to `clip` z-scores, so a spike or an
 * outlier moves the baseline by at most that much and a lasting level shift is absorbed gradually.
 * No window is anomalous before `warmup_windows` windows have been seen, nor within
 * `cooldown_windows` windows after the last anomaly, so one lasting change yields one report.
 */
export function scoreAndUpdate(
  state: DetectorState,
  windowStartMs: number,
  value: number,
  settings: DetectorSettings,
): DetectorVerdict {
  const slot = slotOf(windowStartMs, settings);
  if (state.level === null) {
    state.level = value;
    state.windows = 1;
    state.seasonalCounts[slot] = 1;
    state.residuals.push(0);
    return { expected: value, score: 0, anomalous: false, severity: 'low', warmingUp: true };
  }

  const offset = state.seasonalCounts[slot]! > 0 ? state.seasonal[slot]! : 0;
  const expected = state.level + offset;
  const residual = value - expected;
  const center = median(state.residuals);
  const scale = Math.max(
    MAD_TO_SIGMA * medianAbsoluteDeviation(state.residuals, center),
    settings.min_scale_fraction * Math.abs(expected),
    settings.minScaleAbsolute,
  );
  const z = (residual - center) / scale;
  const warmingUp = state.windows < settings.warmup_windows;
  const score = Math.abs(z);
  const anomalous = !warmingUp && score >= settings.threshold && state.cooldown === 0;
  if (anomalous) {
    state.cooldown = settings.cooldown_windows;
  } else if (state.cooldown > 0) {
    state.cooldown -= 1;
  }

  const clippedResidual = center + clamp(z, -settings.clip, settings.clip) * scale;
  const cleaned = expected + clippedResidual;
  state.level += settings.level_alpha * (cleaned - offset - state.level);
  state.seasonal[slot] = offset + settings.seasonal_alpha * (cleaned - state.level - offset);
  state.seasonalCounts[slot] = state.seasonalCounts[slot]! + 1;
  state.residuals.push(residual);
  if (state.residuals.length > settings.residual_history) {
    state.residuals.shift();
  }
  state.windows += 1;

  return { expected, score, anomalous, severity: severityOf(score, settings.threshold), warmingUp };
}

/** Severity by how far the score passes the threshold: low below twice it, high from three times. */
export function severityOf(score: number, threshold: number): Severity {
  if (score >= 3 * threshold) {
    return 'high';
  }
  return score >= 2 * threshold ? 'medium' : 'low';
}
