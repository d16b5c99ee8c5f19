import { createForecastStore } from '../../../pipeline/api/state/forecast-store.js';
import { computeForecastAccuracy } from '../../../pipeline/api/state/forecast-accuracy.js';
import { EnergyState } from '../../../stages/energy/energy-state.js';
import { buildSeedMessages, SEED_RESOURCES } from '../../integration/api/seed-messages.js';

describe('forecast accuracy', () => {
  const seeded = buildSeedMessages(Date.parse('2026-12-04T12:00:00Z'), 6);

  test('no data yields nulls', () => {
    const accuracy = computeForecastAccuracy(new EnergyState(10), createForecastStore(10));
    expect(accuracy).toEqual({
      actual_percent: null,
      forecast_percent: null,
      mean_absolute_error_percent: null,
      resources_compared: 0,
    });
  });

  test('error compares newest due forecast', () => {
    const energy = new EnergyState(10);
    const forecasts = createForecastStore(10);
    seeded.energy.forEach((window) => energy.apply(window));
    seeded.forecasts.forEach((forecast) => forecasts.add(forecast));

    const accuracy = computeForecastAccuracy(energy, forecasts);
    expect(accuracy.resources_compared).toBe(4);
    const errors = SEED_RESOURCES.map((resource) => {
      const newest = seeded.forecasts.filter((forecast) => forecast.resource_id === resource.id).at(-1)!;
      const actual = seeded.energy.find(
        (window) => window.resource_id === resource.id && window.window_end === newest.target_time,
      )!;
      return Math.abs(newest.mean - actual.cpu_utilization_percent);
    });
    expect(accuracy.mean_absolute_error_percent).toBeCloseTo(
      errors.reduce((sum, error) => sum + error, 0) / 4,
      9,
    );
    const latest = SEED_RESOURCES.map((resource) =>
      seeded.energy.filter((window) => window.resource_id === resource.id).at(-1)!,
    );
    expect(accuracy.actual_percent).toBeCloseTo(
      latest.reduce((sum, window) => sum + window.cpu_utilization_percent, 0) / 4,
      9,
    );
  });

  test('forecast not yet due is not compared', () => {
    const energy = new EnergyState(10);
    const forecasts = createForecastStore(10);
    seeded.energy.slice(0, 1).forEach((window) => energy.apply(window));
    seeded.forecasts
      .filter((forecast) => forecast.resource_id === SEED_RESOURCES[0].id)
      .forEach((forecast) => forecasts.add(forecast));
    const accuracy = computeForecastAccuracy(energy, forecasts);
    expect(accuracy.resources_compared).toBe(0);
    expect(accuracy.forecast_percent).not.toBeNull();
  });
});
