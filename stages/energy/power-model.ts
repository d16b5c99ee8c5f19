import {
  CURVE_UTILIZATION_POINTS,
  totalPoints,
  type CurvePoints,
  type EstimateQuality,
  type ResolvedCurve,
} from './power-curve.js';

/** CPU utilization of one window, in percent. Min and max are optional; without them the bounds narrow. */
export interface UtilizationStats {
  mean: number;
  min?: number;
  max?: number;
}

/** Average power of one instance over a window, in watts before PUE. */
export interface PowerEstimate {
  watts: number;
  lowerWatts: number;
  upperWatts: number;
  /** The mean utilization used, after clamping to 0..100. */
  utilizationPercent: number;
  /** True when any of mean, min or max was outside 0..100 or not a number and was clamped. */
  clamped: boolean;
  quality: EstimateQuality;
}

/**
 * Clamps a utilization to 0..100 percent. NaN becomes 0, +Infinity 100 and -Infinity 0; each counts
 * as clamped.
 */
export function clampUtilization(percent: number): { value: number; clamped: boolean } {
  if (Number.isNaN(percent)) {
    return { value: 0, clamped: true };
  }
  const value = Math.min(100, Math.max(0, percent));
  return { value, clamped: value !== percent };
}

/** Interpolates watts linearly between the measured points at a utilization in 0..100. */
export function interpolateWatts(points: CurvePoints, percent: number): number {
  const loads = CURVE_UTILIZATION_POINTS;
  for (let i = 1; i < loads.length; i += 1) {
    const x0 = loads[i - 1] as number;
    const x1 = loads[i] as number;
    if (percent <= x1) {
      const y0 = points[(i - 1) as 0 | 1 | 2];
      const y1 = points[i as 1 | 2 | 3];
      return y0 + ((y1 - y0) * (percent - x0)) / (x1 - x0);
    }
  }
  return points[3];
}

/**
 * Estimates the average power of one instance over a window from its CPU utilization.
 *
 * The estimate is the central curve at the mean utilization. The bounds hold for any mix of
 * readings between the window's min and max that averages to the mean. The lower bound is the
 * convex envelope of the lower curve on [min, max] at the mean. The upper bound is the concave
 * envelope of the upper curve. Without min and max both collapse to the curves at the mean.
 */
export function estimatePower(resolved: ResolvedCurve, utilization: UtilizationStats): PowerEstimate {
  const mean = clampUtilization(utilization.mean);
  const min = clampUtilization(utilization.min ?? utilization.mean);
  const max = clampUtilization(utilization.max ?? utilization.mean);
  const low = Math.min(min.value, mean.value);
  const high = Math.max(max.value, mean.value);

  const central = totalPoints(resolved.central);
  const watts = interpolateWatts(central, mean.value);
  const lowerWatts = envelopeAt(totalPoints(resolved.lower), low, high, mean.value, 'lower');
  const upperWatts = envelopeAt(totalPoints(resolved.upper), low, high, mean.value, 'upper');

  const safeWatts = finiteNonNegative(watts);
  return {
    watts: safeWatts,
    lowerWatts: Math.min(finiteNonNegative(lowerWatts), safeWatts),
    upperWatts: Math.max(finiteNonNegative(upperWatts), safeWatts),
    utilizationPercent: mean.value,
    clamped: mean.clamped || min.clamped || max.clamped,
    quality: resolved.quality,
  };
}

/**
 * Evaluates the convex (lower) or concave (upper) envelope of a piecewise-linear curve restricted
 * to [low, high] at x. In one dimension any point of the hull is a mix of two vertices, so the
 * envelope is the least or greatest chord through x over pairs of vertices on either side of it.
 */
function envelopeAt(
  points: CurvePoints,
  low: number,
  high: number,
  x: number,
  side: 'lower' | 'upper',
): number {
  const xs = [low, ...CURVE_UTILIZATION_POINTS.filter((load) => load > low && load < high), high];
  const vertices = xs.map((load) => ({ x: load, y: interpolateWatts(points, load) }));
  let best = interpolateWatts(points, x);
  for (const left of vertices) {
    for (const right of vertices) {
      if (left.x > x || right.x < x || left.x === right.x) {
        continue;
      }
      const chord = left.y + ((right.y - left.y) * (x - left.x)) / (right.x - left.x);
      best = side === 'lower' ? Math.min(best, chord) : Math.max(best, chord);
    }
  }
  return best;
}

function finiteNonNegative(watts: number): number {
  return Number.isFinite(watts) && watts > 0 ? watts : 0;
}
