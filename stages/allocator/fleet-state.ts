import type { Carbon } from '../../schemas/definitions/carbon.js';
import type { Forecast } from '../../schemas/definitions/forecast.js';
import type {
  Ec2InstanceInventory,
  EksNodegroupInventory,
  Inventory,
} from '../../schemas/definitions/inventory.js';

const HOUR_MS = 3_600_000;

/** Capacity promised to a placed request, held until the forecast can reflect it. */
export interface Reservation {
  requestId: string;
  resourceId: string;
  region: string;
  cpuCores: number;
  memoryBytes: number;
  startMs: number;
  endMs: number;
  deferred: boolean;
}

/** One hour of grid intensity in a region. */
export interface CarbonHour {
  intensity: number;
  kind: 'observed' | 'forecast';
  modelVersion: string | null;
}

/**
 * The allocator's view of the fleet, materialized from the inventory, forecast and carbon topics
 * plus the reservations of its own decisions. Plain maps so the policy stays pure and testable.
 */
export interface FleetState {
  instances: Map<string, Ec2InstanceInventory>;
  nodegroups: Map<string, EksNodegroupInventory>;
  /** Latest forecast per resource id and metric, keyed `<resource id>|<metric>`. */
  forecasts: Map<string, Forecast>;
  /** Per region, per hour start (epoch ms), the observed and forecast intensities. */
  carbon: Map<string, Map<number, { observed?: CarbonHour; forecast?: CarbonHour }>>;
  reservations: Map<string, Reservation>;
}

export function createFleetState(): FleetState {
  return {
    instances: new Map(),
    nodegroups: new Map(),
    forecasts: new Map(),
    carbon: new Map(),
    reservations: new Map(),
  };
}

/** Applies one inventory record; a null value (tombstone) removes the resource. */
export function applyInventory(state: FleetState, key: string, value: Inventory | null): void {
  if (value === null) {
    state.instances.delete(key);
    state.nodegroups.delete(key);
    return;
  }
  if (value.resource_type === 'ec2_instance') {
    state.instances.set(value.resource_id, value);
  } else {
    state.nodegroups.set(value.resource_id, value);
  }
}

/** Keeps the most recently issued forecast of each resource and metric. */
export function applyForecast(state: FleetState, forecast: Forecast): void {
  const key = forecastKey(forecast.resource_id, forecast.metric);
  const current = state.forecasts.get(key);
  if (current === undefined || Date.parse(current.issued_at) <= Date.parse(forecast.issued_at)) {
    state.forecasts.set(key, forecast);
  }
}

/** Stores one hourly intensity; a later message for the same region, hour and kind replaces it. */
export function applyCarbon(state: FleetState, carbon: Carbon): void {
  let hours = state.carbon.get(carbon.region);
  if (hours === undefined) {
    hours = new Map();
    state.carbon.set(carbon.region, hours);
  }
  const hourMs = Math.floor(Date.parse(carbon.hour) / HOUR_MS) * HOUR_MS;
  const entry = hours.get(hourMs) ?? {};
  entry[carbon.kind] = {
    intensity: carbon.intensity_g_per_kwh,
    kind: carbon.kind,
    modelVersion: carbon.model_version,
  };
  hours.set(hourMs, entry);
}

export function forecastKey(resourceId: string, metric: string): string {
  return `${resourceId}|${metric}`;
}

/** Drops reservations that ended before `nowMs`, so held capacity does not grow without bound. */
export function expireReservations(state: FleetState, nowMs: number): void {
  for (const [id, reservation] of state.reservations) {
    if (reservation.endMs <= nowMs) {
      state.reservations.delete(id);
    }
  }
}

/** vCPUs of deferred work running in a region during the hour starting at `hourMs`. */
export function deferredCoresInHour(state: FleetState, region: string, hourMs: number): number {
  let cores = 0;
  for (const reservation of state.reservations.values()) {
    if (
      reservation.deferred &&
      reservation.region === region &&
      reservation.startMs < hourMs + HOUR_MS &&
      reservation.endMs > hourMs
    ) {
      cores += reservation.cpuCores;
    }
  }
  return cores;
}
