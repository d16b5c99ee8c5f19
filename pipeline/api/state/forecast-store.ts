import type { Forecast } from '../../../schemas/definitions/forecast.js';

/**
 * Forecasts per resource: per metric and horizon the latest issued one, and a bounded history of
 * every forecast so the dashboard can set forecasts against actuals.
 */
export interface ForecastStore {
  add(forecast: Forecast): void;
  /** The newest forecast of each metric and horizon of a resource, shortest horizon first. */
  latest(resourceId: string): Forecast[];
  /** Earlier forecasts of a resource, oldest target time first. */
  history(resourceId: string): Forecast[];
  has(resourceId: string): boolean;
  resourceIds(): string[];
}

export function createForecastStore(historyPerResource: number): ForecastStore {
  const latestByResource = new Map<string, Map<string, Forecast>>();
  const historyByResource = new Map<string, Forecast[]>();

  function add(forecast: Forecast): void {
    const slot = `${forecast.metric}|${forecast.horizon_s}`;
    const latest = latestByResource.get(forecast.resource_id) ?? new Map<string, Forecast>();
    latestByResource.set(forecast.resource_id, latest);
    const current = latest.get(slot);
    if (current === undefined || Date.parse(current.issued_at) <= Date.parse(forecast.issued_at)) {
      latest.set(slot, forecast);
    }

    const history = historyByResource.get(forecast.resource_id) ?? [];
    historyByResource.set(forecast.resource_id, history);
    const duplicate = history.findIndex(
      (kept) =>
        kept.metric === forecast.metric &&
        kept.horizon_s === forecast.horizon_s &&
        kept.issued_at === forecast.issued_at,
    );
    if (duplicate >= 0) {
      history[duplicate] = forecast;
      return;
    }
    history.push(forecast);
    history.sort((left, right) => Date.parse(left.target_time) - Date.parse(right.target_time));
    if (history.length > historyPerResource) {
      history.splice(0, history.length - historyPerResource);
    }
  }

  return {
    add,
    latest: (resourceId) =>
      [...(latestByResource.get(resourceId)?.values() ?? [])].sort(
        (left, right) => left.horizon_s - right.horizon_s || left.metric.localeCompare(right.metric),
      ),
    history: (resourceId) => [...(historyByResource.get(resourceId) ?? [])],
    has: (resourceId) => latestByResource.has(resourceId),
    resourceIds: () => [...latestByResource.keys()],
  };
}
