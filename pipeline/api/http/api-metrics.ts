import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Clock } from '../../runner/clock.js';
import { METRIC_NAMES } from '../../metrics/metric-names.js';
import type { ApiState } from '../state/api-state.js';
import { computeForecastAccuracy } from '../state/forecast-accuracy.js';

/**
 * Upper bounds of the request duration histogram, in seconds. They run from 5 ms (a state read) to
 * 30 s, past the longest configured allocation wait that is likely in practice.
 */
export const REQUEST_DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface ApiMetrics {
  requests: Counter<'method' | 'route' | 'status'>;
  requestDuration: Histogram<'method' | 'route' | 'status'>;
  rateLimited: Counter;
  workloadRequests: Counter<'outcome'>;
  stateRecords: Counter<'topic' | 'outcome'>;
  stateCaughtUp: Gauge;
}

export interface ApiMetricsOptions {
  registry: Registry;
  state: ApiState;
  clock: Clock;
  fleetPowerAlertW: number;
}

/**
 * Registers the API's metrics on the process registry: request counts and durations, the
 * materialized state's progress, and the fleet's power, energy, carbon and cost per region read
 * from the materialized energy windows at scrape time.
 */
export function createApiMetrics(options: ApiMetricsOptions): ApiMetrics {
  const { registry, state } = options;
  const registers = [registry];

  const requests = new Counter({
    name: METRIC_NAMES.apiRequests,
    help: 'HTTP responses the API sent, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const requestDuration = new Histogram({
    name: METRIC_NAMES.apiRequestDuration,
    help: 'Time from receiving an HTTP request to sending its response headers, in seconds.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: REQUEST_DURATION_BUCKETS_S,
    registers,
  });
  const rateLimited = new Counter({
    name: METRIC_NAMES.apiRateLimited,
    help: 'Requests rejected with 429 because the client exceeded its rate limit.',
    registers,
  });
  const workloadRequests = new Counter({
    name: METRIC_NAMES.apiWorkloadRequests,
    help: 'Valid POST /workload/allocate requests by outcome: decided (200), pending (202) or failed (503).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const stateRecords = new Counter({
    name: METRIC_NAMES.apiStateRecords,
    help: 'Records read into the API state, by topic and outcome (applied, duplicate, invalid, tombstone).',
    labelNames: ['topic', 'outcome'] as const,
    registers,
  });
  const stateCaughtUp = new Gauge({
    name: METRIC_NAMES.apiStateCaughtUp,
    help: '1 when the API state has read its topics to the end and is tailing them, else 0.',
    registers,
  });
  stateCaughtUp.set(0);

  const threshold = new Gauge({
    name: METRIC_NAMES.apiFleetPowerAlertThreshold,
    help: 'Configured fleet power alert threshold (api.fleet_power_alert_w), in watts.',
    registers,
  });
  threshold.set(options.fleetPowerAlertW);

  registerFleetGauges(registry, state, options.clock);
  return { requests, requestDuration, rateLimited, workloadRequests, stateRecords, stateCaughtUp };
}

function registerFleetGauges(registry: Registry, state: ApiState, clock: Clock): void {
  const registers = [registry];
  const regionLabel = ['region'] as const;

  new Gauge({
    name: METRIC_NAMES.apiFleetPower,
    help: "Sum of each resource's latest window power per region, in watts before PUE.",
    labelNames: regionLabel,
    registers,
    collect() {
      this.reset();
      for (const [region, figures] of state.energy.regions()) {
        this.set({ region }, figures.power_w);
      }
    },
  });
  // Gauges rather than counters: the sums cover the windows still on the energy topic, so they
  // can fall when retention removes old windows and the process restarts.
  new Gauge({
    name: METRIC_NAMES.apiFleetEnergy,
    help: 'Energy of the windows read from the energy topic per region, PUE included, in watt-hours.',
    labelNames: regionLabel,
    registers,
    collect() {
      this.reset();
      for (const [region, figures] of state.energy.regions()) {
        this.set({ region }, figures.energy_wh);
      }
    },
  });
  new Gauge({
    name: METRIC_NAMES.apiFleetCarbon,
    help: 'Operational plus embodied carbon of the windows read from the energy topic per region, in grams CO2e.',
    labelNames: regionLabel,
    registers,
    collect() {
      this.reset();
      for (const [region, figures] of state.energy.regions()) {
        this.set({ region }, figures.operational_gco2e + figures.embodied_gco2e);
      }
    },
  });
  new Gauge({
    name: METRIC_NAMES.apiFleetCost,
    help: 'Cost of the windows read from the energy topic per region, in US dollars.',
    labelNames: regionLabel,
    registers,
    collect() {
      this.reset();
      for (const [region, figures] of state.energy.regions()) {
        this.set({ region }, figures.cost_usd);
      }
    },
  });
  registerForecastGauges(registry, state);
  new Gauge({
    name: METRIC_NAMES.apiRegionIntensity,
    help: 'Latest observed grid carbon intensity per region, in grams CO2e per kWh.',
    labelNames: regionLabel,
    registers,
    collect() {
      this.reset();
      const nowMs = clock.now();
      for (const region of state.carbon.regions()) {
        const current = state.carbon.current(region, nowMs);
        if (current !== undefined) {
          this.set({ region }, current.intensity_g_per_kwh);
        }
      }
    },
  });
}

/** Fleet CPU utilization against its forecast, as ratios from 0 to 1 (Prometheus base unit). */
function registerForecastGauges(registry: Registry, state: ApiState): void {
  const registers = [registry];
  const accuracy = () => computeForecastAccuracy(state.energy, state.forecasts);
  function setRatio(gauge: Gauge, percent: number | null): void {
    gauge.reset();
    if (percent !== null) {
      gauge.set(percent / 100);
    }
  }
  new Gauge({
    name: METRIC_NAMES.apiFleetCpuUtilization,
    help: "Mean of each resource's latest window CPU utilization, as a ratio from 0 to 1.",
    registers,
    collect() {
      setRatio(this, accuracy().actual_percent);
    },
  });
  new Gauge({
    name: METRIC_NAMES.apiFleetCpuForecast,
    help: "Mean of each resource's newest shortest-horizon CPU forecast, as a ratio from 0 to 1.",
    registers,
    collect() {
      setRatio(this, accuracy().forecast_percent);
    },
  });
  new Gauge({
    name: METRIC_NAMES.apiForecastAbsoluteError,
    help: "Mean over resources of |forecast - actual| CPU utilization of each resource's newest forecast that came due, as a ratio.",
    registers,
    collect() {
      setRatio(this, accuracy().mean_absolute_error_percent);
    },
  });
}
