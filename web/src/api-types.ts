/// <reference lib="dom" />
// Shapes of the API responses the dashboard reads; GET /openapi.json holds the full schemas.

export interface Figures {
  resources: number;
  power_w: number;
  energy_wh: number;
  carbon_gco2e: number;
  cost_usd: number;
}

export interface RegionPoint {
  window_start: string;
  power_w: number;
  energy_wh: number;
  carbon_gco2e: number;
  cost_usd: number;
  intensity_g_per_kwh: number | null;
}

export interface FleetTrends {
  generated_at: string;
  fleet: Figures;
  regions: Array<{ region: string; totals: Figures; points: RegionPoint[] }>;
  utilization: Array<{
    resource_id: string;
    region: string;
    points: Array<{ window_start: string; cpu_utilization_percent: number }>;
  }>;
}

export interface PlacementTarget {
  kind: string;
  resource_id: string | null;
  instance_type: string;
  region: string;
  availability_zone: string | null;
}

export interface Decision {
  request_id: string;
  status: string;
  target: PlacementTarget | null;
  added_power_w: number | null;
  carbon_gco2e: number | null;
  cost_usd: number | null;
  reason: string;
  decided_at: string;
}

export interface Anomaly {
  resource_id: string;
  region: string;
  metric: string;
  window_end: string;
  observed: number;
  expected: number;
  score: number;
  severity: string;
}

export interface Forecast {
  resource_id: string;
  metric: string;
  horizon_s: number;
  target_time: string;
  mean: number;
  lower: number;
  upper: number;
  model_version: string;
}

export interface ResourceSummary {
  resource_id: string;
  region: string | null;
  forecast: Forecast | null;
}

export interface EnergyWindow {
  window_start: string;
  window_end: string;
  cpu_utilization_percent: number;
}
