import type { Forecast } from '../../../schemas/definitions/forecast.js';
import type { EnergyState } from '../../../stages/energy/energy-state.js';
import type { ForecastStore } from './forecast-store.js';

/** Fleet CPU utilization now, its forecast, and how far recent forecasts were off, in percent. */
export interface ForecastAccuracy {
  /** Mean over resources of the latest window's CPU utilization; null without windows. */
  actual_percent: number | null;
  /** Mean over resources of the newest shortest-horizon CPU forecast; null without forecasts. */
  forecast_percent: number | null;
  /**
   * Mean over resources of |forecast mean - actual| for each resource's newest forecast whose
   * target time equals the end of a kept window; null when no forecast has come due yet.
   */
  mean_absolute_error_percent: number | null;
  /** Resources that contributed to the error. */
  resources_compared: number;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Compares CPU forecasts with the energy windows they forecast (window end equals target time). */
export function computeForecastAccuracy(energy: EnergyState, forecasts: ForecastStore): ForecastAccuracy {
  const actuals: number[] = [];
  const predicted: number[] = [];
  const errors: number[] = [];
  for (const resourceId of energy.resourceIds()) {
    const latest = energy.latest(resourceId);
    if (latest !== undefined) {
      actuals.push(latest.cpu_utilization_percent);
    }
  }
  for (const resourceId of forecasts.resourceIds()) {
    const cpu = forecasts.latest(resourceId).filter((forecast) => forecast.metric === 'cpu_utilization');
    const shortest = cpu[0];
    if (shortest !== undefined) {
      predicted.push(shortest.mean);
    }
    const actualByEnd = new Map(
      energy.recent(resourceId).map((window) => [Date.parse(window.window_end), window]),
    );
    const due = forecasts
      .history(resourceId)
      .filter(
        (forecast: Forecast) =>
          forecast.metric === 'cpu_utilization' && actualByEnd.has(Date.parse(forecast.target_time)),
      );
    const newest = due.at(-1);
    if (newest !== undefined) {
      const actual = actualByEnd.get(Date.parse(newest.target_time));
      if (actual !== undefined) {
        errors.push(Math.abs(newest.mean - actual.cpu_utilization_percent));
      }
    }
  }
  return {
    actual_percent: mean(actuals),
    forecast_percent: mean(predicted),
    mean_absolute_error_percent: mean(errors),
    resources_compared: errors.length,
  };
}
